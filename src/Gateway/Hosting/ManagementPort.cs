using Canvass.Abstractions.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Keeps the management port and the public one apart, by the port a connection arrived on (not its Host header,
/// which the client writes): the management port answers /metrics and /health/* alone, the public port never /metrics.
/// </summary>
public sealed class ManagementPort(RequestDelegate next, ManagementPorts ports)
{
    public const string MetricsPath = "/metrics";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var management = ports.Contains(context.Connection.LocalPort);
        var allowed = management
            ? path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health")
            : !path.StartsWithSegments(MetricsPath);
        if (allowed)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

/// <summary>The ports of <see cref="ManagementOptions.Urls"/>.</summary>
public sealed class ManagementPorts(IReadOnlySet<int> ports)
{
    public bool Any => ports.Count > 0;

    public bool Contains(int port) => ports.Contains(port);

    /// <summary>
    /// Reads <c>Management:Urls</c> and, when set, binds Kestrel to them beside the public addresses (<c>urls</c>,
    /// else <c>http_ports</c>, else Kestrel's default).
    /// </summary>
    public static ManagementPorts Configure(WebApplicationBuilder builder)
    {
        // Kestrel's addresses are fixed while the host is composed: read checked now.
        var options = builder.Services.AddValidatedSection(builder.Configuration, ManagementOptions.Section, new ManagementOptionsValidator());
        var urls = Split(options.Urls);
        if (urls.Length == 0)
        {
            return new ManagementPorts(new HashSet<int>());
        }

        var publicUrls = Split(builder.Configuration["urls"]);
        if (publicUrls.Length == 0)
        {
            publicUrls = Split(builder.Configuration["http_ports"]).Select(p => $"http://*:{p}").ToArray() is { Length: > 0 } fromPorts
                ? fromPorts : ["http://localhost:5000"];
        }

        var ports = new HashSet<int>();
        foreach (var url in urls)
        {
            ports.Add(BindingAddress.Parse(url).Port);
        }

        if (publicUrls.Select(u => BindingAddress.Parse(u).Port).FirstOrDefault(ports.Contains) is var shared and > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ManagementOptions),
                [$"Management:Urls uses port {shared}, which the public addresses ({string.Join(";", publicUrls)}) use too: give it another."]);
        }

        builder.WebHost.UseUrls([.. publicUrls, .. urls]);
        return new ManagementPorts(ports);
    }

    private static string[] Split(string? value) => ManagementOptions.Split(value);
}
