using System.Diagnostics;
using System.Net;
using Canvass.Bench.Load;

namespace Canvass.Bench.Campaign;

/// <summary>
/// Reads one unit's summary as the server sends it (<c>GET /api/units/{id}</c>, the JSON text), to compare it
/// whole, version included, before a kill and after the restart, as bench/restart.sh does with the city.
/// </summary>
public sealed class UnitReads(ReportClient client, string unitId)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public string UnitId => unitId;

    /// <summary>The summary once it has not changed for <paramref name="quiet"/>: every flush of the round has arrived. Null on timeout.</summary>
    public async Task<string?> WaitStableAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string? last = null;
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var now = await ReadAsync(cancel);
            if (now is null || now != last)
            {
                (last, since) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(since) >= quiet)
            {
                return last;
            }

            await Task.Delay(Poll, cancel);
        }

        return null;
    }

    /// <summary>Polls until the summary reads exactly <paramref name="expected"/>; false on timeout.</summary>
    public async Task<bool> WaitEqualAsync(string expected, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await ReadAsync(cancel) == expected)
            {
                return true;
            }

            await Task.Delay(Poll, cancel);
        }

        return false;
    }

    /// <summary>The summary's text, or null while the server does not answer it with 200 (down, starting, loading).</summary>
    private async Task<string?> ReadAsync(CancellationToken cancel) =>
        await client.TryGetTextAsync($"/api/units/{Uri.EscapeDataString(unitId)}", cancel) is { Status: HttpStatusCode.OK } answer ? answer.Body : null;
}
