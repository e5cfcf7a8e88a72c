namespace Canvass.Grains.Care;

/// <summary>When quarantined households are due a health check, and how long care may take. Section <c>Care</c>.</summary>
public sealed class CareOptions
{
    /// <summary>The times of day (registry-local, <c>HH:mm</c>) each quarantined household is due a check, used while <see cref="CheckTimes"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultCheckTimes { get; } = ["08:00", "16:00"];

    /// <summary>
    /// The times of day, registry-local as <c>HH:mm</c>, at which each quarantined household is due a health check.
    /// Default (null) <see cref="DefaultCheckTimes"/>: 08:00 and 16:00. (Null rather than the list itself, because
    /// binding a list onto a default list appends to it.)
    /// </summary>
    public string[]? CheckTimes { get; set; }

    /// <summary>How long after its due time a check may arrive before a <c>checkMissed</c> alert is raised. Default 2 h.</summary>
    public TimeSpan CheckGrace { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long after its request each category of care may take before a <c>careOverdue</c> alert, keyed by the
    /// category's wire name. Defaults: medicine 2 h, water 4 h, groceries 6 h, takeaway 1 h, parcel 24 h, waste 12 h,
    /// other 24 h; a setting replaces its category's default only.
    /// </summary>
    public Dictionary<string, TimeSpan> Deadlines { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["medicine"] = TimeSpan.FromHours(2),
        ["water"] = TimeSpan.FromHours(4),
        ["groceries"] = TimeSpan.FromHours(6),
        ["takeaway"] = TimeSpan.FromHours(1),
        ["parcel"] = TimeSpan.FromHours(24),
        ["waste"] = TimeSpan.FromHours(12),
        ["other"] = TimeSpan.FromHours(24),
    };

    /// <summary>The check times in effect.</summary>
    public IReadOnlyList<string> EffectiveCheckTimes => CheckTimes is { Length: > 0 } times ? times : DefaultCheckTimes;
}
