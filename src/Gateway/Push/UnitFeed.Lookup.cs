using System.Security.Claims;
using Canvass.Gateway.Auth;
using Canvass.Registry;

namespace Canvass.Gateway.Push;

/// <summary>What a subscription asks for, looked up: the one place every way of subscribing resolves its unit ids.</summary>
public sealed partial class UnitFeed
{
    /// <summary>
    /// Looks the requested units up in the registry as the user may see them. Every way of subscribing (Subscribe,
    /// SubscribeMany, the event stream) passes here: a unit outside the token's scope is reported as unknown.
    /// </summary>
    public SubscriptionCheck Check(IEnumerable<UnitRequest?> requests, ClaimsPrincipal user)
    {
        var units = new Dictionary<string, Following>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var scope = registry.ScopeOf(user);
        foreach (var request in requests)
        {
            if (string.IsNullOrEmpty(request?.Id))
            {
                return SubscriptionCheck.Invalid("Every unit needs an id.");
            }

            if (!registry.TryGetVisible(request.Id, scope, out var unit))
            {
                unknown.Add(request.Id);
                continue;
            }

            units[unit.Id] = new Following(unit, request.Children || (units.TryGetValue(unit.Id, out var had) && had.Children));
        }

        if (units.Count == 0 && unknown.Count == 0)
        {
            return SubscriptionCheck.Invalid("Name at least one unit.");
        }

        var count = Followed(units.Values.Select(f => KeyValuePair.Create(f.Unit.Id, f.Children))).Count;
        return count > MaxUnits && unknown.Count == 0
            ? SubscriptionCheck.Invalid($"These units and their children are {count} units; one subscription follows at most {MaxUnits}.")
            : new SubscriptionCheck([.. units.Values], unknown, null);
    }

    internal static string UnknownUnits(IReadOnlyList<string> ids) => ids.Count == 1
        ? $"Unit '{ids[0]}' is not in the registry."
        : $"Units {string.Join(", ", ids.Select(id => $"'{id}'"))} are not in the registry.";
}

/// <summary>A registry unit a subscriber follows, with its children or not.</summary>
public readonly record struct Following(RegistryUnit Unit, bool Children);

/// <summary>Requested units looked up: those found, the ids not in the registry, or why the request is not valid.</summary>
public sealed record SubscriptionCheck(IReadOnlyList<Following> Units, IReadOnlyList<string> Unknown, string? Error)
{
    public static SubscriptionCheck Invalid(string error) => new([], [], error);
}
