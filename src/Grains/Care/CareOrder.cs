namespace Canvass.Grains.Care;

/// <summary>How lists of quarantines and care requests rank, at a site and at every aggregate alike.</summary>
internal static class CareOrder
{
    /// <summary>A missed check or an overdue end first, then the soonest planned end, then by id so that the order is stable.</summary>
    public static Comparison<Quarantine> Quarantines { get; } = (x, y) =>
    {
        var c = (y.CheckMissed || y.Overdue).CompareTo(x.CheckMissed || x.Overdue);
        if (c == 0)
        {
            c = x.PlannedEnd.CompareTo(y.PlannedEnd);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    };

    /// <summary>Overdue first, then the oldest request, then by id so that the order is stable.</summary>
    public static Comparison<CareRequest> Requests { get; } = (x, y) =>
    {
        var c = y.Overdue.CompareTo(x.Overdue);
        if (c == 0)
        {
            c = x.RequestedAt.CompareTo(y.RequestedAt);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    };
}
