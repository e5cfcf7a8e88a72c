using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Cluster.Tests;

/// <summary>A wall display on one gateway: subscribed to the city, recording every push with the time it came.</summary>
public sealed class CityWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<(Func<JsonElement, bool> Condition, TaskCompletionSource<JsonElement> Done)> _waits = [];

    private CityWatcher(Uri gateway)
    {
        _connection = new HubConnectionBuilder().WithUrl(new Uri(gateway, "/hubs/monitor"), TestTokens.Hub()).WithAutomaticReconnect().Build();
        _connection.OnUnits(Received);
    }

    public ConcurrentQueue<(DateTime At, JsonElement Summary)> Updates { get; } = new();

    public static async Task<CityWatcher> StartAsync(Uri gateway)
    {
        var watcher = new CityWatcher(gateway);
        await watcher._connection.StartAsync();
        await watcher._connection.InvokeAsync<JsonElement>("Subscribe", "4403", false);
        return watcher;
    }

    public int UpdatesBetween(DateTime from, DateTime to) => Updates.Count(u => u.At >= from && u.At < to);

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (Updates.LastOrDefault().Summary is { ValueKind: JsonValueKind.Object } last && condition(last))
            {
                return last;
            }

            _waits.Add((condition, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No city update showed {what} within {timeout}; last: {Updates.LastOrDefault().Summary}");
        }
    }

    private void Received(JsonElement summary)
    {
        lock (_waits)
        {
            Updates.Enqueue((DateTime.UtcNow, summary));
            foreach (var wait in _waits.Where(w => w.Condition(summary)).ToArray())
            {
                _waits.Remove(wait);
                wait.Done.TrySetResult(summary);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
