using System.Diagnostics;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Canvass.Gateway.Apis;

/// <summary>Ingest of household screening reports.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports", PostReportsAsync)
            .WithName("PostReports")
            .WithSummary("Submit a batch of household screening reports (JSON array or application/x-ndjson).");
        return app;
    }

    private static async Task<IResult> PostReportsAsync(HttpContext http, ReportIngestor ingestor, IOptions<IngestOptions> options, CanvassMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var limits = options.Value;
        if (ReadFormat(http.Request.ContentType) is not { } ndjson)
        {
            return Problems.UnsupportedMediaType(http.Request.ContentType);
        }

        if (http.Request.ContentLength > limits.MaxBodyBytes)
        {
            return Problems.TooLarge($"The body is {http.Request.ContentLength} bytes; at most {limits.MaxBodyBytes} bytes are allowed. Split the batch.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBodyBytes + 1;
        }

        byte[] buffer;
        int length;
        try
        {
            (buffer, length) = await ReportBodyReader.ReadAsync(http.Request.Body, limits.MaxBodyBytes, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch.");
        }
        catch (ReportBodyException e)
        {
            return Problems.FromBody(e);
        }

        List<ReportDto> reports;
        try
        {
            reports = ReportBodyReader.Parse(buffer.AsSpan(0, length), ndjson, limits.MaxReports);
        }
        catch (ReportBodyException e)
        {
            return Problems.FromBody(e);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        IngestResponse response;
        try
        {
            response = await ingestor.IngestAsync(reports);
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

    /// <summary>true for NDJSON, false for a JSON array, null for anything else.</summary>
    private static bool? ReadFormat(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/json" or "text/json" => false,
            "application/x-ndjson" or "application/ndjson" => true,
            var other when other?.EndsWith("+json", StringComparison.Ordinal) == true => false,
            _ => null,
        };
    }
}
