using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// Reads a posted batch of any report kind, a JSON array, NDJSON (one item per line) or CSV (<see cref="CsvBatch"/>),
/// within the ingest limits:
/// the content type, <see cref="IngestOptions.MaxBodyBytes"/>, the gateway's <see cref="IngestBudget"/> (reserved
/// before a byte is read when the length is declared, else as the body streams) and
/// <see cref="IngestOptions.MaxReports"/>. Every refusal is a <see cref="BodyProblem"/>, never an exception.
/// </summary>
public static class BatchReader
{
    /// <param name="idName">The kind's id member, so that a CSV row refused before the pipeline still names its id.</param>
    public static async Task<BatchRead<T>> ReadAsync<T>(HttpContext http, IngestOptions limits, JsonTypeInfo<List<T>> array, JsonTypeInfo<T> item, string? idName = null)
        where T : class
    {
        var request = http.Request;
        var (format, charset) = ReadFormat(request.ContentType);
        if (format is not { } kind)
        {
            return BodyProblem.UnsupportedType(request.ContentType);
        }

        if (kind == Format.Csv && !CsvBatch.IsUtf8(charset))
        {
            return CharsetProblem(charset);
        }

        if (request.ContentLength > limits.MaxBodyBytes)
        {
            return BodyProblem.TooLarge($"The body is {request.ContentLength} bytes; at most {limits.MaxBodyBytes} bytes are allowed. Split the batch.");
        }

        // Released when the response is done: the parsed batch lives as long as its body did.
        var reservation = http.RequestServices.GetRequiredService<IngestBudget>().Open();
        http.Response.RegisterForDispose(reservation);
        if (request.ContentLength is { } declared && !reservation.TryGrow(declared))
        {
            return BodyProblem.Busy;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBodyBytes + 1;
        }

        // Without a Content-Length the body is counted by what it streams, a buffer's growth at a time.
        var (buffer, length, problem) = await ReadBodyAsync(request.Body, limits.MaxBodyBytes, request.ContentLength is null ? reservation : null, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return kind == Format.Csv
                ? CsvBatch.Parse(buffer.AsSpan(0, length), limits.MaxReports, item, idName)
                : Parse(buffer.AsSpan(0, length), kind == Format.Ndjson, limits.MaxReports, array, item);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a whole body; a problem names the line, byte and path that do not parse.</summary>
    public static BatchRead<T> Parse<T>(ReadOnlySpan<byte> body, bool ndjson, int maxReports, JsonTypeInfo<List<T>> array, JsonTypeInfo<T> item)
        where T : class
    {
        var read = ndjson ? ParseLines(body, maxReports, item) : ParseArray(body, array);
        return read.Items is { } items && items.Count > maxReports
            ? BodyProblem.TooLarge($"The batch holds {items.Count} reports; at most {maxReports} are allowed. Split it.")
            : read;
    }

    private static BatchRead<T> ParseArray<T>(ReadOnlySpan<byte> body, JsonTypeInfo<List<T>> array)
        where T : class
    {
        List<T>? items;
        try
        {
            items = JsonSerializer.Deserialize(body, array);
        }
        catch (JsonException e)
        {
            // The parser's own failure, turned into a value at the boundary.
            return BodyProblem.Malformed(Describe(e, lineOffset: 0, arrayBody: true));
        }

        if (items is null)
        {
            return BodyProblem.Malformed("The body is 'null'; a JSON array of reports is expected.");
        }

        var missing = items.IndexOf(null!);
        return missing < 0 ? items : BodyProblem.Malformed($"Report {missing} is null.");
    }

    private static BatchRead<T> ParseLines<T>(ReadOnlySpan<byte> body, int maxReports, JsonTypeInfo<T> item)
        where T : class
    {
        var items = new List<T>();
        var line = 0;
        while (body.Length > 0)
        {
            line++;
            var end = body.IndexOf((byte)'\n');
            var text = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (text.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (items.Count == maxReports)
            {
                // No need to parse the rest to know the answer.
                return BodyProblem.TooLarge($"The batch holds more than {maxReports} reports; at most {maxReports} are allowed. Split it.");
            }

            T? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(text, item);
            }
            catch (JsonException e)
            {
                return BodyProblem.Malformed(Describe(e, lineOffset: line - 1, arrayBody: false));
            }

            if (parsed is null)
            {
                return BodyProblem.Malformed($"Line {line} is 'null'; one report object per line is expected.");
            }

            items.Add(parsed);
        }

        return items;
    }

    private static string Describe(JsonException e, int lineOffset, bool arrayBody)
    {
        var line = (e.LineNumber ?? 0) + 1 + lineOffset;
        var column = (e.BytePositionInLine ?? 0) + 1;
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var reason = e.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        if (cut > 0)
        {
            reason = reason[..cut];
        }

        if (reason.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            reason = path == "$"
                ? arrayBody ? "a JSON array of reports is expected" : "a JSON object (one report) is expected"
                : $"the value of '{path.TrimStart('$', '.')}' has the wrong type";
        }

        return $"The body does not parse at line {line}, byte {column} (path {path}): {reason.TrimEnd('.')}.";
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of a body into one pooled buffer (the caller returns it when there
    /// is no problem). <paramref name="budget"/>, when given, is grown before each read to what the body may reach.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length, BodyProblem? Problem)> ReadBodyAsync(
        Stream body, long limit, IngestBudget.Reservation? budget, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            if (budget is not null && !budget.TryGrow(Math.Min(buffer.Length, limit + 1)))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return ([], 0, BodyProblem.Busy);
            }

            int read;
            try
            {
                read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's own limit (MaxRequestBodySize, set just above ours) reached before ours.
                ArrayPool<byte>.Shared.Return(buffer);
                return ([], 0, TooLarge(limit));
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                return (buffer, length, null);
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return ([], 0, TooLarge(limit));
            }
        }
    }

    /// <summary>A CSV body declared in another encoding than UTF-8.</summary>
    public static BodyProblem CharsetProblem(string? charset) =>
        BodyProblem.Malformed($"The charset '{charset}' is not accepted: send CSV in UTF-8 (charset=utf-8, or none), with or without a byte order mark.");

    private static BodyProblem TooLarge(long limit) => BodyProblem.TooLarge($"The body is larger than {limit} bytes. Split the batch.");

    private enum Format
    {
        Json,
        Ndjson,
        Csv,
    }

    /// <summary>The body's format (null for a type not accepted) and its charset parameter, if any.</summary>
    private static (Format? Format, string? Charset) ReadFormat(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return (null, null);
        }

        Format? format = media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/json" or "text/json" => Format.Json,
            "application/x-ndjson" or "application/ndjson" => Format.Ndjson,
            "text/csv" => Format.Csv,
            var other when other?.EndsWith("+json", StringComparison.Ordinal) == true => Format.Json,
            _ => null,
        };
        return (format, media.Charset.HasValue ? media.Charset.Value : null);
    }
}
