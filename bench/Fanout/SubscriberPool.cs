using System.Diagnostics;
using System.Net.Sockets;
using Canvass.Bench.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Canvass.Bench.Fanout;

/// <summary>
/// Opens the subscribers a bounded number at a time, districts dealt round-robin, and closes them all at the end.
/// Opening thousands at once would measure the accept queue, not the gateway holding them.
/// </summary>
public sealed class SubscriberPool(Uri server, string? accessToken, IReadOnlyList<string> districts, DeliveryLog log, bool messagePack)
{
    /// <summary>Connections being opened at once.</summary>
    public const int OpenParallelism = 64;

    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    private readonly List<Subscriber> _opened = [];
    private int _attempted;
    private int _failed;
    private string? _firstFailure;

    public int Attempted => Volatile.Read(ref _attempted);

    public int Opened
    {
        get
        {
            lock (_opened)
            {
                return _opened.Count;
            }
        }
    }

    public int Failed => Volatile.Read(ref _failed);

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Set when a failure was the bench running out of descriptors or ports; opening stops there.</summary>
    public string? Exhausted { get; private set; }

    public double OpenSeconds { get; private set; }

    /// <summary>From starting a connection to its Subscribe's reply, for each that opened.</summary>
    public LatencySamples OpenLatency { get; } = new();

    public double CloseSeconds { get; private set; }

    /// <summary>The subscribers that opened, in the order they did.</summary>
    public IReadOnlyList<Subscriber> Subscribers
    {
        get
        {
            lock (_opened)
            {
                return [.. _opened];
            }
        }
    }

    /// <summary>Opens <paramref name="count"/> subscribers; returns false when Ctrl+C cut it short.</summary>
    public async Task<bool> OpenAsync(int count, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = OpenParallelism, CancellationToken = stop.Token }, async (i, token) =>
            {
                Interlocked.Increment(ref _attempted);
                var subscriber = new Subscriber(server, accessToken, districts[i % districts.Count], log, messagePack);
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(OpenTimeout);
                    var opening = Stopwatch.GetTimestamp();
                    await subscriber.StartAsync(timeout.Token);
                    OpenLatency.Add(Stopwatch.GetElapsedTime(opening).TotalMilliseconds);
                    lock (_opened)
                    {
                        _opened.Add(subscriber);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or SocketException or System.Net.WebSockets.WebSocketException or InvalidOperationException or HubException or TimeoutException or OperationCanceledException)
                {
                    await subscriber.DisposeAsync();
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _failed);
                    var reason = e is OperationCanceledException ? $"no connection and subscription within {OpenTimeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message}";
                    Interlocked.CompareExchange(ref _firstFailure, reason, null);
                    if (FileLimits.Exhausted(e) is { } exhausted)
                    {
                        // Every later attempt would fail the same way; say why once and stop.
                        Exhausted ??= exhausted;
                        await stop.CancelAsync();
                    }
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        OpenSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return !cancel.IsCancellationRequested;
    }

    /// <summary>Closes every subscriber, a bounded number at a time, and waits until all have.</summary>
    public async Task CloseAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Subscribers, new ParallelOptions { MaxDegreeOfParallelism = OpenParallelism }, (s, _) => s.DisposeAsync());
        CloseSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
