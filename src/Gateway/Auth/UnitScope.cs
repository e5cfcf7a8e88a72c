using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Canvass.Registry;

namespace Canvass.Gateway.Auth;

/// <summary>
/// A token reaches the subtree of its <c>unit</c> claim. Anything outside it is answered exactly as an id the
/// registry does not hold, so that a token cannot learn which ids exist beyond its scope.
/// </summary>
public static class UnitScope
{
    /// <summary>The unit whose subtree the user reaches; null when the claim names no unit of the registry.</summary>
    public static RegistryUnit? ScopeOf(this UnitRegistry registry, ClaimsPrincipal user) =>
        user.FindFirstValue(CanvassClaims.Unit) is { } id && registry.TryGet(id, out var unit) ? unit : null;

    /// <summary>Whether the unit is in the subtree of <paramref name="scope"/> (the scope itself included).</summary>
    public static bool Contains(this RegistryUnit? scope, RegistryUnit unit)
    {
        for (var current = unit; scope is not null && current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Looks an id up as the user may see it: false both for ids not in the registry and for those outside the scope.</summary>
    public static bool TryGetVisible(this UnitRegistry registry, string id, ClaimsPrincipal user, [NotNullWhen(true)] out RegistryUnit? unit) =>
        registry.TryGetVisible(id, registry.ScopeOf(user), out unit);

    /// <summary>The same with the scope looked up once, for a loop over many ids.</summary>
    public static bool TryGetVisible(this UnitRegistry registry, string id, RegistryUnit? scope, [NotNullWhen(true)] out RegistryUnit? unit)
    {
        if (registry.TryGet(id, out unit) && scope.Contains(unit))
        {
            return true;
        }

        unit = null;
        return false;
    }
}
