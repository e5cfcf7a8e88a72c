using System.Net.Http.Headers;
using System.Text;
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

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time)
    {
        _time = time;
        // A redirect is not an acknowledgement: the receiver answers at the address it registered, or it retries.
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.Value.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = options.Value.Timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Canvass-Webhooks", "1.0"));
    }

    /// <summary>Posts the delivery; null when the receiver acknowledged it (2xx), else why the attempt failed.</summary>
    public async Task<string?> SendAsync(StoredWebhook webhook, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookHeader, webhook.Id);
        request.Headers.Add(DeliveryHeader, $"{delivery.UnitId}:{delivery.Version}");
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, delivery.Body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            // The error kind and the socket's message (host and port), never the address's path or query.
            return $"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    public void Dispose() => _http.Dispose();
}
