using System.Collections.Concurrent;
using System.Net;

namespace Canvass.Gateway.Tests.Tracing;

/// <summary>One span as an OTLP collector receives it: ids in hex, as trace viewers show them.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Scope);

/// <summary>
/// A collector on loopback accepting OTLP/HTTP protobuf (<c>POST /v1/traces</c>), decoding just the span fields a
/// test asks about: what the host's real exporter sends, read off the wire.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly List<(Func<IReadOnlyCollection<ReceivedSpan>, bool> Done, TaskCompletionSource Seen)> _waits = [];

    public OtlpReceiver()
    {
        Port = Ports.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string TracesEndpoint => $"http://127.0.0.1:{Port}/v1/traces";

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans.ToArray();

    /// <summary>Waits until the spans received so far satisfy <paramref name="done"/>; fails with what arrived.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<ReceivedSpan>, bool> done, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (done(Spans))
            {
                return;
            }

            _waits.Add((done, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Spans received in {timeout}: {string.Join("; ", Spans.Select(s => $"{s.Name} [{s.Scope}] trace {s.TraceId}"))}");
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var accepted = context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces";
            if (accepted)
            {
                foreach (var span in OtlpTraceReader.Read(body.ToArray()))
                {
                    _spans.Enqueue(span);
                }
            }

            // An empty ExportTraceServiceResponse is a full success.
            context.Response.StatusCode = accepted ? 200 : 404;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            lock (_lock)
            {
                var spans = Spans;
                foreach (var wait in _waits.Where(w => w.Done(spans)).ToList())
                {
                    wait.Seen.TrySetResult();
                    _waits.Remove(wait);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }
}
