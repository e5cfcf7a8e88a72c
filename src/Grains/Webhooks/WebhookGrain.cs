using Canvass.Abstractions.DailyReports;
using Canvass.Abstractions.Push;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Webhooks;
using Canvass.Grains.Webhooks.Targets;
using Canvass.Registry;
using Canvass.Storage.DailyReports;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// One webhook registration: its registration and deletion, its watches on its units (<see cref="UnitWatches"/>,
/// on a renewed lease as a gateway host's, so units without webhooks pay nothing) and the reminder that brings it
/// back. What it does with each summary (outbox first, then delivery with backoff) is <see cref="WebhookDeliveries"/>;
/// with the daily reports, which it follows on a lease too, <see cref="DailyReportDeliveries"/>.
/// A reminder brings the grain back after its silo died; at silo start <see cref="WebhookResumption"/> activates
/// every registered webhook (reminders may live in memory only).
/// </summary>
public sealed partial class WebhookGrain(
    IWebhookStore store,
    IDailyReportStore dailyReports,
    UnitRegistry registry,
    WebhookSender sender,
    TargetConnector targets,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    private const string ResumeReminder = "webhook";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RenewPatience = TimeSpan.FromSeconds(10);

    private UnitWatches? _watches;
    private WebhookDeliveries? _deliveries;
    private DailyReportDeliveries? _dailyReports;
    private IGrainTimer? _renew;
    private DeliveryWake? _wake;

    private WebhookOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.GetAsync(this.GetPrimaryKeyString(), cancellationToken) is { } webhook)
        {
            await StartAsync(webhook, await store.LoadOutboxAsync(webhook.Id, cancellationToken));
        }
    }

    public async Task<WebhookCreation> RegisterAsync(WebhookRegistration registration)
    {
        if (_deliveries is not null)
        {
            throw new InvalidOperationException($"Webhook '{_deliveries.Webhook.Id}' exists.");
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

        // A registration gets the daily reports published after it, not those before.
        var webhook = new StoredWebhook(this.GetPrimaryKeyString(), registration.Partner, registration.Url, registration.Secret,
            [.. registration.Units], registration.Children, time.GetUtcNow(), await DailyReportDeliveries.NewestPublishedAsync(GrainFactory));
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
        LogCreated(webhook.Id, webhook.Partner, _deliveries!.Units.Count());
        return new WebhookCreation { Webhook = Info(withDeliveries: false) };
    }

    public Task<WebhookInfo?> GetAsync()
    {
        if (_deliveries is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<WebhookInfo?>(null);
        }

        return Task.FromResult<WebhookInfo?>(Info(withDeliveries: true));
    }

    public async Task<bool> DeleteAsync()
    {
        if (_deliveries is not { } deliveries)
        {
            DeactivateOnIdle();
            return false;
        }

        // Forget first, so that deliveries under way store nothing more (the store ignores writes for an unknown
        // webhook too), then tell the units and remove the registration and its outbox.
        _deliveries = null;
        deliveries.Stop();
        _dailyReports?.Stop();
        _dailyReports = null;
        _renew?.Dispose();
        _wake?.Dispose();
        foreach (var (unitId, error) in _watches is { } watches ? await watches.UnwatchAllAsync() : [])
        {
            // Its lease runs out by itself, and a change it still sends finds no webhook here.
            LogUnwatchFailed(error, deliveries.Webhook.Id, unitId);
        }
        var deleted = await store.DeleteAsync(deliveries.Webhook.Id);
        await ForgetReminderAsync();
        LogDeleted(deliveries.Webhook.Id);
        DeactivateOnIdle();
        return deleted;
    }

    public Task ResumeAsync()
    {
        if (_deliveries is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task OnChangedAsync(UnitChange change)
    {
        if (_deliveries is not { } deliveries)
        {
            // A unit's lease outlives a deleted webhook by up to Rollup:WatchLease; nothing to do for it.
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        deliveries.Offer(change.Unit);
        foreach (var child in change.Children)
        {
            deliveries.Offer(child);
        }

        return Task.CompletedTask;
    }

    public Task OnPublishedAsync(DailyReportDate day)
    {
        if (_dailyReports is not { } daily)
        {
            // The lease outlives a deleted webhook by up to Rollup:WatchLease, as a unit's does.
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        return daily.PublishedAsync(day.Date);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // The tick only brings the grain back (its activation resumes everything); a webhook deleted since has none to keep.
        if (_deliveries is null)
        {
            await ForgetReminderAsync();
            DeactivateOnIdle();
            return;
        }

        Dispatch();
    }

    private async Task StartAsync(StoredWebhook webhook, IReadOnlyList<OutboxEntry> outbox)
    {
        var authority = new PartnerAuthority(GrainFactory, registry, time);
        _wake = new DeliveryWake(this, time, Dispatch);
        var deliveries = new WebhookDeliveries(webhook, store, sender, authority, Options, time, _wake.In, logger);
        _watches = new UnitWatches(this.AsReference<IWebhookGrain>(), id => Grain(registry.Get(id)));
        foreach (var id in webhook.Units)
        {
            if (!registry.TryGet(id, out var unit))
            {
                LogUnknownUnit(webhook.Id, id);
                continue;
            }

            var children = webhook.Children && !unit.IsSite;
            _ = _watches.Add(unit.Id, children);
            deliveries.Follow(unit.Id);
            foreach (var child in children ? unit.Children : [])
            {
                deliveries.Follow(child.Id);
            }
        }

        deliveries.Restore(outbox);
        _deliveries = deliveries;
        // One event per unit registered, not per child: a unit's report holds its children's figures.
        var reportUnits = webhook.Units.Where(id => registry.TryGet(id, out _)).Distinct(StringComparer.Ordinal).ToArray();
        _dailyReports = new DailyReportDeliveries(webhook, reportUnits, store, dailyReports, sender, authority, Options, time, _wake.In, logger);
        await _dailyReports.LoadAsync();

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
        if (_watches is not { } watches)
        {
            return;
        }

        var failed = await watches.RenewAsync(snapshot =>
        {
            _deliveries?.Offer(snapshot.Unit);
            foreach (var child in snapshot.Children)
            {
                _deliveries?.Offer(child);
            }
        }, RenewPatience, cancellationToken);
        if (failed.Count > 0)
        {
            LogRenewFailed(failed[0].Error, this.GetPrimaryKeyString(), failed.Count, watches.Count);
        }

        await (_dailyReports?.FollowAsync(GrainFactory, this.AsReference<IWebhookGrain>()) ?? Task.CompletedTask);
    }

    private void Dispatch()
    {
        _deliveries?.Dispatch();
        _dailyReports?.Dispatch();
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

    private WebhookInfo Info(bool withDeliveries)
    {
        var webhook = _deliveries!.Webhook;
        return new()
        {
            Id = webhook.Id,
            Partner = webhook.Partner,
            Url = webhook.Url,
            Units = webhook.Units,
            Children = webhook.Children,
            CreatedAt = registry.ToLocal(webhook.CreatedAt),
            Deliveries = withDeliveries ? _deliveries.Units.Select(u => u.Status()).ToArray() : null,
            DailyReports = withDeliveries ? _dailyReports?.Status() : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} of {Partner} registered, following {Units} units")]
    private partial void LogCreated(string webhookId, string partner, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} deleted")]
    private partial void LogDeleted(string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} names unit {UnitId}, which the registry no longer has; it is not delivered")]
    private partial void LogUnknownUnit(string webhookId, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not renew {Failed} of its {Units} watches; the next renewal retries")]
    private partial void LogRenewFailed(Exception exception, string webhookId, int failed, int units);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {WebhookId} could not unwatch unit {UnitId}; its lease runs out")]
    private partial void LogUnwatchFailed(Exception exception, string webhookId, string unitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not register or remove its reminder")]
    private partial void LogReminderFailed(Exception exception, string webhookId);
}
