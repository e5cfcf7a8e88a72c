using Canvass.Gateway.Docs;

namespace Canvass.Gateway.Ingest;

/// <summary>A household placed under quarantine, as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class QuarantineDto
{
    /// <summary>Idempotency key within the site (at most 128 characters); the quarantine's path id is <c>{siteId}~{quarantineId}</c>.</summary>
    public string? QuarantineId { get; set; }

    /// <summary>The household's site, a site id of the registry.</summary>
    public string? SiteId { get; set; }

    /// <summary>The household's number within the site, from 1 to the site's registered households.</summary>
    public int? Household { get; set; }

    /// <summary>Why the household is sealed at home.</summary>
    [WireEnum(typeof(QuarantineKind))]
    public string? Kind { get; set; }

    /// <summary>When it began, with an offset; the rules of <c>screenedAt</c>.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>When it is planned to end, with an offset: after <c>start</c>, at most 366 days after it.</summary>
    public DateTimeOffset? PlannedEnd { get; set; }

    /// <summary>Residents under quarantine, 1 to 255; nothing personal.</summary>
    public int? Residents { get; set; }
}
