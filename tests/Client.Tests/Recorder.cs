using System.Runtime.CompilerServices;

namespace Canvass.Client.Tests;

/// <summary>Collects what an event raises and lets a test await a condition on it, with a timeout instead of sleeping.</summary>
public sealed class Recorder<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds over everything recorded so far.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string? what = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Wait.Default);
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (condition(_items))
                {
                    return;
                }

                next = _changed.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not seen within {timeout ?? Wait.Default}: {what}. Recorded: {string.Join("; ", All)}");
            }
        }
    }

    /// <summary>Waits for the first item recorded (so far or later) that matches.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(match))] string? what = null)
    {
        await WaitUntilAsync(items => items.Any(match), timeout, what);
        return All.First(match);
    }
}

public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Re-reads the server until <paramref name="condition"/> holds: for state only the server has, which no event
    /// announces to the test. Fails with <paramref name="what"/> at the deadline.
    /// </summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string? what = null) =>
        Eventually.UntilAsync(condition, what ?? "the condition", timeout ?? Default, TimeSpan.FromMilliseconds(50));
}
