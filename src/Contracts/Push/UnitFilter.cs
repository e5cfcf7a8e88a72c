using System.Globalization;
using Canvass.Contracts.Units;

namespace Canvass.Contracts.Push;

/// <summary>Which changes of a unit are worth a frame.</summary>
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
/// A subscription's filter, decided per unit against the last summary sent (or raised) for that unit, not against
/// the previous version, so that many small moves that together cross a threshold still produce one. The server
/// filters what it sends with it; the client library raises changes with the same rule.
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

    /// <summary>Every change.</summary>
    public static UnitFilter All { get; } = new(UnitFilterKind.All, []);

    /// <summary>Only when screened, absent or refused households, or residents by status, change.</summary>
    public static UnitFilter StatusCounts { get; } = new(UnitFilterKind.StatusCounts, []);

    /// <summary>Only when open, unacknowledged or escalated alerts change.</summary>
    public static UnitFilter Alerts { get; } = new(UnitFilterKind.Alerts, []);

    public UnitFilterKind Kind { get; }

    /// <summary>The filter's name on the wire: <c>all</c>, <c>statusCounts</c>, <c>alerts</c> or <c>coverage</c>.</summary>
    public string Name => Kind switch
    {
        UnitFilterKind.StatusCounts => "statusCounts",
        UnitFilterKind.Alerts => "alerts",
        UnitFilterKind.Coverage => "coverage",
        _ => "all",
    };

    /// <summary>The coverage thresholds, ascending and distinct; empty for the other kinds.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>Only when coverage crosses one of <paramref name="thresholds"/> (0 to 1), in either direction.</summary>
    /// <exception cref="ArgumentException">Not 1 to <see cref="MaxThresholds"/> thresholds, or one outside 0..1.</exception>
    public static UnitFilter Coverage(params double[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return TryParse("coverage", thresholds, out var error) ?? throw new ArgumentException(error, nameof(thresholds));
    }

    /// <summary>
    /// Parses a filter as the hub, the stream and the client name it: <c>all</c> (or nothing), <c>statusCounts</c>,
    /// <c>alerts</c>, or <c>coverage</c> with thresholds from 0 to 1. Returns null and says why when it is not one of those.
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

            return known switch
            {
                UnitFilterKind.StatusCounts => StatusCounts,
                UnitFilterKind.Alerts => Alerts,
                _ => All,
            };
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

    /// <summary>Whether <paramref name="next"/> is worth a frame after <paramref name="sent"/> was sent (or raised).</summary>
    public bool Passes(UnitSummary sent, UnitSummary next)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(next);
        return Kind switch
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
    }

    public override string ToString() => _thresholds.Length == 0
        ? Name
        : $"{Name} {string.Join(", ", _thresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)))}";

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
}
