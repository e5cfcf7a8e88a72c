using System.Diagnostics;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Apis;

/// <summary>Ingest of household screening reports and of checkpoint (closed-management) reports.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports", PostReportsAsync)
            .WithName("PostReports")
            .WithSummary("Submit a batch of household screening reports (JSON array or application/x-ndjson).");
        app.MapPost("/api/checkpoints", PostCheckpointsAsync)
            .WithName("PostCheckpoints")
            .WithSummary("Submit a batch of checkpoint reports: is each site closed, is its entrance staffed, how many temperature checks.");
        return app;
    }

    private static async Task<IResult> PostReportsAsync(HttpContext http, ReportIngestor ingestor, IOptions<IngestOptions> options, CanvassMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (reports, problem) = await BatchBody.ReadAsync(http, options.Value, WireJson.Context.ListReportDto, WireJson.Context.ReportDto);
        if (problem is not null)
        {
            return problem;
        }

        return await AcknowledgeAsync(http, () => ingestor.IngestAsync(reports!), metrics, started);
    }

    private static async Task<IResult> PostCheckpointsAsync(HttpContext http, CheckpointIngestor ingestor, IOptions<IngestOptions> options, CanvassMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var (reports, problem) = await BatchBody.ReadAsync(http, options.Value, WireJson.Context.ListCheckpointDto, WireJson.Context.CheckpointDto);
        if (problem is not null)
        {
            return problem;
        }

        return await AcknowledgeAsync(http, () => ingestor.IngestAsync(reports!), metrics, started);
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
}
