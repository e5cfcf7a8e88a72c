namespace Canvass.Abstractions.Gaps;

/// <summary>
/// Worst first: unacknowledged before acknowledged, further escalated first, then by kind (findings, overdue care,
/// missed checks, silent teams, then the site's gaps; see <see cref="Rank"/>), then the oldest, then by id so that the order is stable.
/// </summary>
public sealed class AlertOrder : IComparer<GapAlert>
{
    public static AlertOrder Instance { get; } = new();

    public int Compare(GapAlert? x, GapAlert? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = (x.Acknowledgement is not null).CompareTo(y.Acknowledgement is not null);
        if (c == 0)
        {
            c = y.Escalations.CompareTo(x.Escalations);
        }

        if (c == 0)
        {
            c = Rank(x.Kind).CompareTo(Rank(y.Kind));
        }

        if (c == 0)
        {
            c = x.RaisedAt.CompareTo(y.RaisedAt);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>
    /// Lower is worse. Kinds are numbered in the order they were added (the numbers are stored), so the ranking is its
    /// own table: a person's health first, then a sealed household left without care or checks, then a team out in the
    /// field that went silent (its work, and perhaps its people, unaccounted for), then the site's gaps.
    /// </summary>
    public static int Rank(GapKind kind) => kind switch
    {
        GapKind.Finding => 0,
        GapKind.CareOverdue => 1,
        GapKind.CheckMissed => 2,
        GapKind.TeamSilent => 3,
        GapKind.CheckpointOpen => 4,
        GapKind.CheckpointUnstaffed => 5,
        GapKind.Stale => 6,
        GapKind.LowCoverage => 7,
        _ => 8,
    };
}
