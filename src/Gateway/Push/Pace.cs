using System.Globalization;

namespace Canvass.Gateway.Push;

/// <summary>
/// How often a subscriber may receive a frame: at most <see cref="MaxRate"/> frames a second, or every change
/// (<c>maxRate</c> 0: a frame as soon as the previous one is written). A client names it as <c>maxRate</c>.
/// </summary>
public readonly record struct Pace
{
    /// <summary>The highest <c>maxRate</c> a subscriber may ask for; above it, ask for every change (0).</summary>
    public const double Highest = 100;

    private Pace(double maxRate) => MaxRate = maxRate;

    /// <summary>Frames a second at most; 0 for every change.</summary>
    public double MaxRate { get; }

    /// <summary>The least time between the starts of two frames; zero for every change.</summary>
    public TimeSpan Interval => MaxRate == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / MaxRate);

    public static Pace EveryChange { get; } = new(0);

    /// <summary>The pace a client asked for, <paramref name="fallback"/> when it named none; null with why when not valid.</summary>
    public static Pace? TryParse(double? maxRate, Pace fallback, out string error)
    {
        error = "";
        if (maxRate is not { } rate)
        {
            return fallback;
        }

        if (double.IsNaN(rate) || rate < 0 || rate > Highest)
        {
            error = $"maxRate {rate.ToString(CultureInfo.InvariantCulture)} must be a number of frames a second from 0 to {Highest} (0 for every change).";
            return null;
        }

        return new Pace(rate);
    }

    /// <summary>The deployment's default pace (Push:DefaultMaxRate), checked like a client's.</summary>
    public static Pace Default(PushOptions options) =>
        TryParse(options.DefaultMaxRate, EveryChange, out var error) ?? throw new InvalidOperationException("Push:DefaultMaxRate: " + error);
}
