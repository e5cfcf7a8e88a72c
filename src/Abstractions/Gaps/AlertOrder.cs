namespace Canvass.Abstractions.Gaps;

/// <summary>
/// Worst first: unacknowledged before acknowledged, further escalated first, then by kind (findings first, see
/// <see cref="GapKind"/>), then the oldest, then by id so that the order is stable.
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
            c = x.Kind.CompareTo(y.Kind);
        }

        if (c == 0)
        {
            c = x.RaisedAt.CompareTo(y.RaisedAt);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
