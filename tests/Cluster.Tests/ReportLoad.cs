using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Canvass.Cluster.Tests;

/// <summary>
/// A screening app that keeps posting: each batch is resent until some gateway answers 200 (report ids make that
/// safe), and every id a 200 acknowledged (accepted or duplicate) is recorded. It posts as the admin, whom the
/// write limit does not hold back.
/// </summary>
public sealed class ReportLoad(IReadOnlyList<Uri> gateways, IReadOnlyList<(string Id, int Households)> sites, string prefix)
{
    private readonly HttpClient _http = TestTokens.Client(server: null, timeout: TimeSpan.FromSeconds(40));
    private readonly Random _random = new(11);
    private long _next;

    public ConcurrentDictionary<string, string> Acknowledged { get; } = new(); // report id → site id
    public int Failures;

    public async Task RunAsync(CancellationToken stop)
    {
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = Enumerable.Range(0, 100).Select(_ =>
            {
                var (site, households) = sites[_random.Next(sites.Count)];
                var n = Interlocked.Increment(ref _next);
                return new Dictionary<string, object>
                {
                    ["reportId"] = $"{prefix}-{n}",
                    ["siteId"] = site,
                    ["household"] = 1 + _random.Next(Math.Min(households, 40)),
                    ["screenedAt"] = at.AddMilliseconds(n),
                    ["screenerId"] = "w-1",
                    ["residents"] = new[] { new { status = n % 50 == 0 ? "fever" : "normal" } },
                };
            }).ToArray();

            // Resend until acknowledged, whatever dies meanwhile; give up only when the test stops.
            while (true)
            {
                var gateway = gateways[round++ % gateways.Count];
                try
                {
                    using var response = await _http.PostAsJsonAsync(new Uri(gateway, "/api/reports"), batch, CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                        foreach (var result in reply.GetProperty("results").EnumerateArray())
                        {
                            if (result.GetProperty("status").GetString() is "accepted" or "duplicate")
                            {
                                var id = result.GetProperty("reportId").GetString()!;
                                Acknowledged[id] = (string)batch.First(r => (string)r["reportId"] == id)["siteId"];
                            }
                        }

                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                Interlocked.Increment(ref Failures);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }
}
