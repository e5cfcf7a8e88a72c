using System.Buffers.Binary;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Gaps;
using Canvass.Storage.History;

namespace Canvass.Grains.Screening;

/// <summary>
/// A site's state as bytes, for the journal's snapshots. Versioned: the first byte is the format.
/// <list type="bullet">
/// <item>Format 1: the households as flat arrays (times, outcomes, resident counts), then every report id seen.</item>
/// <item>Format 2: format 1, then the first report's time, the checkpoint state and the acknowledgements.</item>
/// <item>Format 3: the arrays, each household's report id hash, the first report's time, the checkpoint
/// state with its recent reports' id hashes, the acknowledgements and the duplicate marks. No report ids: its size is
/// the site's, however many reports it has had.</item>
/// <item>Format 4: format 3 with, in each acknowledgement, the subject of the token that made it (a format 3
/// acknowledgement reads without one).</item>
/// <item>Format 5: format 4, then the count of acknowledgements ever applied (the held ones are pruned
/// once cleared) and the care state (<see cref="Care.CareSnapshot"/>). Formats 1 to 4 read with no care, and with the
/// held acknowledgements as the count.</item>
/// <item>Format 6: format 5, then the screening timeline's rows (<see cref="ScreeningTimeline"/>): a count, then
/// each bucket's end (UTC ticks) and its household values (<see cref="ScreeningValues.HouseholdCount"/>). Formats 1
/// to 5 read with a timeline seeded from the held results (<see cref="SiteState.SeedTimeline"/>).</item>
/// <item>Format 7: format 6, then the silent teams (<see cref="Uploads.SilentTeams"/>). Formats 1 to 6 read with
/// none.</item>
/// <item>Format 8 (written now): format 7 with rows of every value (<see cref="ScreeningValues.Count"/>, the
/// checkpoint figures too), then the checkpoint timeline (<see cref="Checkpoints.CheckpointTimeline"/>). Formats 1 to
/// 7 read with a checkpoint timeline seeded from the newest checkpoint report and the recent checks
/// (<see cref="Checkpoints.CheckpointTimeline.Seed"/>).</item>
/// </list>
/// Pages never allocated are written as the zeros they stand for. Formats 1 and 2 still read: their id lists are
/// skipped, and the restored state asks the journal about every resend older than its time of restoring (see
/// <see cref="Read"/>).
/// </summary>
internal static class SiteSnapshot
{
    private const byte Format = 8;

    // The last format without the checkpoint figures by checkpoint time.
    private const byte SilencesFormat = 7;

    // The last format without silent teams.
    private const byte TimelineFormat = 6;

    // The last format without the screening timeline.
    private const byte CareFormat = 5;

    // The first format with the subject of an acknowledgement.
    private const byte SubjectFormat = 4;

    // The first format with report id hashes and duplicate marks.
    private const byte HashedFormat = 3;
    private const int HeaderBytes = 1 + 4 + 8;
    // Times, outcome, resident counts: the arrays every format starts with.
    private const int ArrayBytesPerHousehold = sizeof(long) + 1 + ResidentCounts.StatusCount;

    public static byte[] Write(SiteState state)
    {
        var pages = state.Pages;
        using var buffer = new MemoryStream(HeaderBytes + state.Households * HouseholdPage.BytesPerHousehold + 256);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Format);
            writer.Write(state.Households);
            writer.Write(state.EffectiveEvents);
            // Stands in for a page never allocated; the largest section of a page is its times.
            Span<byte> zeros = stackalloc byte[HouseholdPage.Size * sizeof(long)];
            zeros.Clear();
            for (var p = 0; p < pages.Length; p++)
            {
                WriteLongs(writer, pages[p]?.Ticks, state.PageLength(p), zeros);
            }

            for (var p = 0; p < pages.Length; p++)
            {
                var count = state.PageLength(p);
                writer.Write(pages[p] is { } page ? page.OutcomeBytes(count) : zeros[..count]);
            }

            for (var p = 0; p < pages.Length; p++)
            {
                var count = state.PageLength(p) * ResidentCounts.StatusCount;
                writer.Write(pages[p] is { } page ? page.Residents.AsSpan(0, count) : zeros[..count]);
            }

