using System.Globalization;
using Canvass.Contracts.Json;
using Canvass.Contracts.Push;
using Canvass.Contracts.Units;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

// A terminal monitor: subscribes to one unit (and its children with --children) and prints every unit of every
// frame the server pushes (UnitsChanged), at most --max-rate frames a second (0: every change; default the server's).
// usage: dotnet run --project tools/Watch -- [unitId] [--children] [--max-rate N] [--url http://localhost:5000] [--token JWT]
// The token comes from --token or CANVASS_TOKEN: mint one with dotnet run --project src/Silo -- token --role display --unit 4403
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var url = Option("--url") ?? "http://localhost:5000";
var token = Option("--token") ?? Environment.GetEnvironmentVariable("CANVASS_TOKEN");
var unitId = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--url" or "--token" or "--max-rate"))).FirstOrDefault() ?? "4403";
var children = args.Contains("--children");
double? maxRate = Option("--max-rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null;
if (string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine("No token: pass --token <jwt> or set CANVASS_TOKEN. In the embedded default, mint one with:");
    Console.Error.WriteLine("  dotnet run --project src/Silo -- token --role display --unit 4403");
    return 2;
}

await using var connection = new HubConnectionBuilder()
    .WithUrl(new Uri(new Uri(url), "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
    .AddJsonProtocol(json => WireJsonOptions.Apply(json.PayloadSerializerOptions))
    .WithAutomaticReconnect()
    .Build();

connection.On<UnitsFrame>("UnitsChanged", frame =>
{
    Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} frame    {frame.Units.Count} unit(s)");
    foreach (var summary in frame.Units)
    {
        Console.WriteLine(Line("changed ", summary));
    }
});
connection.Reconnected += async _ =>
{
    // A new connection has no subscriptions: subscribe again and take the snapshot, so nothing stays stale.
    foreach (var summary in await SubscribeAsync())
    {
        Console.WriteLine(Line("resync  ", summary));
    }
};

// After a server restart a unit is left out of the answer until its subtree is loaded (seconds): wait and ask again
// rather than give up, since the subscription already holds and the complete summary is what we want to print.
// Answers the unit's summary first, then its children's.
async Task<UnitSummary[]> SubscribeAsync()
{
    for (var attempt = 1; ; attempt++)
    {
        var request = new SubscribeManyRequest { Units = [new UnitRequest(unitId, children)], MaxRate = maxRate };
        var units = (await connection.InvokeAsync<SubscribeManyResult>("SubscribeMany", request)).Units;
        if (units.Any(u => u.Id == unitId) || attempt >= 30)
        {
            return [.. units.Where(u => u.Id == unitId), .. units.Where(u => u.Id != unitId)];
        }

        // Left out of the answer while it is being rebuilt; it is followed meanwhile.
        Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {unitId} is still loading after a restart; asking again in 2 s");
        await Task.Delay(TimeSpan.FromSeconds(2));
    }
}

UnitSummary[] snapshot;
try
{
    await connection.StartAsync();
    snapshot = await SubscribeAsync();
}
catch (Exception e) when (e is HttpRequestException or HubException)
{
    // 401/403 from the negotiation, or the hub refusing the unit (unknown, or outside the token's unit).
    Console.Error.WriteLine(e is HttpRequestException { StatusCode: { } status } ? $"The server refused the token: {(int)status} {status}." : e.Message);
    return 1;
}

foreach (var (summary, i) in snapshot.Select((s, i) => (s, i)))
{
    Console.WriteLine(Line(i == 0 ? "snapshot" : "  child ", summary));
}

Console.WriteLine("Watching; Ctrl+C to stop.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
return 0;

static string Line(string what, UnitSummary s) => string.Create(CultureInfo.InvariantCulture,
    $"{DateTime.Now:HH:mm:ss.fff} {what} {s.Id,-16} {s.Name} screened {s.ScreenedHouseholds:N0}/{s.RegisteredHouseholds:N0} "
    + $"({s.Coverage:P2}) fever {s.Residents.Fever} stale {s.StaleSites}/{s.Sites} v{s.Version}");
