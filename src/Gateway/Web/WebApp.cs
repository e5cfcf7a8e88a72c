using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Canvass.Gateway.Web;

/// <summary>
/// The web app: the pages and bundles that npm builds from src/Web into the output's <c>web/</c> folder
/// (src/Web/Web.targets). <c>/</c> is the index, <c>/wall</c> and <c>/console</c> the two views, <c>/service</c> the
/// care rounds page of service staff (their unit in <c>?unit=</c>). Bundles have hashed names and are cached for a year; pages are revalidated on every load, so a
/// new build reaches every screen at its next reload.
/// </summary>
public static partial class WebApp
{
    /// <summary>The folder, under the application folder, that holds the built web app.</summary>
    public const string Folder = "web";

    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, Folder);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            LogNotBuilt(app.Logger, root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets") ? Immutable : Revalidate,
        });
        MapPage(app, "/wall", Path.Combine(root, "wall.html"));
        MapPage(app, "/console", Path.Combine(root, "console.html"));
        MapPage(app, "/service", Path.Combine(root, "service.html"));
        MapPage(app, "/daily", Path.Combine(root, "daily.html"));
        MapPage(app, "/screen", Path.Combine(root, "screen.html"));
        return app;
    }

    private static void MapPage(WebApplication app, string path, string file) =>
        app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            var info = new FileInfo(file);
            context.Response.Headers.CacheControl = Revalidate;
            return Results.File(info.FullName, "text/html; charset=utf-8", lastModified: info.LastWriteTimeUtc,
                entityTag: new EntityTagHeaderValue($"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\""));
        }).ExcludeFromDescription();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web app is not in {Folder}: the gateway serves no pages (build with Node.js and npm on PATH)")]
    private static partial void LogNotBuilt(ILogger logger, string folder);
}
