namespace Canvass.Gateway.Auth;

/// <summary>The roles a token names in its <c>role</c> claim. Each reaches only the subtree of its <c>unit</c> claim.</summary>
public static class Roles
{
    /// <summary>Submits household and checkpoint reports for the sites below its unit.</summary>
    public const string Screener = "screener";

    /// <summary>Reads, acknowledges alerts and marks case places within its unit.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Reads and follows within its unit: a wall display.</summary>
    public const string Display = "display";

    /// <summary>A partner system: reads, follows and registers webhooks within its unit.</summary>
    public const string Partner = "partner";

    /// <summary>
    /// Property management staff and volunteers of a site or community: they see its open care requests and due
    /// health checks, accept, deliver and record checks, and nothing else (no summaries, no households, no hub).
    /// </summary>
    public const string Service = "service";

    /// <summary>The operator: everything within its unit, tokens included; not rate limited.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Screener, Supervisor, Display, Partner, Service, Admin];

    /// <summary>
    /// Whether a token of role <paramref name="minter"/> may mint one of <paramref name="role"/>: an admin any role,
    /// no other role any (minting needs the tokens permission, which only admin has; this holds should that change).
    /// </summary>
    public static bool MayGrant(string minter, string role) => minter == Admin && All.Contains(role);
}
