using Canvass.Abstractions.Webhooks;
using Canvass.Storage.Webhooks;
using Microsoft.Extensions.Logging;

namespace Canvass.Grains.Webhooks;

/// <summary>
/// At silo start, activates every registered webhook in the background, so that deliveries owed before a restart go
/// out without waiting for anything else. Needed because the embedded host keeps reminders in memory: after a
/// restart they are gone, while registrations and the outbox are in the store. With Redis reminders it is
/// harmless: activating an active webhook does nothing.
/// </summary>
public sealed partial class WebhookResumption(IGrainFactory grains, IWebhookStore store, ILogger<WebhookResumption> logger)
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(ResumeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ResumeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var webhooks = await store.ListAsync(null);
                await Parallel.ForEachAsync(webhooks, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                    async (webhook, _) => await grains.GetGrain<IWebhookGrain>(webhook.Id).ResumeAsync());
                if (webhooks.Count > 0)
                {
                    LogResumed(webhooks.Count);
                }

                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                LogRetry(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
            catch (Exception e)
            {
                LogGaveUp(e);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Webhooks} webhooks from the store")]
    private partial void LogResumed(int webhooks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming webhooks failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming webhooks failed; each resumes at its reminder's next tick or its first call")]
    private partial void LogGaveUp(Exception exception);
}
