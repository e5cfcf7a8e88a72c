using Canvass.Storage.History;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.DailyReports;

/// <summary>Checks the <c>DailyReports</c> section against <c>History:Interval</c>; each failure names its setting.</summary>
public sealed class DailyReportsOptionsValidator(IOptions<HistoryOptions> history) : IValidateOptions<DailyReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, DailyReportsOptions o)
    {
        var failures = new List<string>();
        var interval = history.Value.Interval;
        if (DailyReportSchedule.ParseCutOff(o.CutOff) is not { } cutOff)
        {
            failures.Add($"DailyReports:CutOff must be a time from 00:00 to 24:00 as HH:mm; '{o.CutOff}' is not.");
        }
        else if (interval > TimeSpan.Zero && cutOff.Ticks % interval.Ticks != 0)
        {
            failures.Add($"DailyReports:CutOff {o.CutOff} must fall on a History:Interval boundary ({interval}), where the history has a point.");
        }

        if (o.Settle is { } settle && settle < TimeSpan.Zero)
        {
            failures.Add("DailyReports:Settle must not be negative.");
        }

        if (o.CheckInterval <= TimeSpan.Zero)
        {
            failures.Add("DailyReports:CheckInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
