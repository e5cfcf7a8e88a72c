using System.Net.Http.Headers;
using System.Text;
using Canvass.Grains.Webhooks.Targets;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Webhooks;

/// <summary>Posts one delivery to a receiver, signed; one HTTP client for every webhook of the silo.</summary>
public sealed class WebhookSender : IDisposable
{
    public const string WebhookHeader = "X-Canvass-Webhook";
    public const string DeliveryHeader = "X-Canvass-Delivery";
    public const string TimestampHeader = "X-Canvass-Timestamp";
    public const string SignatureHeader = "X-Canvass-Signature";
    public const string EventHeader = "X-Canvass-Event";

    /// <summary>The kinds of delivery, as <see cref="EventHeader"/> names them: a unit's summary, or a daily report published.</summary>
    public const string UnitEvent = "unit";
    public const string DailyReportEvent = DailyReportDelivery.EventName;

    /// <summary>The categories a failed attempt is shown as. Never an address or an exception's text: a partner
    /// who could read those would have a port scanner of the inside.</summary>
    public const string Refused = "refused";
    public const string TimedOut = "timeout";

    /// <summary>Not sent: the partner's tokens were revoked after the webhook was registered.</summary>
    public const string Revoked = "revoked";
    public const string ConnectionFailed = "connection failed";

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<WebhookOptions> options, TargetConnector connector, TimeProvider time)
    {
        _time = time;
        _http = new HttpClient(Handler(options.Value, connector)) { Timeout = options.Value.Timeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Canvass-Webhooks", "1.0"));
    }

    /// <summary>
    /// The handler every delivery goes through: connections only through <paramref name="connector"/>, which checks
    /// the addresses it connects to; no proxy (the check would then judge the proxy's address, not the receiver's);
    /// no redirects (a redirect is not an acknowledgement, and would lead elsewhere than the address registered).
    /// </summary>
    public static SocketsHttpHandler Handler(WebhookOptions options, TargetConnector connector) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = options.Timeout,
        ConnectCallback = connector.ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>Posts a unit's summary owed; null when the receiver acknowledged it (2xx), else the category of the failure.</summary>
    public Task<string?> SendAsync(StoredWebhook webhook, PendingDelivery delivery, CancellationToken cancellationToken) =>
        SendAsync(webhook, UnitEvent, $"{delivery.UnitId}:{delivery.Version}", delivery.Body, cancellationToken);

    /// <summary>
    /// Posts <paramref name="body"/> as a delivery of kind <paramref name="kind"/>, keyed <paramref name="deliveryId"/>
    /// (the same at every attempt); null when the receiver acknowledged it (2xx), else the category of the failure.
    /// </summary>
    public async Task<string?> SendAsync(StoredWebhook webhook, string kind, string deliveryId, string body, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookHeader, webhook.Id);
        request.Headers.Add(EventHeader, kind);
        request.Headers.Add(DeliveryHeader, deliveryId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : Status((int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            return Category(e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut;
        }
    }

    /// <summary>The category of a receiver's answer that is not a 2xx.</summary>
    public static string Status(int code) => $"HTTP status {code}";

    /// <summary>The category of a request that failed before an answer.</summary>
    public static string Category(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TargetRefusedException)
            {
                return Refused;
            }

            if (inner is TimeoutException)
            {
                return TimedOut;
            }
        }

        return ConnectionFailed;
    }

    public void Dispose() => _http.Dispose();
}
