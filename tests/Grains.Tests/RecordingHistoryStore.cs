using Canvass.Storage.History;
using Canvass.Storage.Memory;

namespace Canvass.Grains.Tests;

/// <summary>One call a history store received.</summary>
public sealed record HistoryStoreCall(string Kind, IReadOnlyList<HistoryPoint> Points, DateTimeOffset? Now, bool Failed);

/// <summary>
/// A memory history store that logs its writes and compactions, fails appends on request, and lets a test await a
/// call instead of sleeping.
/// </summary>
public sealed class RecordingHistoryStore : IUnitHistoryStore
{
    private readonly MemoryHistoryStore _inner = new();
    private readonly List<HistoryStoreCall> _calls = [];
    private readonly List<(Func<HistoryStoreCall, bool> Condition, TaskCompletionSource<HistoryStoreCall> Done)> _waits = [];
    private int _failures;

    public IReadOnlyList<HistoryStoreCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>The next <paramref name="count"/> appends throw and write nothing.</summary>
    public void FailNextAppends(int count) => Interlocked.Exchange(ref _failures, count);

    /// <summary>Completes with the first call (made already or later) that satisfies <paramref name="condition"/>.</summary>
    public async Task<HistoryStoreCall> WaitForAsync(Func<HistoryStoreCall, bool> condition, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<HistoryStoreCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls)
        {
            if (_calls.FirstOrDefault(condition) is { } call)
            {
                return call;
            }

            _waits.Add((condition, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}; the store saw: {string.Join("; ", Calls.Select(Describe))}");
        }
    }

    public Task WriteScreeningAsync(IReadOnlyList<ScreeningWrite> writes, CancellationToken cancellationToken = default) =>
        _inner.WriteScreeningAsync(writes, cancellationToken);

    public Task<(long[]? Before, IReadOnlyList<ScreeningRow> Rows)> ScreeningAsync(string unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        _inner.ScreeningAsync(unitId, from, to, cancellationToken);

    public async Task AppendAsync(IReadOnlyList<HistoryPoint> points, CancellationToken cancellationToken = default)
    {
        var fail = Interlocked.Decrement(ref _failures) >= 0;
        try
        {
            if (fail)
            {
                throw new IOException("Injected history write failure.");
            }

            await _inner.AppendAsync(points, cancellationToken);
        }
        finally
        {
            Log(new HistoryStoreCall("append", points.ToArray(), null, fail));
        }
    }

    public Task<IReadOnlyList<HistoryPoint>> RangeAsync(string unitId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default) =>
        _inner.RangeAsync(unitId, from, to, limit, cancellationToken);

    public Task<HistoryPoint?> AsOfAsync(string unitId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _inner.AsOfAsync(unitId, at, cancellationToken);

    public Task<IReadOnlyList<HistoryPoint>> AsOfManyAsync(IReadOnlyList<string> unitIds, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _inner.AsOfManyAsync(unitIds, at, cancellationToken);

    public async Task<int> CompactAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var removed = await _inner.CompactAsync(now, cancellationToken);
        Log(new HistoryStoreCall("compact", [], now, false));
        return removed;
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private void Log(HistoryStoreCall call)
    {
        List<TaskCompletionSource<HistoryStoreCall>> met;
        lock (_calls)
        {
            _calls.Add(call);
            met = _waits.Where(w => w.Condition(call)).Select(w => w.Done).ToList();
            _waits.RemoveAll(w => met.Contains(w.Done));
        }

        met.ForEach(d => d.TrySetResult(call));
    }

    private static string Describe(HistoryStoreCall call) => call.Kind == "compact"
        ? $"compact at {call.Now:O}"
        : $"append{(call.Failed ? " (failed)" : "")} of {string.Join(", ", call.Points.Select(p => $"{p.UnitId}@{p.At:HH:mm:ss}"))}";
}
