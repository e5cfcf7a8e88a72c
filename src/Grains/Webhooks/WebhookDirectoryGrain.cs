using Canvass.Abstractions.Webhooks;
using Canvass.Registry;
using Canvass.Storage.Webhooks;
using Orleans.Concurrency;

namespace Canvass.Grains.Webhooks;

/// <summary>Lists webhook registrations from the store for callers without access to it (a standalone gateway).</summary>
/// <remarks>No state: a stateless worker on every silo, as the history reader is.</remarks>
[StatelessWorker, Reentrant]
public sealed class WebhookDirectoryGrain(IWebhookStore store, UnitRegistry registry) : Grain, IWebhookDirectoryGrain
{
    public async Task<IReadOnlyList<WebhookInfo>> ListAsync(string? partner) =>
        (await store.ListAsync(partner)).Select(w => new WebhookInfo
        {
            Id = w.Id,
            Partner = w.Partner,
            Url = w.Url,
            Units = w.Units,
            Children = w.Children,
            CreatedAt = registry.ToLocal(w.CreatedAt),
        }).ToArray();
}
