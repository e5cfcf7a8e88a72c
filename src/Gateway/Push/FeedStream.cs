using Canvass.Abstractions.Units;

namespace Canvass.Gateway.Push;

/// <summary>An event stream's subscription to the feed: what its units are now, and its sink, held until released.</summary>
internal sealed class FeedStream(UnitFeed feed, string key, FrameSink sink, IReadOnlyList<UnitSummary> current) : IAsyncDisposable
{
    /// <summary>The current summary of every unit the stream follows, children included.</summary>
    public IReadOnlyList<UnitSummary> Current => current;

    /// <summary>Starts live delivery, after the caller has written the catch-up.</summary>
    public void Release() => sink.Release();

    public ValueTask DisposeAsync() => new(feed.CloseStreamAsync(key));
}
