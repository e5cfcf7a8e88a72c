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
    public async Task One_report_is_one_trace_from_the_request_through_the_site_grain_journal_and_rollup_to_the_push()
    {
        const string site = "440303001005-003";
        await using var wall = await traced.Host.ConnectAsync();
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wall.On<JsonElement>("UnitChanged", summary =>
        {
            if (summary.GetProperty("id").GetString() == site && summary.GetProperty("screenedHouseholds").GetInt64() == 1)
            {
                pushed.TrySetResult();
            }
        });
        await wall.InvokeAsync<JsonElement>("Subscribe", site[..12], true);
        using var response = await traced.Host.PostReportsAsync(Reports.Json(Reports.Screened("trace-1", site, 1, "fever")));
        response.EnsureSuccessStatusCode();

        string? traceId = null;
        await traced.Collector.WaitForAsync(spans =>
        {
            var request = spans.FirstOrDefault(s => s.Name == "POST /api/reports");
            if (request is null)
            {
                return false;
            }

            traceId = request.TraceId;
            var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            // One tree rooted at the request: every other span of the trace hangs from one that arrived too.
            return trace.All(s => s == request || ids.Contains(s.ParentSpanId))
                && trace.Any(s => s.Name.Contains("ISiteGrain", StringComparison.Ordinal))
                && trace.Any(s => s.Name == "journal append")
                // The site's flush and its parent's: the roll-up crosses at least one grain call in the same trace.
                && trace.Count(s => s.Name == "rollup flush") >= 2;
        }, TimeSpan.FromSeconds(60));
        await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The unit's change reaches the gateway as a grain call of the same trace, and the send to the wall is its last span.
        await traced.Collector.WaitForAsync(spans => spans.Any(s => s.TraceId == traceId && s.Name == "push send"), TimeSpan.FromSeconds(30));

        var spans = traced.Collector.Spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Single(spans, s => s.Name == "POST /api/reports" && s.ParentSpanId.Length == 0);
        Assert.Contains(spans, s => s.Name == "journal append" && s.Scope == "Canvass.Journal");
        Assert.Contains(spans, s => s.Name == "rollup flush" && s.Scope == "Canvass.Rollup");
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
