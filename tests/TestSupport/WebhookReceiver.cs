using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Canvass.TestSupport;

/// <summary>
/// A partner's webhook endpoint: a real Kestrel server on a loopback port, started by the test, that records every
/// delivery, checks its signature with its own HMAC (not the server's code), and answers as the test says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly string _secret;
    private readonly List<ReceivedDelivery> _deliveries = [];
    private readonly List<(Func<IReadOnlyList<ReceivedDelivery>, bool> Condition, TaskCompletionSource Done)> _waits = [];
    private WebApplication? _app;
    private int _failNext;
    private int _failNextDailyReports;

    public WebhookReceiver(string secret, int? port = null)
    {
        _secret = secret;
        Port = port ?? Ports.Free();
    }

    public int Port { get; }

    /// <summary>The address to register: <c>http://127.0.0.1:&lt;port&gt;/hook</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>While true, every delivery is answered 500.</summary>
    public bool FailAll { get; set; }

    /// <summary>Answers the next <paramref name="count"/> deliveries with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Answers the next <paramref name="count"/> daily report deliveries with 500 (unit deliveries as usual).</summary>
    public void FailNextDailyReports(int count) => Interlocked.Exchange(ref _failNextDailyReports, count);

    public IReadOnlyList<ReceivedDelivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>The acknowledged (2xx) summary deliveries of each unit, in the order they came.</summary>
    public IReadOnlyDictionary<string, long[]> Acknowledged() => Deliveries.Where(d => d.Acknowledged && !d.IsDailyReport)
        .GroupBy(d => d.UnitId).ToDictionary(g => g.Key, g => g.Select(d => d.Version).ToArray());

    /// <summary>The daily report deliveries (every attempt), in the order they came.</summary>
    public IReadOnlyList<ReceivedDelivery> DailyReports => [.. Deliveries.Where(d => d.IsDailyReport)];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url.Replace("/hook", "", StringComparison.Ordinal));
        _app = builder.Build();
        _app.MapPost("/hook", ReceiveAsync);
        await _app.StartAsync();
    }

    /// <summary>Stops listening: the port is closed, as a receiver that is down.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Waits until the deliveries so far satisfy <paramref name="condition"/>, checked at every delivery.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> condition, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_deliveries)
        {
            if (condition(_deliveries))
            {
                return;
            }

            _waits.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}; received: " + string.Join(" | ", Deliveries.Select(d => $"{d.Delivery}{(d.Acknowledged ? "" : " (500)")}")));
        }
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var delivery = request.Headers["X-Canvass-Delivery"].ToString();
        var timestamp = request.Headers["X-Canvass-Timestamp"].ToString();
        var signature = request.Headers["X-Canvass-Signature"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        var kind = request.Headers["X-Canvass-Event"].ToString();
        var daily = kind == "dailyReport";
        var fail = FailAll || (daily && Interlocked.Decrement(ref _failNextDailyReports) >= 0) || Interlocked.Decrement(ref _failNext) >= 0;
        var separator = delivery.LastIndexOf(':');
        var summary = JsonDocument.Parse(body).RootElement.Clone();
        // A daily report's key is <unitId>:dailyReport:<date>, its unit in the body; a summary's <unitId>:<version>.
        var received = new ReceivedDelivery(
            request.Headers["X-Canvass-Webhook"].ToString(),
            kind,
            delivery,
            daily ? summary.GetProperty("unitId").GetString()! : separator < 0 ? "" : delivery[..separator],
            daily || separator < 0 ? -1 : long.Parse(delivery[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            long.TryParse(timestamp, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue,
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)),
            request.ContentType ?? "",
            summary,
            !fail);
        lock (_deliveries)
        {
            _deliveries.Add(received);
            foreach (var wait in _waits.Where(w => w.Condition(_deliveries)).ToArray())
            {
                _waits.Remove(wait);
                wait.Done.TrySetResult();
            }
        }

        return fail ? Results.StatusCode(StatusCodes.Status500InternalServerError) : Results.Ok();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>
/// One POST as the receiver saw it; <see cref="Acknowledged"/> when it answered 2xx. <see cref="Summary"/> is the
/// body: a unit's summary, or a daily report's event (<see cref="Version"/> -1 then).
/// </summary>
public sealed record ReceivedDelivery(
    string WebhookId,
    string Event,
    string Delivery,
    string UnitId,
    long Version,
    DateTimeOffset Timestamp,
    bool SignatureValid,
    string ContentType,
    JsonElement Summary,
    bool Acknowledged)
{
    public bool IsDailyReport => Event == "dailyReport";
}
