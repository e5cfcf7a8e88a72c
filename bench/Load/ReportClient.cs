using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Canvass.Bench.Wire;
using Canvass.Contracts.Reports;

namespace Canvass.Bench.Load;

/// <summary>
/// The one HttpClient every sender shares. One connection per sender at most, no proxy (an environment proxy would
/// add a hop to every figure), and no connection recycling so that a run measures the server, not handshakes.
/// Every request carries the run's bearer token, when it has one.
/// </summary>
public sealed class ReportClient : IDisposable
{
    private readonly Uri _metrics;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public ReportClient(Uri baseAddress, string? token, Uri? metricsAddress = null)
    {
        _metrics = metricsAddress ?? baseAddress;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public async Task<BatchOutcome> PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancel)
    {
        try
        {
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync("/api/reports", content, cancel);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return BatchOutcome.Failed($"HTTP {(int)response.StatusCode}: {Truncate(System.Text.Encoding.UTF8.GetString(bytes))}");
            }

            var reply = JsonSerializer.Deserialize(bytes, WireJson.Default.IngestResult);
            return reply is null ? BatchOutcome.Failed("HTTP 200 with an empty body") : new BatchOutcome(reply, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            return BatchOutcome.Failed($"{e.GetType().Name}: {Truncate(e.Message)}");
        }
    }

    public async Task<UnitSummary> GetUnitAsync(string id, CancellationToken cancel)
    {
        using var response = await _http.GetAsync($"/api/units/{Uri.EscapeDataString(id)}", cancel);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
        return JsonSerializer.Deserialize(bytes, WireJson.Default.UnitSummary)
            ?? throw new JsonException($"unit {id}: empty reply");
    }

    /// <summary>The summaries of a unit's children, as <c>GET /api/units/{id}/children</c> answers them.</summary>
    public async Task<UnitSummary[]> GetChildrenAsync(string id, CancellationToken cancel)
    {
        using var response = await _http.GetAsync($"/api/units/{Uri.EscapeDataString(id)}/children", cancel);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
        return JsonSerializer.Deserialize(bytes, WireJson.Default.UnitSummaryArray)
            ?? throw new JsonException($"children of {id}: empty reply");
    }

    /// <summary>The server's Prometheus scrape: on its management port, apart from the API.</summary>
    public string MetricsPath => new Uri(_metrics, "/metrics").AbsoluteUri;

    /// <summary>A text resource of the server, such as its Prometheus scrape at <see cref="MetricsPath"/>.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancel)
    {
        using var response = await _http.GetAsync(path, cancel);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancel);
    }

    /// <summary>A plain GET (health, metrics): the status code and the body, or null when the server does not answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)?> TryGetTextAsync(string path, CancellationToken cancel)
    {
        try
        {
            using var response = await _http.GetAsync(path, cancel);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>A 200 reply, or why there was none.</summary>
public sealed record BatchOutcome(IngestResult? Reply, string? Error)
{
    public static BatchOutcome Failed(string error) => new(null, error);
}
