using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Canvass.Gateway.Hosting;

namespace Canvass.Gateway.Ingest;

/// <summary>Reads a batch of reports (household or checkpoint) from a JSON array or from NDJSON (one report per line).</summary>
public static class ReportBodyReader
{
    /// <summary>Parses a whole body; throws <see cref="ReportBodyException"/> naming the line and field that do not parse.</summary>
    public static List<ReportDto> Parse(ReadOnlySpan<byte> body, bool ndjson, int maxReports) =>
        Parse(body, ndjson, maxReports, WireJson.Context.ListReportDto, WireJson.Context.ReportDto);

    /// <summary>The same for any item type: household reports, checkpoint reports.</summary>
    public static List<T> Parse<T>(ReadOnlySpan<byte> body, bool ndjson, int maxReports, JsonTypeInfo<List<T>> array, JsonTypeInfo<T> item)
        where T : class
    {
        var reports = ndjson ? ParseLines(body, maxReports, item) : ParseArray(body, array);
        return reports.Count > maxReports
            ? throw new ReportBodyException($"The batch holds {reports.Count} reports; at most {maxReports} are allowed. Split it.", StatusCodes.Status413PayloadTooLarge)
            : reports;
    }

    private static List<T> ParseArray<T>(ReadOnlySpan<byte> body, JsonTypeInfo<List<T>> array)
        where T : class
    {
        try
        {
            var reports = JsonSerializer.Deserialize(body, array);
            return reports is null
                ? throw new ReportBodyException("The body is 'null'; a JSON array of reports is expected.")
                : reports.Select((r, i) => r ?? throw new ReportBodyException($"Report {i} is null.")).ToList();
        }
        catch (JsonException e)
        {
            throw new ReportBodyException(Describe(e, lineOffset: 0, arrayBody: true));
        }
    }

    private static List<T> ParseLines<T>(ReadOnlySpan<byte> body, int maxReports, JsonTypeInfo<T> item)
        where T : class
    {
        var reports = new List<T>();
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

            if (reports.Count == maxReports)
            {
                // No need to parse the rest to know the answer.
                throw new ReportBodyException($"The batch holds more than {maxReports} reports; at most {maxReports} are allowed. Split it.", StatusCodes.Status413PayloadTooLarge);
            }

            try
            {
                reports.Add(JsonSerializer.Deserialize(text, item)
                    ?? throw new ReportBodyException($"Line {line} is 'null'; one report object per line is expected."));
            }
            catch (JsonException e)
            {
                throw new ReportBodyException(Describe(e, lineOffset: line - 1, arrayBody: false));
            }
        }

        return reports;
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

    /// <summary>What a request is told when the gateway holds as many ingest bytes as it may.</summary>
    public const string Busy = "This gateway is reading as many report bytes as it may at once (Ingest:MaxBytesInFlight); resend the same batch after Retry-After seconds.";

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of a body into one pooled buffer. <paramref name="admit"/>, when
    /// given, is asked before each read whether the body may grow to that many bytes; a no ends the read with a 503.
    /// </summary>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(Stream body, long limit, CancellationToken cancellationToken, Func<long, bool>? admit = null)
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

            if (admit is not null && !admit(Math.Min(buffer.Length, limit + 1)))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new ReportBodyException(Busy, StatusCodes.Status503ServiceUnavailable);
            }

            int read;
            try
            {
                read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new ReportBodyException($"The body is larger than {limit} bytes. Split the batch.", StatusCodes.Status413PayloadTooLarge);
            }
        }
    }
}
