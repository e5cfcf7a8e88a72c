using Canvass.Gateway.Docs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Canvass.Gateway.Auth;

/// <summary>
/// The authorization policies, one per kind of access, each naming the roles that have it. Endpoints name a
/// policy, never a role, so that who may do what is read here in one place (and in the README's table).
/// </summary>
public static class Permissions
{
    public const string Submit = "submit";
    public const string Read = "read";

    /// <summary>Reads of single households (their numbers, times and residents' statuses), beyond the aggregates of <see cref="Read"/>.</summary>
    public const string ReadHouseholds = "read-households";

    /// <summary>Reads of upload receipts: those of <see cref="Read"/> and <see cref="Submit"/>, so a team reads back what it sent.</summary>
    public const string ReadUploads = "read-uploads";
    public const string Subscribe = "subscribe";
    public const string Acknowledge = "acknowledge";
    public const string MarkCasePlaces = "mark-case-places";
    public const string Webhooks = "webhooks";

    /// <summary>Placing a household under home quarantine, extending and ending it.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Recording the health checks of quarantined households.</summary>
    public const string RecordChecks = "record-checks";

    /// <summary>Requesting care and taking its steps (accept, deliver, cancel); the lists of care and quarantines.</summary>
    public const string Care = "care";
    public const string Tokens = "tokens";

    /// <summary>The operator's surfaces: the Orleans dashboard.</summary>
    public const string Operate = "operate";

    /// <summary>Each policy and the roles it admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Submit] = [Roles.Screener, Roles.Admin],
        [Read] = [Roles.Supervisor, Roles.Display, Roles.Partner, Roles.Admin],
        // Display and partner see aggregates only; a screener sees the households of the sites it works on.
        [ReadHouseholds] = [Roles.Supervisor, Roles.Screener, Roles.Admin],
        // Receipts and lag name the teams (token subjects), and a refusal's reason may name a household: not aggregates.
        [ReadUploads] = [Roles.Supervisor, Roles.Screener, Roles.Admin],
        [Subscribe] = [Roles.Supervisor, Roles.Display, Roles.Partner, Roles.Admin],
        [Acknowledge] = [Roles.Supervisor, Roles.Admin],
        [MarkCasePlaces] = [Roles.Supervisor, Roles.Admin],
        [Webhooks] = [Roles.Partner, Roles.Admin],
        [Quarantine] = [Roles.Supervisor, Roles.Screener, Roles.Admin],
        // Service staff record checks and bring care; they read none of Read, ReadHouseholds or Subscribe.
        [RecordChecks] = [Roles.Service, Roles.Supervisor, Roles.Screener, Roles.Admin],
        // Care and quarantine lists name households: display and partner see care only as summary counts.
        [Care] = [Roles.Service, Roles.Supervisor, Roles.Screener, Roles.Admin],
        [Tokens] = [Roles.Admin],
        [Operate] = [Roles.Admin],
    };

    /// <summary>Whether the signed-in <paramref name="user"/>'s role has <paramref name="permission"/>.</summary>
    public static bool Has(System.Security.Claims.ClaimsPrincipal user, string permission) => RolesOf[permission].Any(user.IsInRole);

    public static AuthorizationBuilder AddCanvassPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (policy, roles) in RolesOf)
        {
            // A token without a unit has no scope at all: it is refused everywhere rather than read as "everything".
            builder.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles).RequireClaim(CanvassClaims.Unit));
        }

        return builder;
    }

    /// <summary>Needs a token whose role has <paramref name="permission"/>; documents the 401 and 403 answers.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(permission).WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
            new ApiExample(StatusCodes.Status401Unauthorized, AuthProblems.NotSignedIn(AuthProblems.NoToken), typeof(ProblemDetails)),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]),
            new ApiExample(StatusCodes.Status403Forbidden, AuthProblems.NotAllowed(Roles.Display), typeof(ProblemDetails)));
}
