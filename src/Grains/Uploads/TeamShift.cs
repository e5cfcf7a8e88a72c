using System.Globalization;
using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Uploads;

/// <summary>
/// The clock arithmetic of silent teams, in UTC ticks: the shift (<c>Uploads:Shift</c> on every registry-local day)
/// an upload falls in, and when its team turns silent (<c>Uploads:SilentAfter</c> later, if its shift is still on).
/// </summary>
public sealed class TeamShift
{
    private readonly long _start;
    private readonly long _end;
    private readonly long _offset;

    public TeamShift(IOptions<UploadOptions> options, UnitRegistry registry)
    {
        var o = options.Value;
        var (start, end) = Parse(o.Shift) ?? throw new InvalidOperationException($"Uploads:Shift '{o.Shift}' is not a shift (see UploadOptionsValidator).");
        (_start, _end) = (start.Ticks, end.Ticks);
        SilentAfter = o.SilentAfter.Ticks;
        _offset = registry.UtcOffset.Ticks;
    }

    /// <summary><c>Uploads:SilentAfter</c> in ticks.</summary>
    public long SilentAfter { get; }

    /// <summary><c>HH:mm-HH:mm</c> as two times of day, the end after the start (<c>24:00</c>: the day's end); null for anything else.</summary>
    public static (TimeSpan Start, TimeSpan End)? Parse(string? text)
    {
        var parts = text?.Split('-');
        if (parts is not { Length: 2 } || !TryTime(parts[0], out var start) || start == TimeSpan.FromDays(1) || !TryTime(parts[1], out var end) || end <= start)
        {
            return null;
        }

        return (start, end);
    }

    /// <summary>
    /// When a team whose latest upload is at <paramref name="uploadUtcTicks"/> turns silent, and when that upload's
    /// shift ends (which clears it); null for an upload outside the shift, or too late in it to turn silent before its end.
    /// </summary>
    public (long SilentAt, long ShiftEnd)? Silence(long uploadUtcTicks)
    {
        var local = uploadUtcTicks + _offset;
        var day = local - local % TimeSpan.TicksPerDay - _offset;
        var time = uploadUtcTicks - day;
        if (time < _start || time >= _end || uploadUtcTicks + SilentAfter >= day + _end)
        {
            return null;
        }

        return (uploadUtcTicks + SilentAfter, day + _end);
    }

    private static bool TryTime(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = TimeSpan.FromDays(1);
            return true;
        }

        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);
    }
}
