using Canvass.Storage.Webhooks;

namespace Canvass.Storage.Memory;

/// <summary>Webhooks and their outbox in process memory: the same contract, lost on exit.</summary>
public sealed class MemoryWebhookStore : IWebhookStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredWebhook> _webhooks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Webhook, string Unit), OutboxEntry> _outbox = [];

    public Task<bool> CreateAsync(StoredWebhook webhook, int maxPerPartner = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook.Secret);
        lock (_lock)
        {
            if (_webhooks.ContainsKey(webhook.Id))
            {
                throw new InvalidOperationException($"A webhook with id '{webhook.Id}' exists.");
            }

            if (_webhooks.Values.Count(w => w.Partner == webhook.Partner) >= maxPerPartner)
            {
                return Task.FromResult(false);
            }

            _webhooks.Add(webhook.Id, webhook with { Units = [.. webhook.Units], CreatedAt = webhook.CreatedAt.ToUniversalTime() });
        }

        return Task.FromResult(true);
    }

    public Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_webhooks.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<StoredWebhook>> ListAsync(string? partner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredWebhook> list = _webhooks.Values.Where(w => partner is null || w.Partner == partner)
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id, StringComparer.Ordinal).ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var key in _outbox.Keys.Where(k => k.Webhook == id).ToArray())
            {
                _outbox.Remove(key);
            }

            return Task.FromResult(_webhooks.Remove(id));
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxEntry> entries = _outbox.Where(e => e.Key.Webhook == webhookId).Select(e => e.Value)
                .OrderBy(e => e.UnitId, StringComparer.Ordinal).ToArray();
            return Task.FromResult(entries);
        }
    }

    public Task SavePendingAsync(string webhookId, IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        // All or nothing, as a transaction would: check every delivery before storing any.
        foreach (var delivery in deliveries)
        {
            ArgumentNullException.ThrowIfNull(delivery.UnitId);
            ArgumentNullException.ThrowIfNull(delivery.Body);
        }

        lock (_lock)
        {
            if (!_webhooks.ContainsKey(webhookId))
            {
                return Task.CompletedTask;
            }

            foreach (var delivery in deliveries)
            {
                var key = (webhookId, delivery.UnitId);
                var held = _outbox.GetValueOrDefault(key) ?? new OutboxEntry(delivery.UnitId, null, null);
                if (delivery.Version > (held.DeliveredVersion ?? long.MinValue) && delivery.Version > (held.Pending?.Version ?? long.MinValue))
                {
                    _outbox[key] = held with { Pending = delivery };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkDeliveredAsync(string webhookId, string unitId, long version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_webhooks.ContainsKey(webhookId))
            {
                return Task.CompletedTask;
            }

            var key = (webhookId, unitId);
            var held = _outbox.GetValueOrDefault(key) ?? new OutboxEntry(unitId, null, null);
            var delivered = Math.Max(held.DeliveredVersion ?? long.MinValue, version);
            _outbox[key] = new OutboxEntry(unitId, delivered, held.Pending is { } pending && pending.Version > delivered ? pending : null);
        }

        return Task.CompletedTask;
    }

    public Task MarkDailyReportsDeliveredAsync(string webhookId, DateOnly date, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_webhooks.TryGetValue(webhookId, out var webhook) && !(webhook.DailyReportsThrough >= date))
            {
                _webhooks[webhookId] = webhook with { DailyReportsThrough = date };
            }
        }

        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
