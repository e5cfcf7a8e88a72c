using System.Text.Json.Serialization;

namespace Canvass.Contracts.Reports;

/// <summary>How late a unit's uploads came today (<c>GET /api/units/{id}/upload-lag</c>).</summary>
/// <param name="UnitId">The unit asked for.</param>
/// <param name="Date">Today, the registry's day.</param>
/// <param name="Subjects">One entry per submitting token subject that uploaded for the unit's sites today, the latest upload first.</param>
/// <param name="Sites">One entry per site of the unit that had uploads today, the latest upload first.</param>
/// <param name="Truncated">
/// True when the unit had more receipts today than one answer reads (<c>UploadLimits.MaxLagReceipts</c>): the figures
/// are then of the newest of them. Absent when false.
/// </param>
public sealed record UploadLagReport(
    string UnitId,
    DateOnly Date,
    IReadOnlyList<UploadLag> Subjects,
    IReadOnlyList<UploadLag> Sites,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Truncated = false);

/// <summary>
/// One sender's or one site's uploads today: how many, the latest, and the lag (arrival − observation time) of their
/// accepted items, in minutes.
/// </summary>
/// <param name="Subject">The token subject (in <see cref="UploadLagReport.Subjects"/>); absent on a site's entry.</param>
/// <param name="SiteId">The site (in <see cref="UploadLagReport.Sites"/>); absent on a subject's entry.</param>
/// <param name="Uploads">Receipts with at least one item for the unit's sites (for a site: for that site).</param>
/// <param name="LastUploadAt">When the latest of them arrived (registry time).</param>
/// <param name="LagP50Minutes">The median lag of the accepted items; absent when none was accepted (only duplicates).</param>
/// <param name="LagP90Minutes">The 90th percentile of the same lags.</param>
public sealed record UploadLag(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiteId,
    int Uploads,
    DateTimeOffset LastUploadAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? LagP50Minutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? LagP90Minutes);
