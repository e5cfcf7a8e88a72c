using Canvass.Contracts.Units;

namespace Canvass.Contracts.DailyReports;

/// <summary>
/// A unit's daily situation report for <paramref name="Date"/>: its figures and its children's as the service had
/// received them at the day's cut-off, frozen then and never changed (a report screened before the cut-off but
/// uploaded after it counts in the next day's <paramref name="LateForPreviousDay"/>, never in this one).
/// </summary>
/// <param name="Date">The day the report covers (registry time).</param>
/// <param name="CutOff">The instant the figures stand for (the end of the day by default), at the registry's offset.</param>
/// <param name="PublishedAt">When it was frozen: the cut-off plus the settle time, or later if the service was down then.</param>
/// <param name="Unit">The unit's summary as of the cut-off.</param>
/// <param name="Children">Its children's summaries as of the cut-off, in registry order.</param>
/// <param name="LateForPreviousDay">What arrived during this day but was screened before the previous day's cut-off.</param>
public sealed record DailyReport(
    DateOnly Date,
    DateTimeOffset CutOff,
    DateTimeOffset PublishedAt,
    UnitSummary Unit,
    IReadOnlyList<UnitSummary> Children,
    LateArrivalCounts LateForPreviousDay);

/// <summary>
/// Reports of a unit's sites that arrived after the previous day's cut-off (and by this day's) with a screening time
/// (a checkpoint's <c>at</c>) before it: how far the previous day's published figures fell short.
/// </summary>
/// <param name="Households">Household reports.</param>
/// <param name="Checkpoints">Checkpoint reports.</param>
public sealed record LateArrivalCounts(long Households, long Checkpoints);

/// <summary>A published day, as listed by <c>GET /api/daily-reports</c>.</summary>
/// <param name="Date">The day.</param>
/// <param name="CutOff">The instant its figures stand for.</param>
/// <param name="PublishedAt">When it was frozen.</param>
public sealed record DailyReportDate(DateOnly Date, DateTimeOffset CutOff, DateTimeOffset PublishedAt);

/// <summary>The event pushed when a day's report is published: on a unit's event stream and to webhooks.</summary>
/// <param name="Date">The day.</param>
/// <param name="UnitId">The unit the event is about (the stream's or webhook's unit).</param>
/// <param name="Url">Where its report is read: <c>/api/daily-reports/{date}?unit={unitId}</c>.</param>
public sealed record DailyReportPublished(DateOnly Date, string UnitId, string Url)
{
    /// <summary>The event of a unit's report of a day, its <see cref="Url"/> made the one way both carriers use.</summary>
    public static DailyReportPublished Of(DateOnly date, string unitId) =>
        new(date, unitId, $"/api/daily-reports/{date:yyyy-MM-dd}?unit={Uri.EscapeDataString(unitId)}");
}

/// <summary>
/// A webhook's body for a published daily report: the members of <see cref="DailyReportPublished"/> after
/// <paramref name="Event"/>, always <see cref="EventName"/>, which a unit's summary (the other body) never has.
/// </summary>
/// <param name="Event"><c>dailyReport</c>; the header <c>X-Canvass-Event</c> says the same.</param>
/// <param name="Date">The day.</param>
/// <param name="UnitId">The webhook's unit the report is of (its children are in the report).</param>
/// <param name="Url">Where its report is read: <c>/api/daily-reports/{date}?unit={unitId}</c>.</param>
public sealed record DailyReportDelivery(string Event, DateOnly Date, string UnitId, string Url)
{
    public const string EventName = "dailyReport";

    public static DailyReportDelivery Of(DailyReportPublished published) =>
        new(EventName, published.Date, published.UnitId, published.Url);
}
