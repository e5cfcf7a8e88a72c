using Canvass.Abstractions.Gaps;
using Orleans.Concurrency;

namespace Canvass.Grains.Gaps;

/// <summary>Answers from the silo's <see cref="ScreeningStart"/>, read at silo start.</summary>
[StatelessWorker, Reentrant]
public sealed class ScreeningStartGrain(ScreeningStart start) : Grain, IScreeningStartGrain
{
    public Task<DateTimeOffset> GetAsync() => Task.FromResult(new DateTimeOffset(start.UtcTicks, TimeSpan.Zero));
}
