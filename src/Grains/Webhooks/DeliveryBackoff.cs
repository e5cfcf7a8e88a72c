namespace Canvass.Grains.Webhooks;

/// <summary>The wait before the next attempt: exponential from the initial backoff, capped, with jitter.</summary>
public static class DeliveryBackoff
{
    /// <summary>
    /// After <paramref name="failures"/> failed attempts: initial × 2^(failures − 1), at most the maximum, then
    /// scaled by a factor from 0.8 to 1.0 (<paramref name="random"/> from 0 to 1), so that the units of one receiver
    /// that came back do not all retry in the same instant.
    /// </summary>
    public static TimeSpan After(int failures, TimeSpan initial, TimeSpan max, double random)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 40));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.2 * Math.Clamp(random, 0, 1))));
    }
}
