namespace Canvass.Storage;

/// <summary>What the journal promises about resends. Section <c>Journal</c>.</summary>
public sealed class JournalOptions
{
    /// <summary>
    /// How long after its acknowledgement a resent report is still answered <c>duplicate</c> (older resends change no
    /// figure either, but may be answered <c>accepted</c>). Default 14 days.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(14);
}
