using Canvass.Grains.Screening;
using Canvass.Storage.History;

namespace Canvass.Grains.Tests;

/// <summary>
/// A site's snapshot in a format before the current one, cut from the current (8): it ends with the screening
/// timeline's rows (a count, then a bucket and every value each), the silent teams and the checkpoint timeline (21
/// bytes, then 17 a report). Format 7 is format 5 with the rows of household values only and the silent teams,
/// format 6 format 5 with those rows, format 5 has none of them.
/// </summary>
internal static class SnapshotFormats
{
    private const int RowBytes = sizeof(long) * (1 + ScreeningValues.Count);

    public static byte[] Older(SiteState state, byte format)
    {
        Assert.InRange(format, 5, 7);
        var current = state.ToSnapshot();
        Assert.Equal(8, current[0]);
        var silences = Silences(state);
        var start = current.Length - (21 + 17 * state.CheckpointTimeline.Count) - silences.Length - 4 - RowBytes * state.Timeline.Count;
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(current.AsSpan(0, start));
            if (format >= 6)
            {
                using var reader = new BinaryReader(new MemoryStream(current, start, current.Length - start));
                var count = reader.ReadInt32();
                writer.Write(count);
                for (var i = 0; i < count; i++)
                {
                    writer.Write(reader.ReadInt64());
                    for (var v = 0; v < ScreeningValues.Count; v++)
                    {
                        var value = reader.ReadInt64();
                        if (v < ScreeningValues.HouseholdCount)
                        {
                            writer.Write(value);
                        }
                    }
                }
            }

            if (format >= 7)
            {
                writer.Write(silences);
            }
        }

        var older = buffer.ToArray();
        older[0] = format;
        return older;
    }

    private static byte[] Silences(SiteState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            state.Silences.Write(writer);
        }

        return buffer.ToArray();
    }
}
