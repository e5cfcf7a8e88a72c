namespace Canvass.Storage.Uploads;

/// <summary>
/// A screening team's latest upload, one per subject: when it arrived and at which site, and whether the silence
/// sweep marked the team silent (at which site, since which upload). The mark outlives a newer upload until the sweep
/// has cleared the alert it stands for.
/// </summary>
public sealed record TeamUpload(string Subject, DateTimeOffset ReceivedAt, string SiteId, string? SilentSiteId = null, DateTimeOffset? SilentSince = null);
