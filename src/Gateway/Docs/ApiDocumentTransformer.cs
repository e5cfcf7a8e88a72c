using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Docs;

/// <summary>
/// The document's title and introduction. Authentication, when it comes, adds its security scheme here
/// (<c>document.Components.SecuritySchemes</c>) and a requirement per operation.
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
                """,
        };
        return Task.CompletedTask;
    }
}
