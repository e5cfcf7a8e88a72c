using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using Canvass.Abstractions.Screening;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Docs;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Gateway.Limits;
using Canvass.Registry;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Apis;

/// <summary>
/// Ingest of every report kind through one handler: household screening reports and checkpoint (closed-management)
/// reports. A new kind is an <see cref="IReportKind{TDto, TItem}"/> registered in the gateway's services and one
/// <see cref="MapIngest{TDto, TItem}"/> here with its documentation.
/// </summary>
public static class ReportsApi
{
    private const string Formats = "A JSON array (`application/json`), one report per line (`application/x-ndjson`) or CSV (`text/csv`, UTF-8 with or without a BOM: a header row naming the columns by their JSON names in any case and order, a list such as `residents` as `;`-separated entries, e.g. `normal;fever`, an entry's members separated by `:`, e.g. readings `normal:36.6;fever:38.2`; each result then carries its `row`, the header being row 1, and an error names its row and column), at most 10,000 reports and 8 MiB (`Ingest:MaxReports`, `Ingest:MaxBodyBytes`).";

    // The same for every kind: what each status means on an ingest route.
    private static readonly Dictionary<int, string> Responses = new()
    {
        [StatusCodes.Status200OK] = "One result per report, in the order posted, and the batch's `receiptId` (`GET /api/uploads/{id}`) when an item was accepted or a duplicate.",
        [StatusCodes.Status400BadRequest] = "The body does not parse; the detail names the line, byte and path.",
        [StatusCodes.Status413PayloadTooLarge] = "More reports or bytes than allowed: split the batch.",
        [StatusCodes.Status415UnsupportedMediaType] = "Another content type than JSON or NDJSON.",
        [StatusCodes.Status503ServiceUnavailable] = "Some reports or the batch's receipt could not be stored just now (a silo or the journal unavailable), or the gateway is reading as many report bytes as it may (`Ingest:MaxBytesInFlight`): resend the same batch after `Retry-After`.",
    };

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var limits = new IngestOptions();
        var ingest = app.MapGroup("/api").RequirePermission(Permissions.Submit).RequireWriteLimit();
        ingest.MapIngest<ReportDto, SiteReport>("/reports", "PostReports",
            "Submit a batch of household screening reports.",
            $"""
            {Formats} Each report is checked on its own: an unknown site, status or outcome, a household outside the
            site's 1..registered, a `screenedAt` more than 5 minutes ahead (or more than 30 days before the
            deployment's screening start, `Ingest:PastWindow`), a site outside the token's unit (refused exactly as an
            unknown one), or a missing field rejects that item only, with an `error`, and the rest still counts.
            `reportId` is an idempotency key per site, so a batch can be resent safely. A 200 reply means every
            `accepted` report has been applied by its site and stored.
            """,
            ApiExamples.Reports, ApiExamples.Ingested,
            BodyProblem.TooLarge($"The batch holds 12000 reports; at most {limits.MaxReports} are allowed. Split it."));
        ingest.MapIngest<CheckpointDto, CheckpointReport>("/checkpoints", "PostCheckpoints",
            "Submit a batch of checkpoint reports: is each site closed, is its entrance staffed, how many temperature checks.",
            $"""
            Closed management: each compound has one staffed entrance with temperature checks. {Formats} The same
            reply, idempotency (report ids are shared with the site's household reports) and per-item errors as
            `/api/reports`. `closed`, `staffed` and `temperatureChecks` are required. A site's newest report (by `at`)
            says whether it is closed and staffed now; an open or unstaffed site is an alert at once.
            """,
            ApiExamples.Checkpoints, ApiExamples.CheckpointsIngested,
            BodyProblem.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch."));
        MapCare(app, limits);
        return app;
    }

