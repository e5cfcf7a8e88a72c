using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Limits;
using Canvass.Registry;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Apis;

/// <summary>Ingest of household screening reports and of checkpoint (closed-management) reports.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var limits = new IngestOptions();
        var ingest = app.MapGroup("/api").RequirePermission(Permissions.Submit).RequireWriteLimit();
        ingest.MapPost("/reports", PostReportsAsync).WithName("PostReports").WithTags("Ingest")
            .AcceptsExample(ApiExamples.Reports, "application/json", "application/x-ndjson")
            .ProducesExample(ApiExamples.Ingested)
            .ProducesProblemExample(MalformedExample())
            .ProducesProblemExample(Problems.TooLarge($"The batch holds 12000 reports; at most {limits.MaxReports} are allowed. Split it."))
            .ProducesProblemExample(Problems.UnsupportedMediaType("text/plain"))
            .ProducesProblemExample(Problems.Unavailable());
        ingest.MapPost("/checkpoints", PostCheckpointsAsync).WithName("PostCheckpoints").WithTags("Ingest")
            .AcceptsExample(ApiExamples.Checkpoints, "application/json", "application/x-ndjson")
            .ProducesExample(ApiExamples.CheckpointsIngested)
            .ProducesProblemExample(MalformedExample())
            .ProducesProblemExample(Problems.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch."))
            .ProducesProblemExample(Problems.UnsupportedMediaType("text/plain"))
            .ProducesProblemExample(Problems.Unavailable());
        return app;
    }

    /// <summary>Submit a batch of household screening reports.</summary>
    /// <remarks>
    /// A JSON array (`application/json`) or one report per line (`application/x-ndjson`), at most 10,000 reports
    /// and 8 MiB (`Ingest:MaxReports`, `Ingest:MaxBodyBytes`). Each report is checked on its own: an unknown site,
    /// status or outcome, a household outside the site's 1..registered, a `screenedAt` more than 5 minutes ahead
    /// (or before 2000), or a site outside the token's unit (refused exactly as an unknown one), or a missing field rejects that item only, with an `error`, and the rest still counts.
    /// `reportId` is an idempotency key per site, so a batch can be resent safely. A 200 reply means every
    /// `accepted` report has been applied by its site and stored.
    /// </remarks>
    /// <response code="200">One result per report, in the order posted.</response>
    /// <response code="400">The body does not parse; the detail names the line, byte and path.</response>
    /// <response code="413">More reports or bytes than allowed: split the batch.</response>
    /// <response code="415">Another content type than JSON or NDJSON.</response>
    /// <response code="503">Some reports could not be stored just now (a silo or the journal unavailable): resend the same batch after `Retry-After`.</response>
    internal static async Task<IResult> PostReportsAsync(HttpContext http, ReportIngestor ingestor, UnitRegistry registry, IOptions<IngestOptions> options, CanvassMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (reports, problem) = await BatchBody.ReadAsync(http, options.Value, WireJson.Context.ListReportDto, WireJson.Context.ReportDto);
        if (problem is not null)
        {
            return problem;
        }

        return await AcknowledgeAsync(http, () => ingestor.IngestAsync(reports!, registry.ScopeOf(http.User), http.User.FindFirstValue(CanvassClaims.Subject)), metrics, started);
    }

    /// <summary>Submit a batch of checkpoint reports: is each site closed, is its entrance staffed, how many temperature checks.</summary>
    /// <remarks>
    /// Closed management: each compound has one staffed entrance with temperature checks. A JSON array or NDJSON
    /// like `/api/reports`, with the same limits, reply, idempotency (report ids are shared with the site's
    /// household reports) and per-item errors. `closed`, `staffed` and `temperatureChecks` are required. A
    /// site's newest report (by `at`) says whether it is closed and staffed now; an open or unstaffed site is an
    /// alert at once.
    /// </remarks>
    /// <response code="200">One result per report, in the order posted.</response>
    /// <response code="400">The body does not parse; the detail names the line, byte and path.</response>
    /// <response code="413">More reports or bytes than allowed: split the batch.</response>
    /// <response code="415">Another content type than JSON or NDJSON.</response>
    /// <response code="503">Some reports could not be stored just now: resend the same batch after `Retry-After`.</response>
    internal static async Task<IResult> PostCheckpointsAsync(HttpContext http, CheckpointIngestor ingestor, UnitRegistry registry, IOptions<IngestOptions> options, CanvassMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (reports, problem) = await BatchBody.ReadAsync(http, options.Value, WireJson.Context.ListCheckpointDto, WireJson.Context.CheckpointDto);
        if (problem is not null)
        {
            return problem;
        }

        return await AcknowledgeAsync(http, () => ingestor.IngestAsync(reports!, registry.ScopeOf(http.User), http.User.FindFirstValue(CanvassClaims.Subject)), metrics, started);
    }

    private static async Task<IResult> AcknowledgeAsync(HttpContext http, Func<Task<IngestResponse>> ingest, CanvassMetrics metrics, long started)
    {
        IngestResponse response;
        try
        {
            response = await ingest();
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // A site or its journal could not be reached (a silo died, storage is down): nothing unacknowledged is
            // lost, and resending the same batch is safe because report ids make it idempotent.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReportsApi)).LogWarning(e, "A batch could not be applied");
            http.Response.Headers.RetryAfter = "1";
            return Problems.Unavailable();
        }

        metrics.ReportsAccepted.Add(response.Accepted);
        metrics.ReportsRejected.Add(response.Rejected);
        metrics.AckDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Results.Ok(response);
    }

    /// <summary>The problem a body that does not parse gets, from the real parser.</summary>
    private static IResult MalformedExample()
    {
        var body = Encoding.UTF8.GetBytes("""[{"reportId":"r-20200203-w88-0001","siteId":"440304005021-001","household":"seventeen"}]""");
        try
        {
            ReportBodyReader.Parse(body, ndjson: false, 10, WireJson.Context.ListReportDto, WireJson.Context.ReportDto);
        }
        catch (ReportBodyException e)
        {
            return Problems.FromBody(e);
        }

        throw new InvalidOperationException("The malformed example parsed.");
    }
}
