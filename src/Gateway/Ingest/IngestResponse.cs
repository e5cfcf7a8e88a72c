using Canvass.Abstractions.Screening;

namespace Canvass.Gateway.Ingest;

/// <summary>The reply to a batch: counts, and one result per report in the order posted.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<ItemResult> Results);

/// <summary>What became of one report; <see cref="Error"/> says why a rejected one was refused.</summary>
public sealed record ItemResult(string? ReportId, ReportStatus Status, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
