using System.Globalization;
using System.Text.Json;
using Canvass.Abstractions.DailyReports;
using Canvass.Abstractions.Webhooks;
using Canvass.Storage.DailyReports;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// A webhook's deliveries of the daily reports: every day published after <see cref="StoredWebhook.DailyReportsThrough"/>
/// is owed, oldest first, one event per unit registered (a unit's report holds its children), one attempt at a time
/// with the unit deliveries' backoff. Nothing owed is written anywhere: the published days are the daily report
/// store's, and only the day delivered through is recorded, once each unit's event of it is acknowledged; so a
/// restart owes again every day after it (a day part delivered is sent again whole: at least once). Runs on its
/// grain's scheduler, as <see cref="WebhookDeliveries"/>.
/// </summary>
internal sealed partial class DailyReportDeliveries(
    StoredWebhook webhook,
    IReadOnlyList<string> unitIds,
    IWebhookStore store,
    IDailyReportStore reports,
    WebhookSender sender,
    PartnerAuthority authority,
    WebhookOptions options,
    TimeProvider time,
    Action<TimeSpan> wakeIn,
    ILogger logger)
{
    private readonly SortedSet<DateOnly> _owed = [];
    private DateOnly? _through = webhook.DailyReportsThrough;
    private DateOnly? _newest = webhook.DailyReportsThrough;
    private bool _loaded;
    private int _nextUnit;
    private int _failures;
    private DateTimeOffset _dueAt;
    private string? _lastError;
    private bool _inFlight;
    private bool _stopped;

    /// <summary>Reads the published days from the store: those after the day delivered through become owed.</summary>
    public async Task LoadAsync()
    {
        try
        {
            var days = await reports.ListAsync();
            if (_through is null && days.Count > 0)
            {
                // Registered before webhooks carried the daily reports: it starts after the newest day, as a new one does.
                await store.MarkDailyReportsDeliveredAsync(webhook.Id, days[^1].Date);
                _through = days[^1].Date;
            }

            _loaded = true;
            Owe(days.Select(h => h.Date));
        }
        catch (Exception e)
        {
            // The next renewal reads again.
            LogLoadFailed(e, webhook.Id);
        }
    }

    /// <summary>
    /// The day a new registration's deliveries start after: the newest published. Listing publishes a day that is
    /// due first, so that a deployment's first day is not delivered as if it were new.
    /// </summary>
    public static async Task<DateOnly?> NewestPublishedAsync(IGrainFactory grains) =>
        (await grains.GetGrain<IDailyReportsGrain>(0).ListAsync()) is [.., var newest] ? newest.Date : null;

    /// <summary>Follows the publications on a lease, and reads the store again when a day was published unheard of.</summary>
    public async Task FollowAsync(IGrainFactory grains, IDailyReportsObserver self)
    {
        try
        {
            var newest = await grains.GetGrain<IDailyReportsGrain>(0).FollowAsync(self);
            if (!_loaded || (newest is { } day && !(day <= _newest)))
            {
                await LoadAsync();
            }
        }
        catch (Exception e)
        {
            LogFollowFailed(e, webhook.Id);
        }
    }

    /// <summary>
    /// A day just published: owed at once when it is the day after the newest known; else a notice was lost (or the
    /// store not read yet), and the store, which holds every day, is read again. So days become owed in order only,
    /// and none is passed over.
    /// </summary>
    public async Task PublishedAsync(DateOnly date)
    {
        if (_loaded && _newest is { } newest && date == newest.AddDays(1))
        {
            Owe([date]);
        }
        else if (!(date <= _newest))
        {
            await LoadAsync();
        }
    }

    /// <summary>Days published: each after the day delivered through is owed, and delivery starts when due.</summary>
    private void Owe(IEnumerable<DateOnly> dates)
    {
        foreach (var date in dates)
        {
            if (_newest is null || date > _newest)
            {
                _newest = date;
            }

            if (!_stopped && unitIds.Count > 0 && !(date <= _through))
            {
                _owed.Add(date);
            }
        }

        Dispatch();
    }

    /// <summary>Stops for good: nothing more is sent or recorded.</summary>
    public void Stop()
    {
        _stopped = true;
        _owed.Clear();
    }

    /// <summary>Starts the next attempt when it is due, or asks to be woken then.</summary>
    public void Dispatch()
    {
        if (_stopped || _inFlight || _owed.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_dueAt > now)
        {
            wakeIn(_dueAt - now);
            return;
        }

        // Beside the grain's turns, on its scheduler, as the unit deliveries.
        _ = DeliverAsync(_owed.Min, unitIds[_nextUnit]);
    }

    public WebhookDailyReportDeliveries Status() => new()
    {
        DeliveredThrough = _through,
        PendingDate = _owed.Count > 0 ? _owed.Min : null,
        FailedAttempts = _failures,
        NextAttemptAt = _failures > 0 && _owed.Count > 0 ? _dueAt : null,
        LastError = _failures > 0 ? _lastError : null,
    };

    private async Task DeliverAsync(DateOnly date, string unitId)
    {
        _inFlight = true;
        try
        {
            var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var body = JsonSerializer.Serialize(DailyReportDelivery.Of(DailyReportPublished.Of(date, unitId)), WireJsonOptions.Default);
            var error = await authority.IsRevokedAsync(webhook)
                ? WebhookSender.Revoked
                : await sender.SendAsync(webhook, WebhookSender.DailyReportEvent, $"{unitId}:{WebhookSender.DailyReportEvent}:{day}", body, CancellationToken.None);
            if (error is null)
            {
                await DeliveredAsync(date);
            }
            else
            {
                var wait = Failed();
                _lastError = error;
                LogAttemptFailed(webhook.Id, unitId, date, _failures, error, wait);
            }
        }
        catch (Exception e)
        {
            Failed();
            LogDeliveryCrashed(e, webhook.Id, unitId, date);
        }
        finally
        {
            _inFlight = false;
        }

        Dispatch();
    }

    private async Task DeliveredAsync(DateOnly date)
    {
        _failures = 0;
        _lastError = null;
        if (++_nextUnit < unitIds.Count || _stopped)
        {
            return;
        }

        _nextUnit = 0;
        _owed.Remove(date);
        _through = date;
        try
        {
            await store.MarkDailyReportsDeliveredAsync(webhook.Id, date);
        }
        catch (Exception e)
        {
            // The store still has the day before: after a restart this day is sent again, which at least once allows.
            LogMarkFailed(e, webhook.Id, date);
        }
    }

    private TimeSpan Failed()
    {
        _failures++;
        var wait = DeliveryBackoff.After(_failures, options.InitialBackoff, options.MaxBackoff, Random.Shared.NextDouble());
        _dueAt = time.GetUtcNow() + wait;
        return wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not follow the daily reports; the next renewal retries")]
    private partial void LogFollowFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not read the published daily reports; the next renewal retries")]
    private partial void LogLoadFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not record the delivery of the daily report of {Date}; it may be delivered again after a restart")]
    private partial void LogMarkFailed(Exception exception, string webhookId, DateOnly date);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: the daily report of {Date} for {UnitId} failed ({Failures} in a row: {Error}); next attempt in {Wait}")]
    private partial void LogAttemptFailed(string webhookId, string unitId, DateOnly date, int failures, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId}: delivering the daily report of {Date} for {UnitId} failed unexpectedly; retrying with backoff")]
    private partial void LogDeliveryCrashed(Exception exception, string webhookId, string unitId, DateOnly date);
}
