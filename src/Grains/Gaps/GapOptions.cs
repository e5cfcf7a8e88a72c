namespace Canvass.Grains.Gaps;

/// <summary>When a site's facts become alerts, and when an alert nobody acknowledges escalates. Section <c>Gaps</c>.</summary>
/// <remarks>Staleness itself is <c>Rollup:StalePeriod</c>: a stale site is one gap among these.</remarks>
public sealed class GapOptions
{
    /// <summary>The share of registered households a site should have screened by <see cref="CoverageDeadline"/>. Default 0.9.</summary>
    public double CoverageTarget { get; set; } = 0.9;

    /// <summary>How long after its first report a site may stay below <see cref="CoverageTarget"/>. Default 48 h.</summary>
    public TimeSpan CoverageDeadline { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long a household found with fever or a suspected case may go without a follow-up report. Default 12 h.</summary>
    public TimeSpan FollowUpPeriod { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long an alert may go unacknowledged before it escalates one level, and each further level. Default 2 h.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// When screening started: a site never visited is a stale alert once <c>Rollup:StalePeriod</c> has passed since.
    /// Default: the deployment's first start, stored in the journal's store at that start and read by every silo and
    /// restart after. When set, it wins and replaces the stored one (silos started later without it use it too); set
    /// it so that those alerts are raised and escalate from the campaign's start.
    /// </summary>
    public DateTimeOffset? ScreeningStart { get; set; }
}
