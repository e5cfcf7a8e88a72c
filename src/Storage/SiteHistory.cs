namespace Canvass.Storage;

/// <summary>What a site recovers from: its latest snapshot (opaque to storage) and the records after it, in order.</summary>
public sealed record SiteHistory(long SnapshotSequence, byte[]? Snapshot, IReadOnlyList<JournalRecord> Records)
{
    public static SiteHistory Empty { get; } = new(0, null, []);

    /// <summary>The sequence number of the last event, 0 for a site with none.</summary>
    public long LastSequence => Records.Count > 0 ? Records[^1].Sequence : SnapshotSequence;
}
