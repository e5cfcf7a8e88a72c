using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// A terminal monitor: subscribes to one unit (and its children with --children) and prints every pushed change.
// usage: dotnet run --project tools/Watch -- [unitId] [--children] [--url http://localhost:5000]
var unitId = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("http", StringComparison.Ordinal)) ?? "4403";
var children = args.Contains("--children");
var urlIndex = Array.IndexOf(args, "--url");
var url = urlIndex >= 0 && urlIndex + 1 < args.Length ? args[urlIndex + 1] : "http://localhost:5000";

await using var connection = new HubConnectionBuilder()
    .WithUrl(new Uri(new Uri(url), "/hubs/monitor"))
    .WithAutomaticReconnect()
    .Build();

connection.On<JsonElement>("UnitChanged", summary => Console.WriteLine(Line("changed ", summary)));
connection.Reconnected += async _ =>
{
    // A new connection has no subscriptions: subscribe again and take the snapshot, so nothing stays stale.
    Console.WriteLine(Line("resync  ", (await connection.InvokeAsync<JsonElement>("Subscribe", unitId, children)).GetProperty("unit")));
};

await connection.StartAsync();
var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", unitId, children);
Console.WriteLine(Line("snapshot", snapshot.GetProperty("unit")));
foreach (var child in snapshot.GetProperty("children").EnumerateArray())
{
    Console.WriteLine(Line("  child ", child));
}

Console.WriteLine("Watching; Ctrl+C to stop.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;

static string Line(string what, JsonElement s) => string.Create(CultureInfo.InvariantCulture,
    $"{DateTime.Now:HH:mm:ss.fff} {what} {s.GetProperty("id").GetString(),-16} {s.GetProperty("name").GetString()} "
    + $"screened {s.GetProperty("screenedHouseholds").GetInt64():N0}/{s.GetProperty("registeredHouseholds").GetInt64():N0} "
    + $"({s.GetProperty("coverage").GetDouble():P2}) fever {s.GetProperty("residents").GetProperty("fever").GetInt64()} "
    + $"stale {s.GetProperty("staleSites").GetInt32()}/{s.GetProperty("sites").GetInt32()} v{s.GetProperty("version").GetInt64()}");
