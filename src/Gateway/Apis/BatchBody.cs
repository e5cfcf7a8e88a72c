using System.Text.Json.Serialization.Metadata;
using Canvass.Gateway.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Canvass.Gateway.Apis;

/// <summary>Reads a posted batch (a JSON array or NDJSON) within the ingest limits, or says why it cannot.</summary>
internal static class BatchBody
{
    /// <summary>The items, or the problem to answer with instead.</summary>
    public static async Task<(List<T>? Items, IResult? Problem)> ReadAsync<T>(
        HttpContext http, IngestOptions limits, JsonTypeInfo<List<T>> array, JsonTypeInfo<T> item)
        where T : class
    {
        if (ReadFormat(http.Request.ContentType) is not { } ndjson)
        {
            return (null, Problems.UnsupportedMediaType(http.Request.ContentType));
        }

        if (http.Request.ContentLength > limits.MaxBodyBytes)
        {
            return (null, Problems.TooLarge($"The body is {http.Request.ContentLength} bytes; at most {limits.MaxBodyBytes} bytes are allowed. Split the batch."));
        }

        // Released when the response is done: the parsed batch lives as long as its body did.
        var reservation = http.RequestServices.GetRequiredService<IngestBudget>().Open();
        http.Response.RegisterForDispose(reservation);
        if (http.Request.ContentLength is { } declared && !reservation.TryGrow(declared))
        {
            return (null, Busy(http));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBodyBytes + 1;
        }

        byte[] buffer;
        int length;
        try
        {
            // Without a Content-Length the body is counted by what it streams, a buffer's growth at a time.
            (buffer, length) = await ReportBodyReader.ReadAsync(http.Request.Body, limits.MaxBodyBytes, http.RequestAborted,
                http.Request.ContentLength is null ? reservation.TryGrow : null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch."));
        }
        catch (ReportBodyException e) when (e.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            return (null, Busy(http));
        }
        catch (ReportBodyException e)
        {
            return (null, Problems.FromBody(e));
        }

        try
        {
            return (ReportBodyReader.Parse(buffer.AsSpan(0, length), ndjson, limits.MaxReports, array, item), null);
        }
        catch (ReportBodyException e)
        {
            return (null, Problems.FromBody(e));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return Problems.Busy();
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
