using System.Globalization;
using Canvass.Bench.Cli;
using Canvass.Bench.Scenarios;

// Figures print the same on every machine, whatever its locale, so logs from different runs compare.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Entry point: parse the command line, run one scenario, exit non-zero when it could not run or lost reports.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Ctrl+C ends the measurement early but still prints and writes what was measured.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return options.Scenario switch
    {
        "ingest" => await IngestScenario.RunAsync(options, stop.Token),
        "freshness" => await FreshnessScenario.RunAsync(options, stop.Token),
        "fanout" => await FanoutScenario.RunAsync(options, stop.Token),
        "storage" => await StorageScenario.RunAsync(options, stop.Token),
        "country" => await CountryScenario.RunAsync(options, stop.Token),
        "campaign" => await CampaignScenario.RunAsync(options, stop.Token),
        _ => throw new InvalidOperationException("unreachable: the parser accepts only known scenarios"),
    };
}
catch (BenchException e)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}
