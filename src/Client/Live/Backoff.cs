namespace Canvass.Client.Live;

/// <summary>
/// Waits between attempts to reconnect: none before the first (a blip is repaired at once), then doubling from the
/// first delay up to the longest, each with ±20% jitter so that many clients of one restarted server spread out.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan first, TimeSpan longest)
    {
        if (failedAttempts <= 0)
        {
            return TimeSpan.Zero;
        }

        var doubled = first.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var capped = Math.Min(doubled, longest.TotalMilliseconds);
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, longest.TotalMilliseconds));
    }
}
