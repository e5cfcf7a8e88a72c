using System.Text.Json;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Webhooks;
using Canvass.Abstractions.Wire;
using Canvass.Grains.Webhooks.Targets;
using Canvass.Registry;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// One webhook registration. Watches its units as a grain observer (as a gateway host does, on a renewed lease, so
/// units without webhooks pay nothing), writes each newer summary to the outbox, and only then delivers it: per
/// unit one delivery at a time, the latest owed version only, never one at or below the version acknowledged.
/// Failed attempts wait with exponential backoff. A reminder brings the grain back after its silo died; at silo
/// start <see cref="WebhookResumption"/> activates every registered webhook (reminders may live in memory only).
/// </summary>
public sealed partial class WebhookGrain(
    IWebhookStore store,
    UnitRegistry registry,
    WebhookSender sender,
    TargetConnector targets,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    private const string ResumeReminder = "webhook";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, UnitOutbox> _units = new(StringComparer.Ordinal);
    private (ISummaryGrain Grain, bool Children)[] _watched = [];
    private StoredWebhook? _webhook;
    private IWebhookGrain _self = null!;
    private IGrainTimer? _renew;
    private IGrainTimer? _wake;
    private Task _persisting = Task.CompletedTask;
    private bool _persistAgain;
    private int _inFlight;
    private PartnerAuthority? _authority;

    private WebhookOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _self = this.AsReference<IWebhookGrain>();
        if (await store.GetAsync(this.GetPrimaryKeyString(), cancellationToken) is { } webhook)
        {
            await StartAsync(webhook, await store.LoadOutboxAsync(webhook.Id, cancellationToken));
        }
    }

    public async Task<WebhookCreation> RegisterAsync(WebhookRegistration registration)
    {
        if (_webhook is not null)
        {
            throw new InvalidOperationException($"Webhook '{_webhook.Id}' exists.");
        }

        // Checked here, where deliveries connect from, for a clear answer now; every delivery checks again as it connects.
        var refused = Uri.TryCreate(registration.Url, UriKind.Absolute, out var url)
            ? await targets.RefusalAsync(url, Options.Timeout)
            : $"url '{registration.Url}' is not an absolute address.";
        if (refused is not null)
        {
            DeactivateOnIdle();
            return new WebhookCreation { Refusal = WebhookRefusal.Target, Detail = refused };
        }

        var webhook = new StoredWebhook(this.GetPrimaryKeyString(), registration.Partner, registration.Url, registration.Secret,
            [.. registration.Units], registration.Children, time.GetUtcNow());
        if (!await store.CreateAsync(webhook, Options.MaxPerPartner))
        {
            DeactivateOnIdle();
            return new WebhookCreation
            {
                Refusal = WebhookRefusal.TooMany,
                Detail = $"partner '{registration.Partner}' has {Options.MaxPerPartner} webhooks, the most one partner may have (Webhooks:MaxPerPartner); delete one first, or name more units in one.",
            };
        }

        await StartAsync(webhook, []);
        LogCreated(webhook.Id, webhook.Partner, _units.Count);
        return new WebhookCreation { Webhook = Info(withDeliveries: false) };
    }

    public Task<WebhookInfo?> GetAsync()
    {
        if (_webhook is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<WebhookInfo?>(null);
        }

        return Task.FromResult<WebhookInfo?>(Info(withDeliveries: true));
    }

    public async Task<bool> DeleteAsync()
    {
        if (_webhook is not { } webhook)
        {
            DeactivateOnIdle();
            return false;
        }

        // Forget first, so that deliveries under way store nothing more (the store ignores writes for an unknown
        // webhook too), then tell the units and remove the registration and its outbox.
        _webhook = null;
        _renew?.Dispose();
        _wake?.Dispose();
        _units.Clear();
        await Task.WhenAll(_watched.Select(w => UnwatchAsync(w.Grain)));
        _watched = [];
        var deleted = await store.DeleteAsync(webhook.Id);
        await ForgetReminderAsync();
        LogDeleted(webhook.Id);
        DeactivateOnIdle();
        return deleted;
    }

    public Task ResumeAsync()
    {
        if (_webhook is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task OnChangedAsync(UnitChange change)
    {
        if (_webhook is null)
        {
            // A unit's lease outlives a deleted webhook by up to Rollup:WatchLease; nothing to do for it.
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        Offer(change.Unit);
        foreach (var child in change.Children)
        {
            Offer(child);
        }

        return Task.CompletedTask;
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // The tick only brings the grain back (its activation resumes everything); a webhook deleted since has none to keep.
        if (_webhook is null)
        {
            await ForgetReminderAsync();
            DeactivateOnIdle();
            return;
        }

        Dispatch();
    }

    private async Task StartAsync(StoredWebhook webhook, IReadOnlyList<OutboxEntry> outbox)
    {
        _webhook = webhook;
        var watched = new List<(ISummaryGrain, bool)>();
        foreach (var id in webhook.Units)
        {
            if (!registry.TryGet(id, out var unit))
            {
                LogUnknownUnit(webhook.Id, id);
                continue;
            }

            var children = webhook.Children && !unit.IsSite;
            watched.Add((Grain(unit), children));
            _units.TryAdd(unit.Id, new UnitOutbox(unit.Id));
            foreach (var child in children ? unit.Children : [])
            {
                _units.TryAdd(child.Id, new UnitOutbox(child.Id));
            }
        }

        _watched = [.. watched];
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

        // Renewing keeps the activation alive, and its first tick, at once, watches every unit and reads its summary.
        _renew = this.RegisterGrainTimer(RenewAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.RenewInterval) { KeepAlive = true });
        try
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        }
        catch (Exception e)
        {
            // The silo's start-up resumption and the next activation register it again; deliveries go on meanwhile.
            LogReminderFailed(e, webhook.Id);
        }

        Dispatch();
    }

    private ISummaryGrain Grain(RegistryUnit unit) =>
        unit.IsSite ? GrainFactory.GetGrain<ISiteGrain>(unit.Id) : GrainFactory.GetGrain<IUnitGrain>(unit.Id);

    /// <summary>Watches every unit again within its lease, and takes each current summary: a change lost on the way is repaired here.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var watches = _watched.Select(w => w.Grain.WatchAsync(_self, w.Children)).ToArray();
        try
        {
            await Task.WhenAll(watches);
        }
        catch (Exception e)
        {
            LogRenewFailed(e, this.GetPrimaryKeyString(), watches.Count(w => !w.IsCompletedSuccessfully), watches.Length);
        }

        if (_webhook is null)
        {
            return;
        }

        foreach (var watch in watches.Where(w => w.IsCompletedSuccessfully))
        {
            Offer(watch.Result.Unit);
            foreach (var child in watch.Result.Children)
            {
                Offer(child);
            }
        }
    }

    private async Task UnwatchAsync(ISummaryGrain unit)
    {
        try
        {
            await unit.UnwatchAsync(_self);
        }
        catch (Exception e)
        {
            // Its lease runs out by itself, and a change it still sends finds no webhook here.
            LogUnwatchFailed(e, this.GetPrimaryKeyString());
        }
    }

    private void Offer(UnitSummary summary)
    {
        // A unit still loading after a restart may count less than the receiver was sent: its complete summary follows.
        if (summary.Loading || !_units.TryGetValue(summary.Id, out var unit) || summary.Version <= unit.Highest)
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

    /// <summary>Writes the staged summaries to the outbox, one transaction at a time, and only then makes them owed.</summary>
    private async Task PersistAsync()
    {
        do
        {
            _persistAgain = false;
            if (_webhook is not { } webhook)
            {
                return;
            }

            var staged = _units.Values.Where(u => u.Staged is not null).Select(u => (Unit: u, Summary: u.Staged!)).ToArray();
            if (staged.Length == 0)
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
                await Task.Delay(Options.InitialBackoff, time);
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

    /// <summary>Starts the deliveries that are due, and wakes the grain when the next one is.</summary>
    private void Dispatch()
    {
        if (_webhook is not { } webhook)
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
            else if (_inFlight < Options.MaxConcurrentDeliveries)
            {
                // Runs beside the grain's turns, on its scheduler: a slow receiver never holds up notifications.
                _ = DeliverAsync(webhook, unit, unit.Pending);
            }
        }

        if (next is { } due)
        {
            _wake ??= this.RegisterGrainTimer(_ =>
            {
                Dispatch();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
            _wake.Change(due - now, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task DeliverAsync(StoredWebhook webhook, UnitOutbox unit, PendingDelivery delivery)
    {
        unit.InFlight = true;
        _inFlight++;
        try
        {
            _authority ??= new PartnerAuthority(GrainFactory, registry, time);
            var error = await _authority.IsRevokedAsync(webhook) ? WebhookSender.Revoked : await sender.SendAsync(webhook, delivery, CancellationToken.None);
            if (error is null)
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
            else
            {
                unit.Failures++;
                unit.LastError = error;
                var wait = DeliveryBackoff.After(unit.Failures, Options.InitialBackoff, Options.MaxBackoff, Random.Shared.NextDouble());
                unit.DueAt = time.GetUtcNow() + wait;
                LogAttemptFailed(webhook.Id, unit.UnitId, delivery.Version, unit.Failures, error, wait);
            }
        }
        catch (Exception e)
        {
            unit.Failures++;
            unit.DueAt = time.GetUtcNow() + DeliveryBackoff.After(unit.Failures, Options.InitialBackoff, Options.MaxBackoff, Random.Shared.NextDouble());
            LogDeliveryCrashed(e, webhook.Id, unit.UnitId);
        }
        finally
        {
            unit.InFlight = false;
            _inFlight--;
        }

        Dispatch();
    }

    private async Task ForgetReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            // A reminder left behind finds no webhook at its next tick and tries again.
            LogReminderFailed(e, this.GetPrimaryKeyString());
        }
    }

    private WebhookInfo Info(bool withDeliveries) => new()
    {
        Id = _webhook!.Id,
        Partner = _webhook.Partner,
        Url = _webhook.Url,
        Units = _webhook.Units,
        Children = _webhook.Children,
        CreatedAt = registry.ToLocal(_webhook.CreatedAt),
        Deliveries = withDeliveries ? _units.Values.Select(u => u.Status()).ToArray() : null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} of {Partner} registered, following {Units} units")]
    private partial void LogCreated(string webhookId, string partner, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} deleted")]
    private partial void LogDeleted(string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} names unit {UnitId}, which the registry no longer has; it is not delivered")]
    private partial void LogUnknownUnit(string webhookId, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not renew {Failed} of its {Units} watches; the next renewal retries")]
    private partial void LogRenewFailed(Exception exception, string webhookId, int failed, int units);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {WebhookId} could not unwatch a unit; its lease runs out")]
    private partial void LogUnwatchFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not write its outbox; retrying")]
    private partial void LogPersistFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not record the delivery of {UnitId} version {Version}; it may be delivered again after a restart")]
    private partial void LogMarkFailed(Exception exception, string webhookId, string unitId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: delivery of {UnitId} version {Version} failed ({Failures} in a row: {Error}); next attempt in {Wait}")]
    private partial void LogAttemptFailed(string webhookId, string unitId, long version, int failures, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId}: delivering {UnitId} failed unexpectedly; retrying with backoff")]
    private partial void LogDeliveryCrashed(Exception exception, string webhookId, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not register or remove its reminder")]
    private partial void LogReminderFailed(Exception exception, string webhookId);
}
