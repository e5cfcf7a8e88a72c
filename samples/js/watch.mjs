// Watches a Canvass unit and its children over SignalR, and never silently misses an update: it keeps the highest
// version of every unit, reconnects forever, and on every reconnection hands the versions it holds back to the server
// (SubscribeMany with `since`; on a server without it, Subscribe and a comparison of versions), printing a gap for
// every unit that changed while it was away.
//
// usage: node samples/js/watch.mjs <server url> <unitId> [--no-children] [--token <token>]   (or CANVASS_TOKEN)
//   cd samples/js && npm ci && CANVASS_TOKEN=$(dotnet run --project ../../src/Silo -- token --role partner --unit 4403) node watch.mjs http://localhost:5000 4403
import * as signalR from "@microsoft/signalr";

const mintHint = "Mint one (embedded default, on the server's machine): dotnet run --project src/Silo -- token --role partner --unit 4403" +
  " (add --Auth:SigningKey=<key> if the server was started with one), or ask the operator (POST /api/tokens).";

const args = process.argv.slice(2);
const option = name => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--token");
const server = positional[0] ?? "http://localhost:5000";
const unitId = positional[1] ?? "4403";
const children = !args.includes("--no-children");
const token = (option("--token") ?? process.env.CANVASS_TOKEN ?? "").trim();
if (!token) {
  console.error(`No token: pass --token <token> or set CANVASS_TOKEN.\n${mintHint}`);
  process.exit(2);
}

/** unit id -> the summary with the highest version seen. */
const held = new Map();
let stopping = false;

/** A negotiation the server refused for the token: 401 (missing, expired, invalid) or 403 (a role that may not subscribe). */
const refused = error => /status code '40[13]'/i.test(error?.message ?? "");

// First retry at once, then doubling from 500 ms up to 30 s with jitter; never gives up.
const delay = attempt => (attempt === 0 ? 0 : Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4));

const hub = new signalR.HubConnectionBuilder()
  // Asked on every connection: a watcher that must outlive its token would fetch a fresh one here. The server closes
  // the connection when the token expires.
  .withUrl(new URL("hubs/monitor", server.endsWith("/") ? server : `${server}/`).href, { accessTokenFactory: () => token })
  // Except for a refused token, which will be refused again: then onclose's connect() says so and stops.
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount, retryReason }) => (refused(retryReason) ? null : delay(previousRetryCount)) })
  .configureLogging(signalR.LogLevel.None)
  .build();
// The server pings every 5 s: three missed pings and the connection counts as lost.
hub.serverTimeoutInMilliseconds = 15_000;

const now = () => new Date().toISOString().slice(11, 23);
const line = (what, s) =>
  console.log(`${now()} ${what.padEnd(9)} ${s.id.padEnd(18)} ${s.name} screened ${s.screenedHouseholds}/${s.registeredHouseholds} ` +
    `(${(s.coverage * 100).toFixed(2)} %) fever ${s.residents.fever} alerts ${s.openAlerts} v${s.version}`);

/** An error's message; for a refused negotiation, the server's problem (status, title, detail) instead of its raw JSON. */
function describe(error) {
  const body = /Error: (\{.*\}): Status code/.exec(error.message)?.[1];
  try {
    const problem = body && JSON.parse(body);
    if (problem?.title) return `${problem.status} ${problem.title}: ${problem.detail ?? ""}`;
  } catch {
    // Not JSON after all: the message as it is.
  }
  return error.message;
}

/** Keeps a summary only if it is newer than the one held: a push may overtake a reply, never the other way round. */
function apply(summary, what) {
  const current = held.get(summary.id);
  if (current && summary.version <= current.version) return;
  held.set(summary.id, summary);
  line(what, summary);
}

// A frame: the newest summary of every followed unit that changed since the previous one.
hub.on("UnitsChanged", frame => frame.units.forEach(summary => apply(summary, "changed")));
// A server from before frames pushed one summary at a time.
hub.on("UnitChanged", summary => apply(summary, "changed"));

/** Subscribes on the current connection and catches up with what changed since the versions held. */
async function resume() {
  const since = Object.fromEntries([...held].map(([id, s]) => [id, s.version]));
  let current, mode;
  try {
    ({ units: current } = await hub.invoke("SubscribeMany", { units: [{ id: unitId, children }], since }));
    mode = "SubscribeMany";
  } catch (error) {
    // A server from before the resume protocol: subscribe as before and compare versions here.
    if (!/does not exist|unknown hub method/i.test(error.message)) throw error;
    const snapshot = await hub.invoke("Subscribe", unitId, children);
    current = [snapshot.unit, ...snapshot.children];
    mode = "Subscribe";
  }

  // Against the versions held before subscribing: a push sent on subscription may already have overtaken the reply.
  for (const summary of current) {
    const had = since[summary.id];
    if (had !== undefined && summary.version > had) {
      console.log(`${now()} gap       ${summary.id.padEnd(18)} held v${had}, server at v${summary.version}: missed while disconnected`);
    }
    apply(summary, had === undefined ? "snapshot" : "caught up");
  }
  console.log(`${now()} live      ${held.size} unit(s), resumed with ${mode}`);
}

/** Starts (or restarts after a failed resume) until connected and caught up. */
async function connect() {
  for (let attempt = 0; !stopping; attempt++) {
    try {
      await new Promise(resolve => setTimeout(resolve, delay(attempt)));
      if (hub.state === signalR.HubConnectionState.Disconnected) await hub.start();
      await resume();
      return;
    } catch (error) {
      console.log(`${now()} retrying  attempt ${attempt + 1}: ${describe(error)}`);
      // A unit unknown (or outside the token's unit), or a token refused (401 missing or expired, 403 a role that
      // may not subscribe): retrying the same request cannot help.
      if (/not in the registry/i.test(error.message)) {
        process.exitCode = 1;
        return shutdown();
      }
      if (refused(error)) {
        console.error(`The server refused the token.\n${mintHint}`);
        process.exitCode = 1;
        return shutdown();
      }
    }
  }
}

hub.onreconnecting(error => console.log(`${now()} lost      ${error?.message ?? "connection closed"}; reconnecting`));
hub.onreconnected(() => resume().catch(error => {
  console.log(`${now()} resume failed: ${error.message}`);
  connect();
}));
// Reached only when automatic reconnection stops, which this policy never does, or on shutdown.
hub.onclose(() => { if (!stopping) connect(); });

async function shutdown() {
  stopping = true;
  await hub.stop();
}

process.on("SIGINT", () => shutdown().then(() => process.exit()));
console.log(`Watching ${unitId}${children ? " and its children" : ""} on ${server}; Ctrl+C to stop.`);
await connect();
