using System.Buffers;
using System.Text.Json;
using Canvass.Bench.Wire;

namespace Canvass.Bench.Load;

/// <summary>
/// Serializes one batch into a buffer that is reused for the next one; safe because a sender waits for its reply
/// before it writes again.
/// </summary>
public sealed class BatchWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly Utf8JsonWriter _writer;

    public BatchWriter() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public ReadOnlyMemory<byte> Write(ReportSource source, int count, DateTimeOffset screenedAt)
    {
        Begin();
        for (var i = 0; i < count; i++)
        {
            ReportJson.Write(_writer, source.Next(screenedAt));
        }

        return End();
    }

    public ReadOnlyMemory<byte> Write(IReadOnlyList<Report> reports)
    {
        Begin();
        foreach (var report in reports)
        {
            ReportJson.Write(_writer, report);
        }

        return End();
    }

    public ReadOnlyMemory<byte> WriteOne(in Report report)
    {
        Begin();
        ReportJson.Write(_writer, report);
        return End();
    }

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartArray();
    }

    private ReadOnlyMemory<byte> End()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }
}
