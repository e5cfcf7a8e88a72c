namespace Canvass.Storage;

/// <summary>
/// The durable journal of site events, with snapshots that bound recovery. One interface, several backends
/// (SQLite, PostgreSQL, memory), chosen by configuration.
/// </summary>
public interface ISiteJournal
{
    /// <summary>The site's latest snapshot and every record after it; without <paramref name="withSnapshot"/>, every record.</summary>
    Task<SiteHistory> LoadAsync(string siteId, bool withSnapshot = true, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends records with consecutive sequence numbers; completes only once they are durable. Writes of many sites
    /// share one transaction. A sequence number that already exists fails with <see cref="JournalConflictException"/>
    /// and writes nothing of this call.
    /// </summary>
    Task AppendAsync(string siteId, IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="reportIds"/> the site's records from sequence <paramref name="fromSequence"/> on carry.
    /// For the few reports a site cannot tell apart from memory (see the grains' duplicate check); reads only the
    /// records from that sequence on, so its cost is bounded by the duplicate window, not by the site's history.
    /// </summary>
    Task<IReadOnlySet<string>> FindReportIdsAsync(string siteId, long fromSequence, IReadOnlyCollection<string> reportIds, CancellationToken cancellationToken = default);

    /// <summary>Stores a snapshot of the site as of <paramref name="sequence"/>, replacing an older one.</summary>
    Task SaveSnapshotAsync(string siteId, long sequence, byte[] snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes records acknowledged before <paramref name="acknowledgedBeforeUtcTicks"/> that their site's snapshot
    /// already covers (<c>Journal:Retention</c>); records after a site's snapshot always stay. Returns how many went.
    /// </summary>
    Task<long> CompactAsync(long acknowledgedBeforeUtcTicks, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many records of each site and kind were journaled (acknowledged) in (<paramref name="arrivedAfterUtcTicks"/>,
    /// <paramref name="arrivedUpToUtcTicks"/>] with a screening time before <paramref name="screenedBeforeUtcTicks"/>:
    /// what arrived late for a day. Kinds other than <paramref name="kinds"/> are not counted. Records compacted away
    /// (<c>Journal:Retention</c>) are not counted either.
    /// </summary>
    Task<IReadOnlyList<LateArrivals>> CountArrivedLateAsync(long screenedBeforeUtcTicks, long arrivedAfterUtcTicks, long arrivedUpToUtcTicks, IReadOnlyCollection<byte> kinds, CancellationToken cancellationToken = default);

    /// <summary>Throws unless the store answers; for readiness checks.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