            for (var p = 0; p < pages.Length; p++)
            {
                WriteLongs(writer, pages[p]?.IdHashes, state.PageLength(p), zeros);
            }

            writer.Write(state.FirstReportUtcTicks);
            state.Checkpoints.Write(writer);
            writer.Write(state.Acknowledgements.Count);
            foreach (var ack in state.Acknowledgements)
            {
                writer.Write((byte)ack.Key.Kind);
                writer.Write(ack.Key.Household);
                writer.Write(ack.Key.FactUnixMs);
                writer.Write(ack.By);
                writer.Write(ack.Note);
                writer.Write(ack.AtUtcTicks);
                writer.Write(ack.Subject is not null);
                if (ack.Subject is not null)
                {
                    writer.Write(ack.Subject);
                }
            }

            state.Marks.Write(writer);
            writer.Write(state.AcknowledgementEvents);
            state.Care.Write(writer);
            state.Timeline.Write(writer);
            state.Silences.Write(writer);
            state.CheckpointTimeline.Write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Restores a snapshot. One taken for another number of households (the registry changed the site) is restored
    /// at its own size and then cut or extended to <paramref name="households"/>: the households that remain keep
    /// their results, which a journal compacted under <c>Journal:Retention</c> could no longer replay. A snapshot of
    /// format 1 or 2 knows no report id hashes or marks: the state counts everything before it as
    /// acknowledged at <paramref name="restoredAtUtcTicks"/>, so that for a whole duplicate window from then on a
    /// resend of any of it is looked up in the journal.
    /// </summary>
    public static SiteState Read(byte[] snapshot, int households, long restoredAtUtcTicks, HistoryOptions? history = null)
    {
        if (snapshot.Length < HeaderBytes)
        {
            throw new EndOfStreamException($"A site snapshot of {snapshot.Length} bytes is shorter than its header.");
        }

        var format = snapshot[0];
        if (format is not (1 or 2 or HashedFormat or SubjectFormat or CareFormat or TimelineFormat or SilencesFormat or Format))
        {
            throw new InvalidDataException($"Site snapshot format {format} is not known; this version reads formats 1 to {Format}.");
        }

        var stored = BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(1));
        if (stored < 0)
        {
            throw new InvalidDataException($"A site snapshot says it has {stored} households.");
        }

        var arrays = (long)stored * (format >= HashedFormat ? HouseholdPage.BytesPerHousehold : ArrayBytesPerHousehold);
        if (snapshot.Length < HeaderBytes + arrays + sizeof(int))
        {
            throw new EndOfStreamException($"A site snapshot of {snapshot.Length} bytes is too short for {stored} households.");
        }

        var state = new SiteState(stored, history) { EffectiveEvents = BinaryPrimitives.ReadInt64LittleEndian(snapshot.AsSpan(5)) };
        ReadPages(state, snapshot.AsSpan(HeaderBytes), withHashes: format >= HashedFormat);
        if (stored != households)
        {
            state = Resized(state, households, history);
        }

        using var reader = new BinaryReader(new MemoryStream(snapshot, (int)(HeaderBytes + arrays), (int)(snapshot.Length - HeaderBytes - arrays)));
        if (format < HashedFormat)
        {
            // The ids of formats 1 and 2: what they stood for is in the journal, which the marks below point to.
            var ids = reader.ReadInt32();
            for (var i = 0; i < ids; i++)
            {
                reader.ReadString();
            }

            state.Marks.Acknowledged(1, restoredAtUtcTicks);
        }

        state.Total();
        if (format >= 2)
        {
            state.FirstReportUtcTicks = reader.ReadInt64();
            state.Checkpoints.Read(reader, withHashes: format >= HashedFormat);
            var acknowledgements = reader.ReadInt32();
            for (var i = 0; i < acknowledgements; i++)
            {
                var key = new AlertKey((GapKind)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt64());
                var (by, note, at) = (reader.ReadString(), reader.ReadString(), reader.ReadInt64());
                var subject = format >= SubjectFormat && reader.ReadBoolean() ? reader.ReadString() : null;
                state.Restore(new AlertAcknowledged(key, by, note, at, subject));
            }
        }

