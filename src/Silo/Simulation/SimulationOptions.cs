using System.Globalization;

namespace Canvass.Silo.Simulation;

/// <summary>The <c>--simulate [reports per second]</c> switch.</summary>
public sealed record SimulationOptions(double ReportsPerSecond)
{
    public const double DefaultRate = 200;

    /// <summary>Takes <c>--simulate</c> and its optional rate out of the arguments; null when absent.</summary>
    public static SimulationOptions? FromArgs(ref string[] args)
    {
        var index = Array.IndexOf(args, "--simulate");
        if (index < 0)
        {
            return null;
        }

        var rate = DefaultRate;
        var count = 1;
        if (index + 1 < args.Length && !args[index + 1].StartsWith('-'))
        {
            if (!double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || rate <= 0)
            {
                throw new ArgumentException($"--simulate takes a rate in reports per second (a positive number), not '{args[index + 1]}'.");
            }

            count = 2;
        }

        args = [.. args[..index], .. args[(index + count)..]];
        return new SimulationOptions(rate);
    }
}
