namespace Canvass.Gateway.Tests.Tracing;

/// <summary>
/// Reads spans out of an OTLP <c>ExportTraceServiceRequest</c> in protobuf wire format (opentelemetry-proto
/// trace/v1): resource_spans = 1 → scope_spans = 2 → scope = 1 (name = 1), spans = 2 → trace_id = 1, span_id = 2,
/// parent_span_id = 4, name = 5. Every other field is skipped by its wire type.
/// </summary>
internal static class OtlpTraceReader
{
    public static List<ReceivedSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans.Span, 2))
            {
                var scope = "";
                foreach (var s in Fields(scopeSpans.Span, 1))
                {
                    scope = Text(Fields(s.Span, 1).FirstOrDefault());
                }

                foreach (var span in Fields(scopeSpans.Span, 2))
                {
                    spans.Add(new ReceivedSpan(
                        Hex(Fields(span.Span, 1).FirstOrDefault()),
                        Hex(Fields(span.Span, 2).FirstOrDefault()),
                        Hex(Fields(span.Span, 4).FirstOrDefault()),
                        Text(Fields(span.Span, 5).FirstOrDefault()),
                        scope));
                }
            }
        }

        return spans;
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one message.</summary>
    private static List<ReadOnlyMemory<byte>> Fields(ReadOnlySpan<byte> message, int number)
    {
        var found = new List<ReadOnlyMemory<byte>>();
        var copy = message.ToArray();
        var at = 0;
        while (at < copy.Length)
        {
            var key = Varint(copy, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    Varint(copy, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = (int)Varint(copy, ref at);
                    if (field == number)
                    {
                        found.Add(copy.AsMemory(at, length));
                    }

                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"Wire type {wire} at byte {at} is not one OTLP uses.");
            }
        }

        return found;
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
