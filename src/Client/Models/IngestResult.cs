using System.Text.Json.Serialization;
using Canvass.Client.Json;

namespace Canvass.Client.Models;

/// <summary>The reply to a posted batch: counts, and one result per report in the order posted.</summary>
public sealed record IngestResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<ReportResult> Results);

/// <summary>What became of one report; <see cref="Error"/> says why a rejected one was refused.</summary>
public sealed record ReportResult(
    string? ReportId,
    ReportStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>What became of one submitted report.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ReportStatus>))]
public enum ReportStatus
{
    /// <summary>A status this version of the client does not know.</summary>
    Unknown = -1,

    /// <summary>Applied by its site (a report older than the household's current one is accepted and changes nothing).</summary>
    Accepted = 0,

    /// <summary>Its report id was seen before at this site; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>Invalid; <see cref="ReportResult.Error"/> says why.</summary>
    Rejected = 2,
}
