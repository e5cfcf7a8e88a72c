using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Ingest;

/// <summary>
/// The ingest bytes this gateway holds at once, across every request, bounded by <see cref="IngestOptions.MaxBytesInFlight"/>.
/// A body is buffered whole before it is parsed, so fifty 8 MiB posts at once were 400 MiB of buffers before any
/// per-client limit could help (the writes limit counts requests, not bytes). A request with a Content-Length
/// reserves it before a byte is read; one without reserves as it streams.
/// </summary>
public sealed class IngestBudget(IOptions<IngestOptions> options)
{
    private long _inFlight;

    /// <summary>Bytes reserved now, for tests and metrics.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>A reservation of nothing yet, grown with <see cref="Reservation.TryGrow"/> and released when disposed.</summary>
    public Reservation Open() => new(this);

    private bool TryTake(long bytes)
    {
        var max = options.Value.MaxBytesInFlight;
        while (true)
        {
            var held = Interlocked.Read(ref _inFlight);
            if (held + bytes > max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, held + bytes, held) == held)
            {
                return true;
            }
        }
    }

    /// <summary>One request's share of the budget.</summary>
    public sealed class Reservation(IngestBudget budget) : IDisposable
    {
        private long _held;

        /// <summary>Makes the reservation at least <paramref name="total"/> bytes; false (and unchanged) when the budget has not that much left.</summary>
        public bool TryGrow(long total)
        {
            if (total <= _held)
            {
                return true;
            }

            if (!budget.TryTake(total - _held))
            {
                return false;
            }

            _held = total;
            return true;
        }

        public void Dispose()
        {
            Interlocked.Add(ref budget._inFlight, -_held);
            _held = 0;
        }
    }
}
