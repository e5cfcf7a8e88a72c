using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Care;

/// <summary>
/// The clock arithmetic of care, in UTC ticks: the registry's local days, the due slots of health checks
/// (<c>Care:CheckTimes</c> on every local day) and which slot a check meets, and the deadline of each category.
/// </summary>
/// <remarks>
/// A check meets the slot whose window holds its time. Slot <c>d</c>'s window opens before <c>d</c> by the grace or
/// half the gap to the previous slot, whichever is less (a team may come a little early), and closes where the next
/// slot's opens; so the windows tile the day, and a check after <c>d + grace</c> but in the window counts as done late.
/// </remarks>
public sealed class CareRules
{
    private readonly long[] _times;
    private readonly long _offset;
    private readonly Dictionary<CareCategory, long> _deadlines = [];

    public CareRules(IOptions<CareOptions> options, UnitRegistry registry)
    {
        var o = options.Value;
        _times = o.EffectiveCheckTimes.Select(t => CareOptionsValidator.TryParseTime(t, out var s) ? s.Ticks : 0).Distinct().Order().ToArray();
        Grace = o.CheckGrace.Ticks;
        _offset = registry.UtcOffset.Ticks;
        foreach (var (name, deadline) in o.Deadlines)
        {
            if (CareOptionsValidator.CategoryOf(name) is { } category)
            {
                _deadlines[category] = deadline.Ticks;
            }
        }
    }

    /// <summary><c>Care:CheckGrace</c> in ticks.</summary>
    public long Grace { get; }

    /// <summary>How long a request of <paramref name="category"/> may take, in ticks (a category without one: a day).</summary>
    public long Deadline(CareCategory category) => _deadlines.GetValueOrDefault(category, TimeSpan.TicksPerDay);

    /// <summary>A UTC instant at the registry's offset, as the wire shows times.</summary>
    public DateTimeOffset Local(long utcTicks) => new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromTicks(_offset));

    /// <summary>The start of the local day holding <paramref name="utcTicks"/>.</summary>
    public long DayStart(long utcTicks)
    {
        var local = utcTicks + _offset;
        return local - local % TimeSpan.TicksPerDay - _offset;
    }

    /// <summary>The first local midnight after <paramref name="utcTicks"/>.</summary>
    public long NextMidnight(long utcTicks) => DayStart(utcTicks) + TimeSpan.TicksPerDay;

    /// <summary>Local midnights in (<paramref name="after"/>, <paramref name="until"/>].</summary>
    public long MidnightsBetween(long after, long until) =>
        until <= after ? 0 : (DayStart(until) - DayStart(after)) / TimeSpan.TicksPerDay;

    /// <summary>The first due slot at or after <paramref name="utcTicks"/>.</summary>
    public long SlotAtOrAfter(long utcTicks)
    {
        var day = DayStart(utcTicks);
        while (true)
        {
            foreach (var t in _times)
            {
                if (day + t >= utcTicks)
                {
                    return day + t;
                }
            }

            day += TimeSpan.TicksPerDay;
        }
    }

    /// <summary>The last due slot at or before <paramref name="utcTicks"/>.</summary>
    public long SlotAtOrBefore(long utcTicks)
    {
        var day = DayStart(utcTicks);
        while (true)
        {
            for (var i = _times.Length - 1; i >= 0; i--)
            {
                if (day + _times[i] <= utcTicks)
                {
                    return day + _times[i];
                }
            }

            day -= TimeSpan.TicksPerDay;
        }
    }

    /// <summary>When the window of <paramref name="slot"/> opens; see the remarks.</summary>
    public long WindowStart(long slot)
    {
        var previous = SlotAtOrBefore(slot - 1);
        return slot - Math.Min(Grace, (slot - previous) / 2);
    }

    /// <summary>The slot a check at <paramref name="utcTicks"/> meets.</summary>
    public long SlotOf(long utcTicks)
    {
        var next = SlotAtOrAfter(utcTicks);
        return utcTicks >= WindowStart(next) ? next : SlotAtOrBefore(utcTicks);
    }

    /// <summary>The slots in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    public IEnumerable<long> Slots(long from, long to)
    {
        for (var slot = SlotAtOrAfter(from); slot < to; slot = SlotAtOrAfter(slot + 1))
        {
            yield return slot;
        }
    }

    /// <summary>Instants in (<paramref name="after"/>, <paramref name="until"/>] at which some slot's grace runs out.</summary>
    public long GraceEndsBetween(long after, long until)
    {
        if (until <= after)
        {
            return 0;
        }

        // Whole days hold one per check time; the ends of the span are counted slot by slot.
        var whole = Math.Max(0, (until - after) / TimeSpan.TicksPerDay - 1);
        var from = after + whole * TimeSpan.TicksPerDay;
        long count = whole * _times.Length;
        foreach (var _ in Slots(from - Grace + 1, until - Grace + 1))
        {
            count++;
        }

        return count;
    }

    /// <summary>The first instant after <paramref name="utcTicks"/> at which some slot's grace runs out.</summary>
    public long NextGraceEnd(long utcTicks) => SlotAtOrAfter(utcTicks - Grace + 1) + Grace;
}
