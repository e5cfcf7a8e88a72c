using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>
/// A client's copies of unit summaries, kept as the README tells clients to: per unit the one with the highest
/// version. A test awaits a condition on them, re-checked on every change, instead of sleeping.
/// </summary>
public sealed class UnitCopies
{
    private readonly Dictionary<string, JsonElement> _latest = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static long Version(JsonElement summary) => summary.GetProperty("version").GetInt64();

    public static string Id(JsonElement summary) => summary.GetProperty("id").GetString()!;

    public JsonElement this[string id]
    {
        get
        {
            lock (_latest)
            {
                return _latest[id];
            }
        }
    }

    /// <summary>The version held of each unit: what a client hands back to resume.</summary>
    public Dictionary<string, long> Versions()
    {
        lock (_latest)
        {
            return _latest.ToDictionary(u => u.Key, u => Version(u.Value), StringComparer.Ordinal);
        }
    }

    public void KeepAll(IEnumerable<JsonElement> summaries)
    {
        foreach (var summary in summaries)
        {
            Keep(summary);
        }
    }

    public void Keep(JsonElement summary)
    {
        lock (_latest)
        {
            var id = Id(summary);
            if (_latest.TryGetValue(id, out var held) && Version(held) >= Version(summary))
            {
                return;
            }

            _latest[id] = summary.Clone();
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds of the copies.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyDictionary<string, JsonElement>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_latest)
            {
                if (condition(_latest))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                lock (_latest)
                {
                    throw new TimeoutException($"Within {timeout} the copies never showed {what}; held: "
                        + string.Join(", ", _latest.Select(u => $"{u.Key} v{Version(u.Value)}")));
                }
            }
        }
    }

    /// <summary>
    /// Waits until the copies hold at least the version the server answers for every unit, then reads the server
    /// again: once it has not moved meanwhile, returns what it answered (the copies are then to be held to it).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>> ConvergeAsync(Func<Task<Dictionary<string, JsonElement>>> readServer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var server = await readServer();
        while (true)
        {
            var expected = server;
            await WaitUntilAsync(copies => expected.All(s => copies.TryGetValue(s.Key, out var copy) && Version(copy) >= Version(s.Value)),
                deadline - DateTime.UtcNow, "the server's versions: " + string.Join(", ", expected.Select(s => $"{s.Key} v{Version(s.Value)}")));
            var again = await readServer();
            if (again.All(s => Version(s.Value) == Version(server[s.Key])))
            {
                return again;
            }

            server = again;
        }
    }
}
