using System.Globalization;

namespace Canvass.Bench.Cli;

/// <summary>Everything the command line can set. Defaults differ by scenario where the brief asks for it.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench -- <ingest|freshness|fanout|country|storage|campaign> [options]

        common:
          --url URL            server base address            (default http://127.0.0.1:5000)
          --metrics-url URL    the server's management address, where /metrics is (its Management:Urls;
                               default: --url)
          --token T            bearer token for the API and the hub: an admin token of the registry's root, which
                               may submit and read and is not rate limited (bench/run.sh mints one)
          --sites PATH         sites CSV                      (default: data/shenzhen/shenzhen-sites.csv, searched upward from the current dir)
          --senders N          concurrent batch senders       (ingest 16, freshness 4, fanout 8)
          --batch N            reports per POST               (ingest 500, freshness and fanout 50)
          --rate N             reports/s, 0 = flat out        (ingest 0, freshness and fanout 1000)
          --server-pid PID     sample the server's CPU and RSS from /proc
          --out PATH           result file                    (default bench-results/<scenario>-<timestamp>.json)
          --seed N             random seed                    (default: random)

        ingest:
          --duration S         measured seconds               (default 30)
          --warmup S           unmeasured seconds before       (default 5)

        storage (no server: the journal backends themselves, through the silo's group-commit code):
          --duration S         seconds per backend            (default 10)
          --senders N          concurrent appenders           (default 16)
          --batch N            records per append             (default 100)
          --postgres CS        also measure PostgreSQL at this Npgsql connection string

        country (a whole registry in one server: load, touch every site once, check the root):
          --registry PATH      registry manifest the server runs (default: data/china/registry.json, searched upward)
          --senders N          concurrent batch senders       (default 4)
          --batch N            reports per POST               (default 2000)
          --wait S             longest wait for the server to be ready and warm (default 3600)
          --settle S           longest wait for the root to account for every report (default 300)

        campaign (rounds of re-screening; the bench starts the server itself, kills it with SIGKILL and starts it again):
          --rounds N           rounds                         (default 20)
          --district CODE      district re-screened           (default 440304, Futian)
          --city               the whole city instead of one district
          --max-sites N        only the district's first N sites (smoke runs)
          --restart-every K    kill and restart after every K-th round, 0 = never (default 1)
          --senders N          concurrent batch senders       (default 8)
          --batch N            reports per POST               (default 1000)
          --journal PATH       the server's SQLite file, for its bytes on disk and its snapshots
          --postgres CS        or the server's PostgreSQL database, for the same
          --server-log PATH    where the server's output goes (default: a temporary file)
          --settle S           longest wait for a round to settle, and for exact figures after a restart (default 300)
          --wait S             longest wait for the server to be ready and warm at each start (default 3600)
          -- COMMAND...        last: the server's command line, run again at each restart (bench/run.sh passes it)

        freshness:
          --interval MS        time between markers           (default 200)
          --count N            markers                        (default 200)
          --marker-site ID     site that gets the markers     (default: the largest site; background load skips it)
          --warmup S           background-only seconds before the first marker (default 3)
          --drain S            wait for late pushes after the last marker      (default 5)

        fanout (many dashboards on one gateway, under steady background load):
          --connections N      monitor connections, each subscribed to a district and its children (default 10000)
          --warmup S           background-only seconds before the baseline memory sample (default 5)
          --duration S         measured seconds once every connection is open            (default 30)
          --protocol P         the hub protocol of every connection: json or messagepack (default json, as the web app)
        """;

    public required string Scenario { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Help { get; init; }
    public Uri Url { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>The server's management address (its <c>Management:Urls</c>), where /metrics is served; the API's when unset.</summary>
    public Uri? MetricsUrl { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Uri Metrics => MetricsUrl ?? Url;

    // Kept out of the result file: a token is a credential, valid until it expires.
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Token { get; init; }
    public string? SitesPath { get; init; }
    public int Senders { get; init; }
    public int Batch { get; init; }
    public int Rate { get; init; }
    public int? ServerPid { get; init; }
    public string? OutPath { get; init; }
    public int? Seed { get; init; }
    public double DurationSeconds { get; init; } = 30;
    public double WarmupSeconds { get; init; }
    public int IntervalMs { get; init; } = 200;
    public int Count { get; init; } = 200;
    public string? MarkerSite { get; init; }
    public double DrainSeconds { get; init; } = 5;
    public int Connections { get; init; } = 10_000;
    public string Protocol { get; init; } = "json";
    [System.Text.Json.Serialization.JsonIgnore]
    public string? PostgreSql { get; init; }
    public string? RegistryPath { get; init; }
    public double WaitSeconds { get; init; } = 3600;
    public double SettleSeconds { get; init; } = 300;
    public int Rounds { get; init; } = 20;
    public string District { get; init; } = "440304";
    public bool City { get; init; }
    public int? MaxSites { get; init; }
    public int RestartEvery { get; init; } = 1;
    public string? JournalPath { get; init; }
    public string? ServerLog { get; init; }

    // Kept out of the result file: it carries the server's settings, a PostgreSQL password among them.
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> ServerCommand { get; init; } = [];

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            return new BenchOptions { Scenario = "", Help = true };
        }

        var scenario = args[0];
        if (scenario is not ("ingest" or "freshness" or "fanout" or "country" or "storage" or "campaign"))
        {
            throw new ArgumentException($"unknown scenario '{scenario}'; expected ingest, freshness, fanout, country, storage or campaign.");
        }

        var ingest = scenario == "ingest";
        var storage = scenario == "storage";
        var country = scenario == "country";
        var campaign = scenario == "campaign";
        var options = new BenchOptions
        {
            Scenario = scenario,
            // Fanout's pushes slow the acknowledgements down; more senders keep the background at its rate.
            Senders = ingest || storage ? 16 : scenario == "fanout" || campaign ? 8 : 4,
            // Small background batches spread the freshness load evenly instead of two bursts a second.
            Batch = ingest ? 500 : storage ? 100 : country ? 2000 : campaign ? 1000 : 50,
            Rate = ingest || storage || campaign ? 0 : 1000,
            WarmupSeconds = ingest || scenario == "fanout" ? 5 : 3,
            DurationSeconds = storage ? 10 : 30,
        };

        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            // Everything after "--" is the server's command line, whatever it looks like.
            if (name == "--")
            {
                return campaign && i + 1 < args.Length
                    ? options with { ServerCommand = args[(i + 1)..] }
                    : throw new ArgumentException("'--' starts the server's command line, for the campaign scenario only.");
            }

            if (name == "--city")
            {
                options = options with { City = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option {name} needs a value.");
            }

            var value = args[++i];
            options = name switch
            {
                "--url" => options with { Url = ParseUrl(value) },
                "--metrics-url" => options with { MetricsUrl = ParseUrl(value) },
                "--token" => options with { Token = value },
                "--sites" => options with { SitesPath = value },
                "--senders" => options with { Senders = ParseInt(name, value, 1, 1024) },
                "--batch" => options with { Batch = ParseInt(name, value, 1, 10_000) },
                "--rate" => options with { Rate = ParseInt(name, value, 0, 10_000_000) },
                "--server-pid" => options with { ServerPid = ParseInt(name, value, 1, int.MaxValue) },
                "--out" => options with { OutPath = value },
                "--seed" => options with { Seed = ParseInt(name, value, int.MinValue, int.MaxValue) },
                "--duration" => options with { DurationSeconds = ParseSeconds(name, value, 0.1) },
                "--warmup" => options with { WarmupSeconds = ParseSeconds(name, value, 0) },
                "--interval" => options with { IntervalMs = ParseInt(name, value, 1, 600_000) },
                "--count" => options with { Count = ParseInt(name, value, 1, 10_000_000) },
                "--marker-site" => options with { MarkerSite = value },
                "--drain" => options with { DrainSeconds = ParseSeconds(name, value, 0) },
                "--postgres" => options with { PostgreSql = value },
                "--connections" => options with { Connections = ParseInt(name, value, 1, 1_000_000) },
                "--protocol" => value is "json" or "messagepack" ? options with { Protocol = value } : throw new ArgumentException($"--protocol must be json or messagepack, not '{value}'."),
                "--registry" => options with { RegistryPath = value },
                "--wait" => options with { WaitSeconds = ParseSeconds(name, value, 1) },
                "--settle" => options with { SettleSeconds = ParseSeconds(name, value, 1) },
                "--rounds" => options with { Rounds = ParseInt(name, value, 1, 10_000) },
                "--district" => options with { District = value },
                "--max-sites" => options with { MaxSites = ParseInt(name, value, 1, int.MaxValue) },
                "--restart-every" => options with { RestartEvery = ParseInt(name, value, 0, 10_000) },
                "--journal" => options with { JournalPath = value },
                "--server-log" => options with { ServerLog = value },
                _ => throw new ArgumentException($"unknown option {name}."),
            };
        }

        return campaign && options.ServerCommand.Count == 0
            ? throw new ArgumentException("campaign kills and restarts the server itself: end the options with -- and the server's command line (bench/run.sh campaign does).")
            : options;
    }

    private static Uri ParseUrl(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--url '{value}' is not an http(s) address.");

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} '{value}' must be a whole number from {min} to {max}.");

    private static double ParseSeconds(string name, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= min && s < 86_400
            ? s
            : throw new ArgumentException($"{name} '{value}' must be a number of seconds, at least {min}.");
}
