using System.Globalization;
using Canvass.Grains.Care;

namespace Canvass.Silo.Simulation;

/// <summary>The <c>--simulate [reports per second]</c> switch.</summary>
public sealed record SimulationOptions(double ReportsPerSecond)
{
    public const double DefaultRate = 200;

    /// <summary>
    /// Under <c>--simulate</c> a quarantined household is due a check this often (<c>Care:CheckTimes</c>), instead of
    /// twice a day, so that the wall shows checks done, late and missed within minutes of the start.
    /// </summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(10);

    /// <summary>Under <c>--simulate</c>, <c>Care:CheckGrace</c>: a check is missed this long after its due time.</summary>
    public static readonly TimeSpan CheckGrace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Under <c>--simulate</c> care runs this many times faster: each <c>Care:Deadlines</c> entry is its default
    /// divided by it, and so are the simulated delays before a request is accepted and delivered.
    /// </summary>
    public const int CareSpeedup = 6;

    /// <summary>
    /// Takes <c>--simulate</c> and its optional rate out of the arguments, and puts the compressed <c>Care:*</c>
    /// settings in front of the rest (a setting given on the command line wins); null when absent.
    /// </summary>
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

        string[] rest = [.. args[..index], .. args[(index + count)..]];
        args = [.. CareSettings(rest), .. rest];
        return new SimulationOptions(rate);
    }

    /// <summary>The compressed care settings, each left out when the command line sets it already.</summary>
    private static IEnumerable<string> CareSettings(string[] given)
    {
        bool Given(string key) => given.Any(a => a.StartsWith($"--{key}", StringComparison.OrdinalIgnoreCase)
            || a.StartsWith($"/{key}", StringComparison.OrdinalIgnoreCase) || a.StartsWith(key, StringComparison.OrdinalIgnoreCase));

        if (!Given("Care:CheckTimes"))
        {
            var slots = (int)(TimeSpan.FromDays(1) / CheckEvery);
            for (var i = 0; i < slots; i++)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"--Care:CheckTimes:{i}={CheckEvery * i:hh\\:mm}");
            }
        }

        if (!Given("Care:CheckGrace"))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Care:CheckGrace={CheckGrace:c}");
        }

        foreach (var (category, deadline) in new CareOptions().Deadlines)
        {
            if (!Given($"Care:Deadlines:{category}"))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"--Care:Deadlines:{category}={deadline / CareSpeedup:c}");
            }
        }
    }
}
