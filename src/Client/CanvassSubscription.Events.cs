using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Canvass.Client.Live;

namespace Canvass.Client;

/// <summary>Raising events in order on one dispatcher, and the same changes as an asynchronous stream.</summary>
public sealed partial class CanvassSubscription
{
    /// <summary>
    /// The summaries held now, then every change as <see cref="Changed"/> raises it, until the subscription is disposed
    /// or <paramref name="cancellationToken"/> is cancelled. Each enumeration has its own buffer, so a slow reader
    /// delays nobody else.
    /// </summary>
    public async IAsyncEnumerable<UnitSummary> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<UnitSummary>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        UnitSummary[] held;
        lock (_lock)
        {
            if (_disposed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _readers.Add(channel);
            }

            held = [.. _latest.Values];
        }

        var yielded = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var summary in held)
            {
                yielded[summary.Id] = summary.Version;
                yield return summary;
            }

            await foreach (var summary in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A change raised just before this enumeration took its copy comes through the channel as well.
                if (yielded.TryGetValue(summary.Id, out var version) && version == summary.Version)
                {
                    continue;
                }

                yielded[summary.Id] = summary.Version;
                yield return summary;
            }
        }
        finally
        {
            lock (_lock)
            {
                _readers.Remove(channel);
            }
        }
    }

    private async Task DispatchAsync()
    {
        OnDispatcher.Value = true;
        await foreach (var notification in _notifications.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (notification)
                {
                    case ChangedNotification changed:
                        Changed?.Invoke(changed.Summary);
                        Forward(changed.Summary);
                        break;
                    case GapNotification { Repaired: false } gap:
                        GapDetected?.Invoke(gap.Gap);
                        break;
                    case GapNotification gap:
                        GapRepaired?.Invoke(gap.Gap);
                        break;
                    case StateNotification state:
                        ConnectionStateChanged?.Invoke(state.Change);
                        break;
                }
            }
            catch (Exception e)
            {
                Log.HandlerFailed(_logger, e);
            }
        }
    }

    private void Forward(UnitSummary summary)
    {
        Channel<UnitSummary>[] readers;
        lock (_lock)
        {
            readers = [.. _readers];
        }

        foreach (var reader in readers)
        {
            reader.Writer.TryWrite(summary);
        }
    }

    private abstract record Notification;

    private sealed record ChangedNotification(UnitSummary Summary) : Notification;

    private sealed record GapNotification(UnitGap Gap, bool Repaired) : Notification;

    private sealed record StateNotification(ConnectionStateChange Change) : Notification;
}
