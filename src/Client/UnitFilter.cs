using System.Globalization;
using Canvass.Client.Models;

namespace Canvass.Client;

/// <summary>
/// Which changes of a unit are worth raising, judged against the last summary raised for that unit (not the previous
/// version), so that many small moves that together cross a threshold still raise one. A server that has
/// <c>SubscribeMany</c> filters before sending; against an older one the client filters the same way itself.
/// </summary>
public sealed class UnitFilter
{
    /// <summary>Most thresholds one coverage filter may name (the server's limit).</summary>
    public const int MaxThresholds = 20;

    private readonly double[] _thresholds;

    private UnitFilter(string kind, double[] thresholds)
    {
        Kind = kind;
        _thresholds = thresholds;
    }

    /// <summary>Every change.</summary>
    public static UnitFilter All { get; } = new("all", []);

    /// <summary>Only when screened, absent or refused households, or residents by status, change.</summary>
    public static UnitFilter StatusCounts { get; } = new("statusCounts", []);

    /// <summary>Only when open, unacknowledged or escalated alerts change.</summary>
    public static UnitFilter Alerts { get; } = new("alerts", []);

    /// <summary>Only when coverage crosses one of <paramref name="thresholds"/> (0 to 1), in either direction.</summary>
    public static UnitFilter Coverage(params double[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Length is 0 or > MaxThresholds)
        {
            throw new ArgumentException($"A coverage filter needs 1 to {MaxThresholds} thresholds, such as 0.5 and 0.9.", nameof(thresholds));
        }

        foreach (var threshold in thresholds)
        {
            if (!(threshold >= 0 && threshold <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(thresholds), threshold.ToString(CultureInfo.InvariantCulture), "A threshold is a coverage from 0 to 1.");
            }
        }

        return new UnitFilter("coverage", [.. thresholds.Distinct().Order()]);
    }

    /// <summary>The filter's name on the wire: <c>all</c>, <c>statusCounts</c>, <c>alerts</c> or <c>coverage</c>.</summary>
    public string Kind { get; }

    /// <summary>The coverage thresholds, ascending; empty for the other kinds.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>Whether <paramref name="next"/> is worth raising after <paramref name="raised"/> was.</summary>
    public bool Passes(UnitSummary raised, UnitSummary next)
    {
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentNullException.ThrowIfNull(next);
        return Kind switch
        {
            "statusCounts" => raised.ScreenedHouseholds != next.ScreenedHouseholds
                || raised.AbsentHouseholds != next.AbsentHouseholds
                || raised.RefusedHouseholds != next.RefusedHouseholds
                || raised.Residents != next.Residents,
            "alerts" => raised.OpenAlerts != next.OpenAlerts
                || raised.UnacknowledgedAlerts != next.UnacknowledgedAlerts
                || raised.EscalatedAlerts != next.EscalatedAlerts,
            "coverage" => Band(raised.Coverage) != Band(next.Coverage),
            _ => true,
        };
    }

    public override string ToString() => _thresholds.Length == 0
        ? Kind
        : $"{Kind} {string.Join(", ", _thresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)))}";

    /// <summary>How many thresholds the coverage has reached: two coverages in different bands lie across one.</summary>
    private int Band(double coverage) => _thresholds.Count(t => coverage >= t);
}
