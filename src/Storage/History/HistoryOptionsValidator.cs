using Microsoft.Extensions.Options;

namespace Canvass.Storage.History;

/// <summary>Checks the <c>History</c> section; each failure names its setting.</summary>
public sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions o)
    {
        var failures = new List<string>();
        if (!(o.Interval > TimeSpan.Zero && o.Interval <= TimeSpan.FromHours(1) && TimeSpan.TicksPerHour % o.Interval.Ticks == 0))
        {
            failures.Add("History:Interval must be positive and divide an hour evenly (00:01:00, 00:00:30, 00:05:00...).");
        }

        if (!(o.FineRetention >= TimeSpan.Zero && o.CompactionInterval > TimeSpan.Zero))
        {
            failures.Add("History:FineRetention must not be negative and History:CompactionInterval must be positive.");
        }

        if (!(o.LateWindow > TimeSpan.Zero))
        {
            failures.Add("History:LateWindow must be positive (1.00:00:00, 12:00:00...).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
