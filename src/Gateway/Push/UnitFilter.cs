using System.Globalization;
using Canvass.Abstractions.Units;

namespace Canvass.Gateway.Push;

/// <summary>What a subscriber wants to hear about: which changes of a unit are worth a push.</summary>
public enum UnitFilterKind
{
    /// <summary>Every change.</summary>
    All,

    /// <summary>Screened, absent or refused households, or residents by status, changed.</summary>
    StatusCounts,

    /// <summary>Open, unacknowledged or escalated alerts changed.</summary>
    Alerts,

    /// <summary>Coverage crossed one of the thresholds, in either direction.</summary>
    Coverage,
}

/// <summary>
/// A subscriber's filter, decided per unit against the last summary sent to that subscriber (not against the
/// previous version), so that many small moves that together cross a threshold still produce a push.
/// </summary>
public sealed class UnitFilter
{
    /// <summary>Most thresholds one coverage filter may name.</summary>
    public const int MaxThresholds = 20;

    private readonly double[] _thresholds;

    private UnitFilter(UnitFilterKind kind, double[] thresholds)
    {
        Kind = kind;
        _thresholds = thresholds;
    }

    public static UnitFilter All { get; } = new(UnitFilterKind.All, []);

    public UnitFilterKind Kind { get; }

    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>Whether <paramref name="next"/> is worth sending to a subscriber that last got <paramref name="sent"/>.</summary>
    public bool Passes(UnitSummary sent, UnitSummary next) => Kind switch
    {
        UnitFilterKind.StatusCounts => sent.ScreenedHouseholds != next.ScreenedHouseholds
            || sent.AbsentHouseholds != next.AbsentHouseholds
            || sent.RefusedHouseholds != next.RefusedHouseholds
            || sent.Residents != next.Residents,
        UnitFilterKind.Alerts => sent.OpenAlerts != next.OpenAlerts
            || sent.UnacknowledgedAlerts != next.UnacknowledgedAlerts
            || sent.EscalatedAlerts != next.EscalatedAlerts,
        UnitFilterKind.Coverage => Band(sent.Coverage) != Band(next.Coverage),
        _ => true,
    };

    /// <summary>How many thresholds the coverage has reached: two coverages in different bands lie across one.</summary>
    private int Band(double coverage)
    {
        var band = 0;
        foreach (var threshold in _thresholds)
        {
            if (coverage >= threshold)
            {
                band++;
            }
        }

        return band;
    }

    /// <summary>
    /// Parses a filter as the hub and the stream name it: <c>all</c> (or nothing), <c>statusCounts</c>, <c>alerts</c>,
    /// or <c>coverage</c> with thresholds from 0 to 1. Returns null and says why when it is not one of those.
    /// </summary>
    public static UnitFilter? TryParse(string? kind, IReadOnlyList<double>? thresholds, out string error)
    {
        error = "";
        var parsed = kind switch
        {
            null or "" or "all" => UnitFilterKind.All,
            "statusCounts" => UnitFilterKind.StatusCounts,
            "alerts" => UnitFilterKind.Alerts,
            "coverage" => UnitFilterKind.Coverage,
            _ => (UnitFilterKind?)null,
        };
        if (parsed is not { } known)
        {
            error = $"filter '{kind}' is not one of all, statusCounts, alerts, coverage.";
            return null;
        }

        var values = thresholds ?? [];
        if (known != UnitFilterKind.Coverage)
        {
            if (values.Count > 0)
            {
                error = $"thresholds apply to the coverage filter only, not to '{kind}'.";
                return null;
            }

            return known == UnitFilterKind.All ? All : new UnitFilter(known, []);
        }

        if (values.Count is 0 or > MaxThresholds)
        {
            error = $"the coverage filter needs 1 to {MaxThresholds} thresholds (coverages from 0 to 1, such as 0.5 and 0.9).";
            return null;
        }

        foreach (var threshold in values)
        {
            if (!(threshold >= 0 && threshold <= 1))
            {
                error = $"threshold {threshold.ToString(CultureInfo.InvariantCulture)} is not a coverage from 0 to 1.";
                return null;
            }
        }

        return new UnitFilter(known, [.. values.Distinct().Order()]);
    }
}
