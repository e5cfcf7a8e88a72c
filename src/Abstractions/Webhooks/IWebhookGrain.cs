using Canvass.Abstractions.DailyReports;
using Canvass.Abstractions.Push;

namespace Canvass.Abstractions.Webhooks;

/// <summary>
/// One partner's webhook, keyed by its id: watches its units as a grain observer, keeps what it owes the receiver
/// in the store's outbox, and delivers each unit's latest version until the receiver acknowledges it; follows the
/// daily reports too, and delivers each day published after its registration, one event per unit registered.
/// </summary>
[Alias("canvass.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey, IUnitObserver, IDailyReportsObserver
{
    /// <summary>
    /// Checks where the registration delivers to and that its partner is below its cap, then stores it (durable
    /// before this returns) and starts watching its units; or stores nothing and says why.
    /// </summary>
    /// <exception cref="InvalidOperationException">A webhook with this id exists.</exception>
    [Alias("Register")]
    Task<WebhookCreation> RegisterAsync(WebhookRegistration registration);

    /// <summary>The registration with the state of its deliveries, or null when there is none with this id.</summary>
    [Alias("Get")]
    Task<WebhookInfo?> GetAsync();

    /// <summary>Stops watching, removes the registration and its outbox; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>Activates the webhook (at silo start), which resumes its deliveries from the outbox.</summary>
    [Alias("Resume")]
    Task ResumeAsync();
}
