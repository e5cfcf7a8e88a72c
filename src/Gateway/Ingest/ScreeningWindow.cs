using Canvass.Abstractions.Gaps;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// The earliest report time this deployment accepts: <see cref="IngestOptions.PastWindow"/> before its screening
/// start. A report back-dated further (a phone's clock at 2000) would otherwise set its site's first-report time for
/// good and raise an at-once, fully escalated coverage alert. The start is asked of the silos (it is theirs to decide)
/// and kept for a minute, so that a start set again by configuration reaches every gateway soon.
/// </summary>
public sealed class ScreeningWindow(IGrainFactory grains, IOptions<IngestOptions> options, ObservationClock clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    // A reference, replaced whole: concurrent batches read it while one of them refreshes it.
    private Known? _known;

    /// <summary>The screening start and the earliest accepted time, from the silos at most a minute ago.</summary>
    public async ValueTask<ReportTimeBounds> GetAsync()
    {
        var now = clock.UtcNow;
        var known = Volatile.Read(ref _known);
        if (known is null || now - known.ReadAt > Keep)
        {
            known = new Known(await grains.GetGrain<IScreeningStartGrain>(0).GetAsync(), now);
            Volatile.Write(ref _known, known);
        }

        return new ReportTimeBounds(known.Start, known.Start - options.Value.PastWindow, now, options.Value.FutureTolerance);
    }

    private sealed record Known(DateTimeOffset Start, DateTimeOffset ReadAt);
}

/// <summary>The times of observation a batch may carry: from <paramref name="Earliest"/> up to <paramref name="Now"/> plus <paramref name="Skew"/> (a phone's clock ahead).</summary>
public readonly record struct ReportTimeBounds(DateTimeOffset ScreeningStart, DateTimeOffset Earliest, DateTimeOffset Now, TimeSpan Skew);
