using System.Globalization;
using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Care;

/// <summary>Checks the <c>Care</c> section; each failure names its setting, and stops the silo's start.</summary>
public sealed class CareOptionsValidator : IValidateOptions<CareOptions>
{
    public ValidateOptionsResult Validate(string? name, CareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures();
        var times = options.EffectiveCheckTimes;
        foreach (var time in times)
        {
            failures.Check(TryParseTime(time, out _), $"Care:CheckTimes has '{time}', which is not a time of day as HH:mm (00:00 to 23:59).");
        }

        var parsed = times.Select(t => TryParseTime(t, out var s) ? s : (TimeSpan?)null).Where(s => s is not null).ToList();
        failures.Check(parsed.Distinct().Count() == parsed.Count, "Care:CheckTimes names a time twice.");
        failures.Check(options.CheckGrace > TimeSpan.Zero && options.CheckGrace < TimeSpan.FromDays(1), "Care:CheckGrace must be positive and under a day.");
        foreach (var (category, deadline) in options.Deadlines)
        {
            failures.Check(CategoryOf(category) is not null, $"Care:Deadlines has '{category}', which is not a care category ({string.Join(", ", Categories)}).");
            failures.Check(deadline > TimeSpan.Zero, $"Care:Deadlines:{category} must be positive.");
        }

        foreach (var category in Categories)
        {
            failures.Check(options.Deadlines.ContainsKey(category), $"Care:Deadlines has no deadline for '{category}'.");
        }

        return failures.Result;
    }

    /// <summary>The wire names of the care categories.</summary>
    public static IEnumerable<string> Categories => WireEnumConverter<CareCategory>.WireNames;

    /// <summary>The category a wire name stands for; null for anything else.</summary>
    public static CareCategory? CategoryOf(string name) =>
        Enum.GetValues<CareCategory>().Where(c => c != CareCategory.Unknown)
            .Select(c => (CareCategory?)c).FirstOrDefault(c => string.Equals(WireName(c!.Value), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A time of day as <c>HH:mm</c>.</summary>
    public static bool TryParseTime(string? text, out TimeSpan time) =>
        TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);

    /// <summary>A category's wire name (<c>medicine</c>).</summary>
    public static string WireName(CareCategory category) =>
        System.Text.Json.JsonSerializer.Serialize(category, WireJsonOptions.Default).Trim('"');
}
