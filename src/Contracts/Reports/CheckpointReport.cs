namespace Canvass.Contracts.Reports;

/// <summary>One report from a site's entrance under closed management, as <c>POST /api/checkpoints</c> takes it.</summary>
/// <param name="ReportId">Idempotency key, shared with the site's household reports.</param>
/// <param name="SiteId">The site (a compound or an urban village).</param>
/// <param name="At">When the entrance was observed; the newest report says whether the site is closed now.</param>
/// <param name="Closed">Whether the site is under closed management (one staffed entrance, the rest shut).</param>
/// <param name="Staffed">Whether the entrance is staffed.</param>
/// <param name="TemperatureChecks">Temperature checks since the previous report, 0..1,000,000.</param>
public sealed record CheckpointReport(string ReportId, string SiteId, DateTimeOffset At, bool Closed, bool Staffed, int TemperatureChecks);
