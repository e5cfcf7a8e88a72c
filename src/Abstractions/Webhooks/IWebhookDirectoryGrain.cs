namespace Canvass.Abstractions.Webhooks;

/// <summary>
/// Lists webhook registrations from the store, for a gateway that has no access to it. A stateless worker: call it
/// with key 0.
/// </summary>
[Alias("canvass.IWebhookDirectoryGrain")]
public interface IWebhookDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The registrations of <paramref name="partner"/> (every one when null), oldest first, without delivery state.</summary>
    [Alias("List")]
    Task<IReadOnlyList<WebhookInfo>> ListAsync(string? partner);
}