        if (format >= HashedFormat)
        {
            state.Marks.Read(reader);
        }

        state.AcknowledgementEvents = state.AcknowledgementCount;
        if (format >= CareFormat)
        {
            state.AcknowledgementEvents = reader.ReadInt64();
            state.Care.Read(reader);
            // A snapshot of a site the registry since shrank: its care beyond the new size goes with its households.
            state.Care.DropBeyond(households);
        }

        if (format >= TimelineFormat)
        {
            state.Timeline.Read(reader, format >= Format ? ScreeningValues.Count : ScreeningValues.HouseholdCount);
        }
        else
        {
            state.SeedTimeline();
        }

        if (format >= SilencesFormat)
        {
            state.Silences.Read(reader);
        }

        if (format >= Format)
        {
            state.CheckpointTimeline.Read(reader);
        }
        else
        {
            // Formats 6 and 7 dropped the rows of final buckets once written: only from its oldest row on does the site
            // hold whole rows. Older formats seeded every row just now, so it holds them all.
            var whole = format >= TimelineFormat ? state.Timeline.OldestBucket ?? long.MaxValue : 0;
            state.CheckpointTimeline.Seed(state.Checkpoints, whole);
        }

        return state;
    }

    /// <summary>The same pages for the households both sizes have; totals are left to <see cref="SiteState.Total"/>.</summary>
    private static SiteState Resized(SiteState from, int households, HistoryOptions? history)
    {
        var to = new SiteState(households, history) { EffectiveEvents = from.EffectiveEvents };
        for (var p = 0; p < Math.Min(from.Pages.Length, to.Pages.Length); p++)
        {
            if (from.Pages[p] is not { } page)
            {
                continue;
            }

            // The last page kept may hold households the site no longer has: forget them.
            for (var slot = Math.Min(to.PageLength(p), from.PageLength(p)); slot < HouseholdPage.Size; slot++)
            {
                page.Ticks[slot] = 0;
                page.IdHashes[slot] = 0;
                page.Outcomes[slot] = 0;
                page.Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount).Clear();
            }

            to.Pages[p] = page;
        }

        return to;
    }

    private static void ReadPages(SiteState state, ReadOnlySpan<byte> arrays, bool withHashes)
    {
        var households = state.Households;
        var ticks = arrays[..(households * sizeof(long))];
        var outcomes = arrays.Slice(households * sizeof(long), households);
        var residents = arrays.Slice(households * (sizeof(long) + 1), households * ResidentCounts.StatusCount);
        var hashes = withHashes ? arrays.Slice(households * ArrayBytesPerHousehold, households * sizeof(long)) : default;
        for (var p = 0; p < state.Pages.Length; p++)
        {
            var first = p * HouseholdPage.Size;
            var count = state.PageLength(p);
            var pageTicks = ticks.Slice(first * sizeof(long), count * sizeof(long));
            if (pageTicks.IndexOfAnyExcept((byte)0) < 0)
            {
                // Nobody in this page was ever reported: it stays unallocated.
                continue;
            }

            var page = state.Pages[p] = new HouseholdPage();
            for (var i = 0; i < count; i++)
            {
                page.Ticks[i] = BinaryPrimitives.ReadInt64LittleEndian(pageTicks[(i * sizeof(long))..]);
                page.Outcomes[i] = (ScreeningOutcome)outcomes[first + i];
                if (withHashes)
                {
                    page.IdHashes[i] = BinaryPrimitives.ReadInt64LittleEndian(hashes[((first + i) * sizeof(long))..]);
                }
            }

            residents.Slice(first * ResidentCounts.StatusCount, count * ResidentCounts.StatusCount).CopyTo(page.Residents);
        }
    }

    private static void WriteLongs(BinaryWriter writer, long[]? values, int count, ReadOnlySpan<byte> zeros)
    {
        if (values is null)
        {
            writer.Write(zeros[..(count * sizeof(long))]);
            return;
        }

        foreach (var value in values.AsSpan(0, count))
        {
            writer.Write(value);
        }
    }
}
