using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Tests.Tracing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Canvass.Gateway.Tests;

/// <summary>The embedded host exporting its traces over OTLP/HTTP to a collector of the test's own, on loopback.</summary>
public sealed class TracingHostFixture : IAsyncLifetime
{
    public OtlpReceiver Collector { get; } = new();

    public EmbeddedHostFixture Host { get; }

    public TracingHostFixture()
    {
        Host = new Traced(Collector.TracesEndpoint);
    }

    public Task InitializeAsync() => Host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Collector.DisposeAsync();
    }

    private sealed class Traced(string endpoint) : EmbeddedHostFixture(
        [
            $"--Tracing:OtlpEndpoint={endpoint}",
            "--Tracing:OtlpProtocol=HttpProtobuf",
            // Export every 100 ms instead of every 5 s, so that a test waits on the spans, not on the batch timer.
            "--OTEL_BSP_SCHEDULE_DELAY=100",
        ])
    {
    }
}

public class TracingTests(TracingHostFixture traced) : IClassFixture<TracingHostFixture>
{
    [Fact]
    public async Task One_report_is_one_trace_from_the_request_through_the_site_grain_and_journal_to_the_rollup()
    {
        var traceId = await PostTracedAsync(Reports.Screened("trace-1", "440303001005-003", 1, "fever"));

        await traced.Collector.WaitForAsync(spans =>
        {
            var trace = spans.Where(s => s.TraceId == traceId).ToList();
            var request = trace.FirstOrDefault(s => s.Name == "POST /api/reports");
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            // One tree rooted at the request: every other span of the trace hangs from one that arrived too.
            return request is not null
                && trace.All(s => s == request || ids.Contains(s.ParentSpanId))
                && trace.Any(s => s.Name == "ISiteGrain/ApplyAsync")
                && trace.Any(s => s.Name == "journal append" && s.Scope == "Canvass.Journal")
                // The site's flush and its parent's: the roll-up crosses at least one grain call in the same trace.
                && trace.Count(s => s.Name == "rollup flush" && s.Scope == "Canvass.Rollup") >= 2;
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_report_that_a_wall_sees_is_traced_to_the_push_send()
    {
        const string site = "440303001005-004";
        await using var wall = await traced.Host.ConnectAsync();
        var pushes = new Dictionary<long, TaskCompletionSource>();
        for (var n = 1; n <= 5; n++)
        {
            pushes[n] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wall.OnUnits(summary =>
        {
            if (summary.GetProperty("id").GetString() == site && pushes.TryGetValue(summary.GetProperty("screenedHouseholds").GetInt64(), out var seen))
            {
                seen.TrySetResult();
            }
        });
        await wall.InvokeAsync<JsonElement>("Subscribe", site[..12], true);

        // A change that finds a send to its group in flight is sent by that send's loop, in that earlier trace (the
        // pipeline coalesces), so one report of a few is enough: each waits for its push before the next goes.
        for (var n = 1; n <= 5; n++)
        {
            var traceId = await PostTracedAsync(Reports.Screened($"push-trace-{n}", site, n, "normal"));
            await pushes[n].Task.WaitAsync(TimeSpan.FromSeconds(30));
            try
            {
                await traced.Collector.WaitForAsync(spans => spans.Any(s => s.TraceId == traceId && s.Name == "push send" && s.Scope == "Canvass.Push"), TimeSpan.FromSeconds(5));
                return;
            }
            catch (TimeoutException) when (n < 5)
            {
            }
        }
    }

    /// <summary>Posts one report under a trace of the test's own (W3C traceparent, as a calling app would send it).</summary>
    private async Task<string> PostTracedAsync(Dictionary<string, object?> report)
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = new StringContent(Reports.Json(report), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using var response = await traced.Host.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return traceId;
    }
}

[Collection(EmbeddedHostCollection.Name)]
public class TracingOffTests(EmbeddedHostFixture host)
{
    [Fact]
    public void Without_an_exporter_no_tracer_is_registered()
    {
        Assert.Null(host.Services.GetService<TracerProvider>());
    }
}
