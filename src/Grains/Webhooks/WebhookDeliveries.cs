using System.Text.Json;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Wire;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// What only a webhook does with the summaries its watches bring: writes each newer one to the durable outbox, and
/// only then delivers it; per unit one delivery at a time, the latest owed version only, never one at or below the
/// version acknowledged; failed attempts wait with exponential backoff. Runs on its grain's scheduler: every method
/// is called from a grain turn, and the deliveries it starts continue there.
/// </summary>
internal sealed partial class WebhookDeliveries(
    StoredWebhook webhook,
    IWebhookStore store,
    WebhookSender sender,
    PartnerAuthority authority,
    WebhookOptions options,
    TimeProvider time,
    Action<TimeSpan> wakeIn,
    ILogger logger)
{
    private readonly Dictionary<string, UnitOutbox> _units = new(StringComparer.Ordinal);
    private Task _persisting = Task.CompletedTask;
    private bool _persistAgain;
    private int _inFlight;
    private bool _stopped;

    public StoredWebhook Webhook => webhook;

    public IEnumerable<UnitOutbox> Units => _units.Values;

    /// <summary>Adds a unit this webhook delivers.</summary>
    public void Follow(string unitId) => _units.TryAdd(unitId, new UnitOutbox(unitId));

    /// <summary>Takes up what the outbox held before a restart: each owed delivery is due at once.</summary>
    public void Restore(IReadOnlyList<OutboxEntry> outbox)
    {
        var now = time.GetUtcNow();
        foreach (var entry in outbox)
        {
            if (_units.TryGetValue(entry.UnitId, out var unit))
            {
                unit.Delivered = entry.DeliveredVersion;
                unit.Pending = entry.Pending;
                unit.DueAt = now;
            }
        }
    }

    /// <summary>Stops for good: deliveries under way store nothing more, and nothing new starts.</summary>
    public void Stop()
    {
        _stopped = true;
        _units.Clear();
    }

    public void Offer(UnitSummary summary)
    {
        // A unit still loading after a restart may count less than the receiver was sent: its complete summary follows.
        if (_stopped || summary.Loading || !_units.TryGetValue(summary.Id, out var unit) || summary.Version <= unit.Highest)
        {
            return;
        }

        unit.Staged = summary;
        if (_persisting.IsCompleted)
        {
            _persisting = PersistAsync();
        }
        else
        {
            _persistAgain = true;
        }
    }

    /// <summary>Starts the deliveries that are due, and asks to be woken when the next one is.</summary>
    public void Dispatch()
    {
        if (_stopped)
        {
            return;
        }

        var now = time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var unit in _units.Values)
        {
            if (unit.InFlight || unit.Pending is null)
            {
                continue;
            }

            if (unit.DueAt > now)
            {
                next = next is null || unit.DueAt < next ? unit.DueAt : next;
            }
            else if (_inFlight < options.MaxConcurrentDeliveries)
            {
                // Runs beside the grain's turns, on its scheduler: a slow receiver never holds up notifications.
                _ = DeliverAsync(unit, unit.Pending);
            }
        }

        if (next is { } due)
        {
            wakeIn(due - now);
        }
    }

    /// <summary>Writes the staged summaries to the outbox, one transaction at a time, and only then makes them owed.</summary>
    private async Task PersistAsync()
    {
        do
        {
            _persistAgain = false;
            var staged = _units.Values.Where(u => u.Staged is not null).Select(u => (Unit: u, Summary: u.Staged!)).ToArray();
            if (_stopped || staged.Length == 0)
            {
                return;
            }

            var deliveries = staged.Select(s => new PendingDelivery(s.Unit.UnitId, s.Summary.Version, JsonSerializer.Serialize(s.Summary, WireJsonOptions.Default))).ToArray();
            try
            {
                await store.SavePendingAsync(webhook.Id, deliveries);
            }
            catch (Exception e)
            {
                LogPersistFailed(e, webhook.Id);
                await Task.Delay(options.InitialBackoff, time);
                _persistAgain = true;
                continue;
            }

            var now = time.GetUtcNow();
            for (var i = 0; i < staged.Length; i++)
            {
                var (unit, summary) = staged[i];
                if (ReferenceEquals(unit.Staged, summary))
                {
                    unit.Staged = null;
                }

                if (summary.Version > (unit.Pending?.Version ?? long.MinValue) && summary.Version > (unit.Delivered ?? long.MinValue))
                {
                    // A unit already failing keeps its backoff: a newer version replaces the owed one, not the wait.
                    unit.DueAt = unit.Pending is null ? now : unit.DueAt;
                    unit.Pending = deliveries[i];
                }
            }

            Dispatch();
        }
        while (_persistAgain);
    }

    private async Task DeliverAsync(UnitOutbox unit, PendingDelivery delivery)
    {
        unit.InFlight = true;
        _inFlight++;
        try
        {
            var error = await authority.IsRevokedAsync(webhook) ? WebhookSender.Revoked : await sender.SendAsync(webhook, delivery, CancellationToken.None);
            if (error is null)
            {
                await DeliveredAsync(unit, delivery);
            }
            else
            {
                var wait = Failed(unit);
                unit.LastError = error;
                LogAttemptFailed(webhook.Id, unit.UnitId, delivery.Version, unit.Failures, error, wait);
            }
        }
        catch (Exception e)
        {
            Failed(unit);
            LogDeliveryCrashed(e, webhook.Id, unit.UnitId);
        }
        finally
        {
            unit.InFlight = false;
            _inFlight--;
        }

        Dispatch();
    }

    private async Task DeliveredAsync(UnitOutbox unit, PendingDelivery delivery)
    {
        unit.Delivered = Math.Max(unit.Delivered ?? long.MinValue, delivery.Version);
        unit.Failures = 0;
        unit.LastError = null;
        if (unit.Pending is { } pending && pending.Version <= delivery.Version)
        {
            unit.Pending = null;
        }

        try
        {
            await store.MarkDeliveredAsync(webhook.Id, unit.UnitId, delivery.Version);
        }
        catch (Exception e)
        {
            // The outbox still owes this version: after a restart it is delivered once more, which at least once allows.
            LogMarkFailed(e, webhook.Id, unit.UnitId, delivery.Version);
        }
    }

    /// <summary>Counts a failed attempt and sets when the next is due; returns the wait.</summary>
    private TimeSpan Failed(UnitOutbox unit)
    {
        unit.Failures++;
        var wait = DeliveryBackoff.After(unit.Failures, options.InitialBackoff, options.MaxBackoff, Random.Shared.NextDouble());
        unit.DueAt = time.GetUtcNow() + wait;
        return wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not write its outbox; retrying")]
    private partial void LogPersistFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not record the delivery of {UnitId} version {Version}; it may be delivered again after a restart")]
    private partial void LogMarkFailed(Exception exception, string webhookId, string unitId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: delivery of {UnitId} version {Version} failed ({Failures} in a row: {Error}); next attempt in {Wait}")]
    private partial void LogAttemptFailed(string webhookId, string unitId, long version, int failures, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId}: delivering {UnitId} failed unexpectedly; retrying with backoff")]
    private partial void LogDeliveryCrashed(Exception exception, string webhookId, string unitId);
}
