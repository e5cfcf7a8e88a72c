using System.Globalization;
using Canvass.Registry;
using Canvass.Storage.History;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.DailyReports;

/// <summary>The clock arithmetic of daily reports: when a day's cut-off is, and when it may be frozen.</summary>
public sealed class DailyReportSchedule(UnitRegistry registry, IOptions<DailyReportsOptions> options, IOptions<HistoryOptions> history)
{
    private readonly TimeSpan _cutOff = ParseCutOff(options.Value.CutOff) ?? TimeSpan.FromDays(1);

    /// <summary>How long after a cut-off its report is frozen.</summary>
    public TimeSpan Settle => options.Value.Settle ?? 2 * history.Value.Interval;

    /// <summary>"HH:mm" from 00:00 to 24:00 as a time of day (24:00 is a whole day); null for anything else.</summary>
    public static TimeSpan? ParseCutOff(string? text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromDays(1);
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : null;
    }

    /// <summary>The instant a day's figures stand for, at the registry's offset.</summary>
    public DateTimeOffset CutOffOf(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), registry.UtcOffset) + _cutOff;

    /// <summary>The newest day whose report may be frozen at <paramref name="now"/> (its cut-off and settle passed).</summary>
    public DateOnly LatestDue(DateTimeOffset now)
    {
        var local = registry.ToLocal(now - Settle);
        var date = DateOnly.FromDateTime(local.DateTime);
        // At most two steps: a 24:00 cut-off of today lies tomorrow, a 00:00 one at today's start.
        while (CutOffOf(date) > local)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}
