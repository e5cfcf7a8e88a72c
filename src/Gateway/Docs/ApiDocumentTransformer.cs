using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Docs;

/// <summary>
/// The document's title and introduction, and the bearer scheme that <see cref="SecurityTransformer"/> puts on each
/// operation needing a token.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Canvass API",
            Version = "v1",
            Description = """
                The live picture of door-to-door epidemic screening: reports in, exact figures out, for every unit of the
                registry (city → district → subdistrict → community → site). All JSON is camelCase with enums as strings;
                errors are `application/problem+json` with a `detail` that says what is wrong. Ids are division codes
                (`4403`, `440304`, `440304005`, `440304005021`) or site ids (`440304005021-001`). Live updates are pushed
                over the SignalR hub `/hubs/monitor` (see the README), not described here.

                Every operation but the public case-places list needs a bearer token (a JWT with `role` and `unit`
                claims), and reaches only the subtree of its unit: an id outside it answers exactly as an unknown one.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [SecurityTransformer.Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from the city's issuer, or in the embedded default: dotnet run --project src/Silo -- token --role display --unit 4403",
            },
        };
        return Task.CompletedTask;
    }
}
