namespace Canvass.Bench.Wire;

/// <summary>The 200 reply to a batch. Only the first refusal's reason is kept, to explain rejections on screen.</summary>
public sealed record IngestReply(int Accepted, int Duplicates, int Rejected, IReadOnlyList<ItemResult>? Results);

/// <summary>One report's fate: accepted, duplicate or rejected (with a reason).</summary>
public sealed record ItemResult(string? ReportId, string? Status, string? Error);
