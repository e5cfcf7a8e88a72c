using System.Buffers.Binary;
using Canvass.Abstractions.Screening;
using Canvass.Grains.Checkpoints;
using Canvass.Grains.Gaps;

namespace Canvass.Grains.Screening;

/// <summary>
/// The latest report of each household of one site, indexed by household number, with running totals so that a
/// summary costs nothing to build. Household 1 is index 0.
/// </summary>
/// <remarks>
/// Households live in pages of <see cref="PageSize"/>, each allocated on its first report: a site that nobody has
/// reported on yet holds no household storage at all, and one that has a few reports holds a few pages. With the
/// national registry active (a million sites of hundreds of households each) whole arrays per site would take
/// about 10 GB before the first report.
/// </remarks>
public sealed class SiteState
{
    /// <summary>Households per page: 64 × (8 bytes of time + 1 of outcome + 7 of resident counts) = 1 KiB.</summary>
    public const int PageSize = 64;

    // Format 2 is format 1 followed by what alerts need: the first report's time, the checkpoint state, acknowledgements.
    private const byte SnapshotFormat = 2;
    private const int HeaderBytes = 1 + 4 + 8;

    private readonly Page?[] _pages;
    private readonly HashSet<string> _reportIds = new(StringComparer.Ordinal);
    private readonly long[] _residentTotals = new long[ResidentCounts.StatusCount];
    private readonly long[] _outcomeTotals = new long[4];
    // Households whose latest report found fever or a suspected case: few, and each may become an alert.
    private readonly HashSet<int> _findings = [];
    private readonly Dictionary<AlertKey, AlertAcknowledged> _acknowledgements = [];

