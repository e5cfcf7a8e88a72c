namespace Canvass.Storage;

/// <summary>
/// The journal already holds a record with a sequence number being appended: another activation of the site wrote
/// first, or an earlier write whose outcome was unknown did commit. The writer must reload the site.
/// </summary>
public sealed class JournalConflictException(string siteId, long sequence, Exception? inner = null)
    : Exception($"Site {siteId} already has journal record {sequence}; reload the site before appending.", inner)
{
    public string SiteId { get; } = siteId;
}
