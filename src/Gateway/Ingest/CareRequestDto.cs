using Canvass.Gateway.Docs;

namespace Canvass.Gateway.Ingest;

/// <summary>A household's need, as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class CareRequestDto
{
    /// <summary>Idempotency key within the site (at most 128 characters); the request's path id is <c>{siteId}~{careId}</c>.</summary>
    public string? CareId { get; set; }

    /// <summary>The household's site, a site id of the registry.</summary>
    public string? SiteId { get; set; }

    /// <summary>The household's number within the site (quarantined or not).</summary>
    public int? Household { get; set; }

    /// <summary>What is needed; sets the deadline (<c>Care:Deadlines</c>).</summary>
    [WireEnum(typeof(CareCategory))]
    public string? Category { get; set; }

    /// <summary>A short note for whoever brings it, at most 200 characters, no control characters; nothing personal.</summary>
    public string? Note { get; set; }

    /// <summary>When it was requested, with an offset (the rules of <c>screenedAt</c>); the time it arrived when absent.</summary>
    public DateTimeOffset? RequestedAt { get; set; }
}
