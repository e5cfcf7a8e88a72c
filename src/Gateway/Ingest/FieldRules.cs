namespace Canvass.Gateway.Ingest;

/// <summary>The checks every kind of report shares: ids that are short and printable, times that a clock could give.</summary>
internal static class FieldRules
{
    public const int MaxIdLength = 128;
    /// <summary>No observation is older: ticks near zero would read as "never reported" in a site's state.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Null when <paramref name="value"/> is a usable id, else why not.</summary>
    public static string? CheckId(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{name} is required.";
        }

        if (value.Length > MaxIdLength)
        {
            return $"{name} is longer than {MaxIdLength} characters.";
        }

        return HasControlCharacter(value) ? $"{name} contains a control character." : null;
    }

    /// <summary>The longest note or reason of care (a line for whoever brings it, not a record about a person).</summary>
    public const int MaxNoteLength = 200;

    /// <summary>Null when <paramref name="household"/> is a household number of <paramref name="site"/>, else why not.</summary>
    public static string? CheckHousehold(int? household, Registry.RegistryUnit site) => household switch
    {
        null => "household is required.",
        < 1 => $"household {household} is outside 1..{site.Households}, the registered households of site {site.Id}.",
        _ when household > site.Households => $"household {household} is outside 1..{site.Households}, the registered households of site {site.Id}.",
        _ => null,
    };

    /// <summary>Null when <paramref name="value"/> is absent or a short printable note, else why not.</summary>
    public static string? CheckNote(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxNoteLength)
        {
            return $"{name} is longer than {MaxNoteLength} characters.";
        }

        return HasControlCharacter(value) ? $"{name} contains a control character." : null;
    }

    /// <summary>Null when <paramref name="value"/> is a plausible time of observation, else why not.</summary>
    public static string? CheckTime(string name, DateTimeOffset? value, ReportTimeBounds bounds)
    {
        if (value is not { } time)
        {
            return $"{name} is required.";
        }

        if (time < Earliest)
        {
            // Ticks near zero would also read as "never reported" in a site's state.
            return $"{name} {time:O} is before {Earliest:yyyy-MM-dd}; check the device's clock.";
        }

        if (time < bounds.Earliest)
        {
            return $"{name} {time:O} is before {bounds.Earliest:O}, the earliest this deployment accepts ({(bounds.ScreeningStart - bounds.Earliest).TotalDays:0} days before its screening start, Gaps:ScreeningStart {bounds.ScreeningStart:O}; Ingest:PastWindow); check the device's clock.";
        }

        return time > bounds.Now + bounds.Skew
            ? $"{name} {time:O} is more than {bounds.Skew.TotalMinutes:0} minutes in the future (Ingest:FutureTolerance); check the device's clock."
            : null;
    }

    // A loop over the span: LINQ over a string allocates an enumerator per report on the ingest path.
    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text.AsSpan())
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
