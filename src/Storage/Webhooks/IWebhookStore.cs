namespace Canvass.Storage.Webhooks;

/// <summary>
/// Webhook registrations and their outbox, in the journal's store. The outbox keeps, per webhook and unit, the
/// latest delivery owed and the highest version acknowledged, so that a restart neither loses a delivery nor sends
/// a unit's version below one already acknowledged; a registration keeps the day its daily reports are delivered
/// through, the days after it being owed (the published reports themselves are the daily report store's).
/// </summary>
public interface IWebhookStore
{
    /// <summary>
    /// Stores a new registration unless its partner already has <paramref name="maxPerPartner"/> of them (false then,
    /// and nothing is stored); the count and the insert are one atomic step, so registrations made at once cannot
    /// pass the cap together. Throws when the id is taken.
    /// </summary>
    Task<bool> CreateAsync(StoredWebhook webhook, int maxPerPartner = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The registration, or null when there is none with that id.</summary>
    Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The registrations of <paramref name="partner"/> (every one when null), oldest first.</summary>
    Task<IReadOnlyList<StoredWebhook>> ListAsync(string? partner, CancellationToken cancellationToken = default);

    /// <summary>Removes the registration and its outbox; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The outbox of one webhook, one entry per unit it has seen.</summary>
    Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(string webhookId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records deliveries owed, in one transaction. Each replaces the unit's pending delivery only when its version is
    /// above both the pending one and the acknowledged one (a lower or equal version changes nothing). Nothing is
    /// written for a webhook that is not registered (any more).
    /// </summary>
    Task SavePendingAsync(string webhookId, IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the receiver acknowledged <paramref name="version"/> of the unit: the acknowledged version becomes
    /// the higher of the two, and a pending delivery at or below it is cleared. A higher pending one stays.
    /// </summary>
    Task MarkDeliveredAsync(string webhookId, string unitId, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that every daily report up to <paramref name="date"/> was delivered: the registration's
    /// <see cref="StoredWebhook.DailyReportsThrough"/> becomes the later of the two (never earlier). Nothing is
    /// written for a webhook that is not registered (any more).
    /// </summary>
    Task MarkDailyReportsDeliveredAsync(string webhookId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Throws unless the store answers.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
