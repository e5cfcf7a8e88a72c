using System.Reflection;
using System.Text.Json.Serialization;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// The wire names of a contract enum, for string members read from clients (see <c>WireEnumAttribute</c>): a wrong
/// name rejects its item with a message listing the right ones. <c>Unknown</c> is a reader's fallback, never valid input.
/// </summary>
internal static class WireValues<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.Name != "Unknown")
        .ToDictionary(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, f => (TEnum)f.GetValue(null)!, StringComparer.Ordinal);

    /// <summary>The valid names, comma separated, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", ByName.Keys);

    /// <summary>Why <paramref name="name"/>, which <see cref="TryParse"/> refused, is not a value of <paramref name="field"/>.</summary>
    public static string Refusal(string field, string? name) =>
        name is null ? $"{field} is required: one of {Names}." : $"{field} '{name}' is not one of {Names}.";

    public static bool TryParse(string? name, out TEnum value)
    {
        value = default;
        return name is not null && ByName.TryGetValue(name, out value);
    }
}
