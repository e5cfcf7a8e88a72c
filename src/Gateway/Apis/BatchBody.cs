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
            return (null, Problems.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes. Split the batch."));
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
