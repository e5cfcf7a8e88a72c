using System.Globalization;
using System.Net;
using Canvass.Client;
using Canvass.Contracts.Push;
using Canvass.Contracts.Units;

// A partner system's watcher: subscribes to one unit and its children through Canvass.Client and prints every
// change, every gap the client detects after a lost connection and its repair, and the connection's state.
// usage: dotnet run --project samples/Partner -- <server url> [unitId] [--token <token>] [--filter all|statusCounts|alerts|coverage:0.5,0.9]
const string MintHint = "Mint one (embedded default, on the server's machine): dotnet run --project src/Silo -- token --role partner --unit 4403"
    + " (add --Auth:SigningKey=<key> if the server was started with one), or ask the operator (POST /api/tokens).";
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Partner <server url> [unitId, default the token's unit] [--token <token> (or CANVASS_TOKEN)] [--filter all|statusCounts|alerts|coverage:0.5,0.9]");
    return 2;
}

var server = new Uri(args[0]);
var unitId = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(a));
var token = Option("--token") ?? Environment.GetEnvironmentVariable("CANVASS_TOKEN");
if (string.IsNullOrWhiteSpace(token))
{
    Console.Error.WriteLine("No token: pass --token <token> or set CANVASS_TOKEN.");
    Console.Error.WriteLine(MintHint);
    return 2;
}

var filter = ParseFilter(Option("--filter"));

// A fixed token: once it expires the server closes the connection and the watcher stops (below). A watcher that must
// outlive its token gives AccessTokenProvider instead, which the client asks on every reconnection.
await using var client = new CanvassClient(server, new CanvassClientOptions { AccessToken = token.Trim() });

try
{
    unitId ??= (await client.GetRootAsync()).Id;
    await using var subscription = await client.SubscribeAsync(unitId, new SubscriptionOptions { Children = true, Filter = filter });
    subscription.Changed += s => Print("changed ", s);
    subscription.GapDetected += g => Console.WriteLine($"{Now()} gap      {g.UnitId,-18} held v{g.HeldVersion}, server at v{g.CurrentVersion}: missed while disconnected");
    subscription.GapRepaired += g => Console.WriteLine($"{Now()} repaired {g.UnitId,-18} now v{g.CurrentVersion}");
    var stop = new TaskCompletionSource<int>();
    subscription.ConnectionStateChanged += c =>
    {
        Console.WriteLine($"{Now()} {c.State.ToString().ToLowerInvariant(),-8} "
            + (c.Resume is { } resume ? $"(resumed with {resume}) " : "")
            + (c.Attempt > 0 ? $"attempt {c.Attempt} " : "")
            + (c.Error is { } error ? error.GetBaseException().Message : c.State == ConnectionState.Reconnecting ? "closed by the server (stopping, or the token expired)" : ""));
        // The same token will not be let in again: retrying forever would only repeat this line.
        if (c.Error is CanvassApiException { Status: HttpStatusCode.Unauthorized })
        {
            Console.Error.WriteLine("The token is no longer accepted: restart with a new one.");
            Console.Error.WriteLine(MintHint);
            stop.TrySetResult(1);
        }
    };

    var latest = subscription.Latest;
    Print("unit    ", latest[unitId]);
    foreach (var child in latest.Values.Where(s => s.Id != unitId).OrderBy(s => s.Id, StringComparer.Ordinal))
    {
        Print("  child ", child);
    }

    Console.WriteLine($"Watching {unitId} and its children ({filter}), reconnecting by itself; Ctrl+C to stop.");
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.TrySetResult(0);
    };
    return await stop.Task;
}
catch (CanvassApiException e) when (e.Status is HttpStatusCode.Unauthorized)
{
    Console.Error.WriteLine($"The server refused the token: {e.Message}");
    Console.Error.WriteLine(MintHint);
    return 1;
}
catch (CanvassApiException e)
{
    Console.Error.WriteLine($"The server refused: {e.Message}");
    return 1;
}
catch (CanvassSubscriptionException e)
{
    Console.Error.WriteLine($"The server refused the subscription: {e.Message}");
    return 1;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"Cannot reach {server}: {e.Message}");
    return 1;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

bool IsOptionValue(string value)
{
    var index = Array.IndexOf(args, value);
    return index > 0 && args[index - 1] is "--token" or "--filter";
}

static UnitFilter ParseFilter(string? text) => text switch
{
    null or "all" => UnitFilter.All,
    "statusCounts" => UnitFilter.StatusCounts,
    "alerts" => UnitFilter.Alerts,
    _ when text.StartsWith("coverage:", StringComparison.Ordinal) => UnitFilter.Coverage(
        [.. text["coverage:".Length..].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))]),
    _ => throw new ArgumentException($"--filter '{text}' is not all, statusCounts, alerts or coverage:<thresholds>."),
};

static string Now() => DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

static void Print(string what, UnitSummary s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Now()} {what} {s.Id,-18} {s.Name} screened {s.ScreenedHouseholds:N0}/{s.RegisteredHouseholds:N0} ({s.Coverage:P2}) "
    + $"fever {s.Residents.Fever} alerts {s.OpenAlerts} stale {s.StaleSites}/{s.Sites} v{s.Version}"));
