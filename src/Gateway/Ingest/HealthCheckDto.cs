using Canvass.Gateway.Docs;

namespace Canvass.Gateway.Ingest;

/// <summary>A health check of a quarantined household, as posted; every member is optional here so that a missing one rejects only its item.</summary>
public sealed class HealthCheckDto
{
    /// <summary>Idempotency key within the site (at most 128 characters).</summary>
    public string? CheckId { get; set; }

    /// <summary>The household's site, a site id of the registry.</summary>
    public string? SiteId { get; set; }

    /// <summary>The household's number within the site; it must be under quarantine at <c>at</c>.</summary>
    public int? Household { get; set; }

    /// <summary>When the residents were checked, with an offset; the rules of <c>screenedAt</c>. A check meets the due times (<c>Care:CheckTimes</c>) around it.</summary>
    public DateTimeOffset? At { get; set; }

    /// <summary>One reading per resident checked (1 to 255); a fever raises a <c>finding</c> alert at once.</summary>
    public List<ReadingDto?>? Readings { get; set; }
}

/// <summary>One resident's reading: a status and optionally a temperature, nothing personal.</summary>
public sealed class ReadingDto
{
    [WireEnum(typeof(ReadingStatus))]
    public string? Status { get; set; }

    /// <summary>Degrees Celsius, 34 to 43, when taken.</summary>
    public double? Temperature { get; set; }
}
