namespace Canvass.Grains.Screening;

/// <summary>
/// Where in a site's journal each recent day of acknowledgements begins: (UTC day number, first sequence number
/// acknowledged that day or later). Lets a duplicate check read only the records of the duplicate window instead of
/// the site's whole history, at one entry per day of the window (about 15), however many reports those days held.
/// </summary>
public sealed class DuplicateMarks
{
    private readonly List<(int Day, long Sequence)> _marks = [];

    public IReadOnlyList<(int Day, long Sequence)> Entries => _marks;

    /// <summary>Notes that <paramref name="sequence"/> was acknowledged at <paramref name="atUtcTicks"/>; sequences come in order.</summary>
    public void Acknowledged(long sequence, long atUtcTicks)
    {
        var day = DayOf(atUtcTicks);
        if (_marks.Count == 0 || day > _marks[^1].Day)
        {
            _marks.Add((day, sequence));
        }
    }

    /// <summary>
    /// The first sequence number that may have been acknowledged at or after <paramref name="sinceUtcTicks"/>: the start
    /// of that day, or of the oldest day known when the window reaches further back. Drops the days before it.
    /// </summary>
    public long FirstSequenceSince(long sinceUtcTicks)
    {
        var day = DayOf(sinceUtcTicks);
        var keep = _marks.FindLastIndex(m => m.Day <= day);
        if (keep > 0)
        {
            _marks.RemoveRange(0, keep);
        }

        return _marks.Count == 0 ? long.MaxValue : _marks[0].Sequence;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_marks.Count);
        foreach (var (day, sequence) in _marks)
        {
            writer.Write(day);
            writer.Write(sequence);
        }
    }

    public void Read(BinaryReader reader)
    {
        _marks.Clear();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            _marks.Add((reader.ReadInt32(), reader.ReadInt64()));
        }
    }

    private static int DayOf(long utcTicks) => (int)(utcTicks / TimeSpan.TicksPerDay);
}
