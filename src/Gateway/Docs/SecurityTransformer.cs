using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Docs;

/// <summary>
/// Marks each operation that needs a token with the bearer scheme, names the policy it needs in its description,
/// and says what its 401, 403 and 429 answers mean.
/// </summary>
internal sealed class SecurityTransformer : IOpenApiOperationTransformer
{
    public const string Scheme = "bearer";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Description += "\n\nNo token needed.";
            Describe(operation, StatusCodes.Status429TooManyRequests, "This address is over its limit: retry after `Retry-After` seconds.");
            return Task.CompletedTask;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (policies.Count == 0)
        {
            return Task.CompletedTask;
        }

        var roles = policies.SelectMany(p => Auth.Permissions.RolesOf[p]).Distinct();
        operation.Description += $"\n\nNeeds a token with role {string.Join(", ", roles.Select(r => $"`{r}`"))}; it reaches only the token's unit.";
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        Describe(operation, StatusCodes.Status401Unauthorized, "No token, or one that expired or is not valid here.");
        Describe(operation, StatusCodes.Status403Forbidden, "The token's role may not do this.");
        Describe(operation, StatusCodes.Status429TooManyRequests, "This client is over its limit: retry after `Retry-After` seconds.");
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, int status, string description)
    {
        if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
            && response is OpenApiResponse concrete)
        {
            concrete.Description = description;
        }
    }
}
