using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace Canvass.Gateway.Docs;

/// <summary>
/// The REST API described with OpenAPI at <see cref="DocumentPath"/> and browsable at <see cref="UiPath"/>.
/// Summaries, descriptions and parameters come from the XML comments on each handler (and on the wire types), the
/// shapes and examples from the endpoint's <c>…Example</c> calls (<see cref="ApiExampleExtensions"/>).
/// </summary>
public static class ApiDocs
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the Scalar UI is served, from the package's embedded script (nothing from another host).</summary>
    public const string UiPath = "/docs";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        // The XML comment generator intercepts this call (a literal overload): keep it a plain AddOpenApi(options => …).
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddSchemaTransformer<WireSchemaTransformer>();
            options.AddOperationTransformer<ApiExampleTransformer>();
            options.AddOperationTransformer<SecurityTransformer>();
        });

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(UiPath, options => options
            .WithTitle("Canvass API")
            .AddDocument("v1", "Canvass API", DocumentPath)
            // Scalar's defaults reach its own servers: fonts from its CDN, telemetry, an AI agent, MCP, and a toolbar
            // offering its hosted services. The script is the package's embedded copy (BundleUrl left empty), served
            // under /docs/, so the page works on a network that reaches nothing but this host.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools());
        return app;
    }
}