    public SiteState(int households)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        Households = households;
        _pages = new Page?[(households + PageSize - 1) / PageSize];
    }

    public int Households { get; }

    /// <summary>Events that changed a household; reports older than the one held change nothing and are not counted.</summary>
    public long EffectiveEvents { get; private set; }

    /// <summary>The newest screenedAt of any report, in UTC ticks; 0 before the first.</summary>
    public long LastReportUtcTicks { get; private set; }

    /// <summary>The oldest screenedAt of any report ever applied (screening started here), UTC ticks; 0 before the first.</summary>
    public long FirstReportUtcTicks { get; private set; }

    public CheckpointState Checkpoints { get; } = new();

    /// <summary>Household numbers whose latest report found fever or a suspected case.</summary>
    public IReadOnlyCollection<int> Findings => _findings;

    /// <summary>Every event that changed the site: effective household reports, checkpoint reports, acknowledgements.</summary>
    public long Changes => EffectiveEvents + Checkpoints.Events + _acknowledgements.Count;

    public long Screened => _outcomeTotals[(int)ScreeningOutcome.Screened];
    public long Absent => _outcomeTotals[(int)ScreeningOutcome.Absent];
    public long Refused => _outcomeTotals[(int)ScreeningOutcome.Refused];

    public ResidentCounts Residents => ResidentCounts.From(_residentTotals);

    /// <summary>Pages of household storage allocated so far; each holds <see cref="PageSize"/> households.</summary>
    public int AllocatedPages => _pages.Count(p => p is not null);

    public bool HasSeen(string reportId) => _reportIds.Contains(reportId);

    /// <summary>Whether household <paramref name="household"/> (1-based) has any report.</summary>
    public bool IsReported(int household) => ReportedAt(household - 1) != 0;

    public ScreeningOutcome? OutcomeOf(int household) =>
        IsReported(household) ? _pages[(household - 1) / PageSize]!.Outcomes[(household - 1) % PageSize] : null;

    /// <summary>When household <paramref name="household"/> (1-based) was last reported, UTC ticks; 0 if never.</summary>
    public long ReportedAtTicks(int household) => ReportedAt(household - 1);

    public ResidentCounts? ResidentsOf(int household) =>
        IsReported(household) ? _pages[(household - 1) / PageSize]!.ResidentsAt((household - 1) % PageSize) : null;

    public bool TryGetAcknowledgement(AlertKey key, out AlertAcknowledged acknowledgement) =>
        _acknowledgements.TryGetValue(key, out acknowledgement!);

    /// <summary>Applies a checkpoint report; it always changes the site (its checks count, even when it is older).</summary>
    public void Apply(CheckpointReported e)
    {
        _reportIds.Add(e.ReportId);
        Checkpoints.Apply(e);
    }

    /// <summary>Applies an acknowledgement; false for an alert acknowledged before (the first one stands).</summary>
    public bool Apply(AlertAcknowledged e) => _acknowledgements.TryAdd(e.Key, e);

    /// <summary>Applies one event; returns whether the household's latest report changed.</summary>
    public bool Apply(HouseholdReported e)
    {
        _reportIds.Add(e.ReportId);
        FirstReportUtcTicks = FirstReportUtcTicks == 0 ? e.ScreenedAtUtcTicks : Math.Min(FirstReportUtcTicks, e.ScreenedAtUtcTicks);
        var index = e.Household - 1;
        if ((uint)index >= (uint)Households)
        {
            // Only on replay, after the registry shrank this site: the report is remembered, the household is gone.
            return false;
        }

        var page = _pages[index / PageSize];
        var slot = index % PageSize;
        if (e.ScreenedAtUtcTicks <= (page?.Ticks[slot] ?? 0))
        {
            // An older (or same-instant) report than the one held: the household keeps its latest result.
            return false;
        }

        page ??= _pages[index / PageSize] = new Page();
        if (page.Ticks[slot] != 0)
        {
            _outcomeTotals[(int)page.Outcomes[slot]]--;
            page.AddResidentsTo(slot, _residentTotals, -1);
        }

        page.Ticks[slot] = e.ScreenedAtUtcTicks;
        page.Outcomes[slot] = e.Outcome;
        _outcomeTotals[(int)e.Outcome]++;
        page.SetResidents(slot, e.Residents);
        page.AddResidentsTo(slot, _residentTotals, 1);
        if (page.HasFinding(slot))
        {
            _findings.Add(e.Household);
        }
        else
        {
            _findings.Remove(e.Household);
        }

        LastReportUtcTicks = Math.Max(LastReportUtcTicks, e.ScreenedAtUtcTicks);
        EffectiveEvents++;
        return true;
    }

    /// <summary>
    /// The whole state as bytes, for the journal's snapshots. Versioned: the first byte is the format. Format 1 is
    /// the households as flat arrays (times, outcomes, resident counts) followed by the report ids; pages never
    /// allocated are written as the zeros they stand for, so the format did not change with paging. Format 2 adds
    /// the first report's time, the checkpoint state and the acknowledgements; format 1 still reads.
    /// </summary>
    public byte[] ToSnapshot()
    {
        using var buffer = new MemoryStream(HeaderBytes + Households * Page.BytesPerHousehold + _reportIds.Count * 24);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(SnapshotFormat);
            writer.Write(Households);
            writer.Write(EffectiveEvents);
            // Stands in for a page never allocated; the largest section of a page is its times.
            Span<byte> zeros = stackalloc byte[PageSize * sizeof(long)];
            zeros.Clear();
            for (var p = 0; p < _pages.Length; p++)
            {
                var count = PageLength(p);
                if (_pages[p] is { } page)
                {
                    foreach (var ticks in page.Ticks.AsSpan(0, count))
                    {
                        writer.Write(ticks);
                    }
                }
                else
                {
                    writer.Write(zeros[..(count * sizeof(long))]);
                }
            }

            for (var p = 0; p < _pages.Length; p++)
            {
                var count = PageLength(p);
                writer.Write(_pages[p] is { } page ? page.OutcomeBytes(count) : zeros[..count]);
            }

            for (var p = 0; p < _pages.Length; p++)
            {
                var count = PageLength(p) * ResidentCounts.StatusCount;
                writer.Write(_pages[p] is { } page ? page.Residents.AsSpan(0, count) : zeros[..count]);
            }

            writer.Write(_reportIds.Count);
            foreach (var id in _reportIds)
            {
                writer.Write(id);
            }

            writer.Write(FirstReportUtcTicks);
            Checkpoints.Write(writer);
            writer.Write(_acknowledgements.Count);
            foreach (var ack in _acknowledgements.Values)
            {
                writer.Write((byte)ack.Key.Kind);
                writer.Write(ack.Key.Household);
                writer.Write(ack.Key.FactUnixMs);
                writer.Write(ack.By);
                writer.Write(ack.Note);
                writer.Write(ack.AtUtcTicks);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Restores a snapshot; null when it was taken for a different number of households (the registry changed).</summary>
    public static SiteState? FromSnapshot(byte[] snapshot, int households)
    {
        if (snapshot.Length < HeaderBytes)
        {
            throw new EndOfStreamException($"A site snapshot of {snapshot.Length} bytes is shorter than its header.");
        }

        var format = snapshot[0];
        if (format is not (1 or SnapshotFormat))
        {
            throw new InvalidDataException($"Site snapshot format {format} is not known; this version reads formats 1 and {SnapshotFormat}.");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(1)) != households)
        {
            return null;
        }

        var arrays = (long)households * Page.BytesPerHousehold;
        if (snapshot.Length < HeaderBytes + arrays + sizeof(int))
        {
            throw new EndOfStreamException($"A site snapshot of {snapshot.Length} bytes is too short for {households} households.");
        }

        var state = new SiteState(households) { EffectiveEvents = BinaryPrimitives.ReadInt64LittleEndian(snapshot.AsSpan(5)) };
        var ticks = snapshot.AsSpan(HeaderBytes, households * sizeof(long));
        var outcomes = snapshot.AsSpan(HeaderBytes + households * sizeof(long), households);
        var residents = snapshot.AsSpan(HeaderBytes + households * (sizeof(long) + 1), households * ResidentCounts.StatusCount);
        for (var p = 0; p < state._pages.Length; p++)
        {
            var first = p * PageSize;
            var count = state.PageLength(p);
            var pageTicks = ticks.Slice(first * sizeof(long), count * sizeof(long));
            if (pageTicks.IndexOfAnyExcept((byte)0) < 0)
            {
                // Nobody in this page was ever reported: it stays unallocated.
                continue;
            }

            var page = state._pages[p] = new Page();
            for (var i = 0; i < count; i++)
            {
                page.Ticks[i] = BinaryPrimitives.ReadInt64LittleEndian(pageTicks[(i * sizeof(long))..]);
            }

            for (var i = 0; i < count; i++)
            {
                page.Outcomes[i] = (ScreeningOutcome)outcomes[first + i];
            }

            residents.Slice(first * ResidentCounts.StatusCount, count * ResidentCounts.StatusCount).CopyTo(page.Residents);
        }

        using var reader = new BinaryReader(new MemoryStream(snapshot, (int)(HeaderBytes + arrays), (int)(snapshot.Length - HeaderBytes - arrays)));
        var ids = reader.ReadInt32();
        state._reportIds.EnsureCapacity(ids);
        for (var i = 0; i < ids; i++)
        {
            state._reportIds.Add(reader.ReadString());
        }

        state.Total();
        if (format >= 2)
        {
            state.FirstReportUtcTicks = reader.ReadInt64();
            state.Checkpoints.Read(reader);
            var acknowledgements = reader.ReadInt32();
            for (var i = 0; i < acknowledgements; i++)
            {
                var key = new AlertKey((Abstractions.Gaps.GapKind)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt64());
                state._acknowledgements[key] = new AlertAcknowledged(key, reader.ReadString(), reader.ReadString(), reader.ReadInt64());
            }
        }

        return state;
    }

    private long ReportedAt(int index) => _pages[index / PageSize]?.Ticks[index % PageSize] ?? 0;

    /// <summary>Households in page <paramref name="p"/>: <see cref="PageSize"/>, fewer in the last.</summary>
    private int PageLength(int p) => Math.Min(PageSize, Households - p * PageSize);

    // Running totals are derived, so a snapshot does not store them.
    private void Total()
    {
        for (var p = 0; p < _pages.Length; p++)
        {
            if (_pages[p] is not { } page)
            {
                continue;
            }

            for (var slot = 0; slot < PageSize; slot++)
            {
                if (page.Ticks[slot] != 0)
                {
                    _outcomeTotals[(int)page.Outcomes[slot]]++;
                    page.AddResidentsTo(slot, _residentTotals, 1);
                    LastReportUtcTicks = Math.Max(LastReportUtcTicks, page.Ticks[slot]);
                    // Format 1 did not keep the first report's time: the oldest held is the best it knows.
                    FirstReportUtcTicks = FirstReportUtcTicks == 0 ? page.Ticks[slot] : Math.Min(FirstReportUtcTicks, page.Ticks[slot]);
                    if (page.HasFinding(slot))
                    {
                        _findings.Add(p * PageSize + slot + 1);
                    }
                }
            }
        }
    }

    /// <summary>The households of one page: report times, outcomes, and resident counts by status (one byte each).</summary>
    private sealed class Page
    {
        public const int BytesPerHousehold = sizeof(long) + 1 + ResidentCounts.StatusCount;

        public long[] Ticks { get; } = new long[PageSize];
        public ScreeningOutcome[] Outcomes { get; } = new ScreeningOutcome[PageSize];
        public byte[] Residents { get; } = new byte[PageSize * ResidentCounts.StatusCount];

        public ReadOnlySpan<byte> OutcomeBytes(int count) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Outcomes.AsSpan(0, count));

        public void SetResidents(int slot, ResidentCounts counts)
        {
            var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
            cell[0] = (byte)counts.Normal;
            cell[1] = (byte)counts.Fever;
            cell[2] = (byte)counts.KeyAreaObservation;
            cell[3] = (byte)counts.HomeQuarantine;
            cell[4] = (byte)counts.CentralQuarantine;
            cell[5] = (byte)counts.Suspected;
            cell[6] = (byte)counts.Confirmed;
        }

        public bool HasFinding(int slot) =>
            Residents[slot * ResidentCounts.StatusCount + (int)ResidentStatus.Fever] > 0
            || Residents[slot * ResidentCounts.StatusCount + (int)ResidentStatus.Suspected] > 0;

        public ResidentCounts ResidentsAt(int slot)
        {
            var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
            return new ResidentCounts(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5], cell[6]);
        }

        public void AddResidentsTo(int slot, long[] totals, int sign)
        {
            var cell = Residents.AsSpan(slot * ResidentCounts.StatusCount, ResidentCounts.StatusCount);
            for (var s = 0; s < cell.Length; s++)
            {
                totals[s] += sign * cell[s];
            }
        }
    }
}
