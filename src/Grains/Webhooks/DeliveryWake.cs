namespace Canvass.Grains.Webhooks;

/// <summary>
/// One grain timer for a webhook's two kinds of delivery: it fires at the earliest time either asked for and runs
/// <paramref name="dispatch"/>, where each asks again for its next, so a wake-up earlier than one needed costs a look.
/// </summary>
internal sealed class DeliveryWake(IGrainBase grain, TimeProvider time, Action dispatch) : IDisposable
{
    private IGrainTimer? _timer;
    private DateTimeOffset? _at;

    /// <summary>Asks to be woken after <paramref name="due"/>, unless an earlier wake-up is set.</summary>
    public void In(TimeSpan due)
    {
        var at = time.GetUtcNow() + due;
        if (_at is { } set && set <= at)
        {
            return;
        }

        _at = at;
        _timer ??= grain.RegisterGrainTimer(_ =>
        {
            _at = null;
            dispatch();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer?.Dispose();
}
