namespace Canvass.Storage;

/// <summary>What the journal promises about resends and how long it keeps events. Section <c>Journal</c>.</summary>
public sealed class JournalOptions
{
    /// <summary>
    /// How long after its acknowledgement a resent report is still answered <c>duplicate</c> (older resends change no
    /// figure either, but may be answered <c>accepted</c>). Default 14 days.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long events stay in the journal once a snapshot covers them; older ones are deleted and live on in the
    /// snapshots. At least <see cref="DuplicateWindow"/>. Default none: keep everything, the journal is the audit record.
    /// </summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often each silo looks for events past <see cref="Retention"/>. Default 1 hour.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromHours(1);
}
