namespace Canvass.Cluster.Tests;

/// <summary>The embedded host on a fake screening clock, disposable with <c>await using</c>: the daily report tests' host.</summary>
internal sealed class DailyHost(string[] settings, DateTimeOffset clockStart) : EmbeddedHost(settings, clockStart: clockStart), IAsyncDisposable
{
    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