    /// <summary>The batches of home quarantine and care, each kind behind its own permission.</summary>
    private static void MapCare(IEndpointRouteBuilder app, IngestOptions limits)
    {
        const string Same = "The same reply, idempotency and per-item errors as `/api/reports`, with the id named for the kind.";
        const string PathId = "A quarantine's or request's path id, for its single steps and in the lists, is `{siteId}~{id}`.";
        var tooLarge = BodyProblem.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch.");
        app.MapGroup("/api").RequirePermission(Permissions.Quarantine).RequireWriteLimit()
            .MapIngest<QuarantineDto, Abstractions.Care.QuarantinePlacement>("/quarantines", "PostQuarantines",
            "Place households under home quarantine or key-area observation.",
            $"""
            {Formats} {Same} Each item names a household of a site, the `kind`, a `start` (the rules of `screenedAt`),
            a `plannedEnd` after it and the residents (1 to 255); nothing personal. A household already under an open
            quarantine with another id is rejected. From its start the household is due a health check at each of
            `Care:CheckTimes` (registry time). {PathId}
            """,
            CareExamples.Quarantines, CareExamples.QuarantinesIngested, tooLarge);
        app.MapGroup("/api").RequirePermission(Permissions.RecordChecks).RequireWriteLimit()
            .MapIngest<HealthCheckDto, Abstractions.Care.HealthCheck>("/health-checks", "PostHealthChecks",
            "Record health checks of quarantined households.",
            $"""
            {Formats} {Same} Each check names a household under quarantine at `at` and one reading per resident
            (`normal` or `fever`, a temperature of 34 to 43 °C when taken). A check meets the due times around it; a
            due time with no check within `Care:CheckGrace` raises a `checkMissed` alert, which the next check clears;
            a fever raises a `finding` at once.
            """,
            CareExamples.HealthChecks, CareExamples.HealthChecksIngested, tooLarge);
        app.MapGroup("/api").RequirePermission(Permissions.Care).RequireWriteLimit()
            .MapIngest<CareRequestDto, Abstractions.Care.CareRequestItem>("/care", "PostCare",
            "Request care for households: groceries, water, medicine, parcels, takeaway, waste.",
            $"""
            {Formats} {Same} Each request names a household of a site (quarantined or not), a `category`, an optional
            `note` (at most 200 characters) and an optional `requestedAt` (the arrival time when absent). A request not
            delivered within its category's deadline (`Care:Deadlines`) raises a `careOverdue` alert. {PathId}
            """,
            CareExamples.CareRequests, CareExamples.CareIngested, tooLarge);
    }

    /// <summary>The one ingest route of a report kind, with its OpenAPI text and examples.</summary>
    private static RouteHandlerBuilder MapIngest<TDto, TItem>(this RouteGroupBuilder group, string pattern, string name, string summary, string description,
        List<TDto> example, Contracts.Reports.IngestResult reply, BodyProblem tooLarge)
        where TDto : class =>
        group.MapPost(pattern, PostAsync<TDto, TItem>).WithName(name).WithTags("Ingest")
            .WithSummary(summary).WithDescription(description.ReplaceLineEndings(" "))
            .AcceptsExample(example, "application/json", "application/x-ndjson", "text/csv")
            .ProducesExample(reply)
            .ProducesProblemExample(Problems.FromBody(MalformedExample()))
            .ProducesProblemExample(Problems.FromBody(BatchReader.CharsetProblem("gbk")))
            .ProducesProblemExample(Problems.FromBody(tooLarge))
            .ProducesProblemExample(Problems.FromBody(BodyProblem.UnsupportedType("text/plain")))
            .ProducesProblemExample(Problems.Unavailable())
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var (status, text) in Responses)
                {
                    if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                        && response is OpenApiResponse concrete)
                    {
                        concrete.Description = text;
                    }
                }

                return Task.CompletedTask;
            });

    private static async Task<IResult> PostAsync<TDto, TItem>(HttpContext http, IReportKind<TDto, TItem> kind, IngestPipeline pipeline,
        UnitRegistry registry, IOptions<IngestOptions> options, CanvassMetrics metrics)
        where TDto : class
    {
        var started = Stopwatch.GetTimestamp();
        var batch = await BatchReader.ReadAsync(http, options.Value, kind.BatchType, kind.ItemType, kind.IdName);
        if (batch.Problem is { } problem)
        {
            return Problems.FromBody(http.Response, problem);
        }

        Contracts.Reports.IngestResult response;
        try
        {
            response = await pipeline.IngestAsync(kind, batch.Items!, registry.ScopeOf(http.User), http.User.FindFirstValue(CanvassClaims.Subject), batch.Csv,
                team: http.User.IsInRole(Roles.Screener));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // A site or its journal could not be reached (a silo died, storage is down): nothing unacknowledged is
            // lost, and resending the same batch is safe because report ids make it idempotent. A failed grain call
            // arrives as an exception; this is the one place it becomes an answer.
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
    private static BodyProblem MalformedExample()
    {
        var body = Encoding.UTF8.GetBytes("""[{"reportId":"r-20200203-w88-0001","siteId":"440304005021-001","household":"seventeen"}]""");
        return BatchReader.Parse(body, ndjson: false, 10, WireJson.Context.ListReportDto, WireJson.Context.ReportDto).Problem
            ?? throw new InvalidOperationException("The malformed example parsed.");
    }
}
