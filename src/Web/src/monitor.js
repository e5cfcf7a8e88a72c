// The one SignalR connection of a page to /hubs/monitor (JSON protocol), receiving frames (UnitsChanged). It keeps, per unit, the summary with the
// highest version (a summary whose version is not above the one held is ignored), reconnects forever, and after
// every (re)connect subscribes again and hands each view its fresh snapshot. The state is "live" only once all of
// that succeeded; it is "down" from the moment the connection drops or a resync fails. It is paused (down, not
// reconnecting) while no one is signed in.
import { DefaultHttpClient, HttpError, HubConnectionBuilder, HubConnectionState, LogLevel, NullLogger } from "@microsoft/signalr";
import { accessToken, rejected } from "./auth.js";

const retryDelays = [0, 1000, 2000, 4000, 8000];
const maxDelay = 10000;
// The server pings every 5 s (Push:KeepAliveInterval): silence for three pings means the network died quietly.
const serverTimeout = 15000;
// While live, the followed units are read again this often through the hub: it repairs a change lost on the way
// and shows a cluster that stopped answering behind a gateway that still does.
const verifyEvery = 20000;

function delayFor(attempt) {
  return attempt < retryDelays.length ? retryDelays[attempt] : maxDelay;
}

/**
 * The client's own HTTP client, except that a 401 (negotiate with a token the server refuses) ends the sign-in:
 * the SignalR client only reports it as a failed negotiation and would retry forever.
 */
class SignInHttpClient extends DefaultHttpClient {
  constructor() {
    super(NullLogger.instance);
  }

  async send(request) {
    try {
      return await super.send(request);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 401) {
        const token = (request.headers?.Authorization ?? "").replace(/^Bearer /, "");
        rejected(token, problemDetail(error.message));
      }
      throw error;
    }
  }
}

/** The detail of the problem+json body that the client put into its error message. */
function problemDetail(message) {
  try {
    const body = JSON.parse(message.replace(/: Status code '\d+'$/, ""));
    return body.detail || body.title || "";
  } catch {
    return "";
  }
}

export class Monitor {
  #connection;
  #summaries = new Map();
  #subscriptions = new Map();
  #summaryListeners = new Set();
  #stateListeners = new Set();
  #state = "down";
  #started = false;
  #resyncing = null;
  #resyncAgain = false;
  #problemListeners = new Set();
  #resyncTimer = 0;
  #restartAttempt = 0;
  #paused = false;
  #stopping = Promise.resolve();

  constructor(url = "/hubs/monitor") {
    this.#connection = new HubConnectionBuilder()
      // The browser sends it as ?access_token= on the WebSocket, which cannot carry a header.
      .withUrl(url, { accessTokenFactory: accessToken, httpClient: new SignInHttpClient() })
      // Never give up: a wall display must come back by itself however long the outage (but not signed out).
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => (this.#paused ? null : delayFor(context.previousRetryCount)) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.#connection.serverTimeoutInMilliseconds = serverTimeout;
    this.#connection.keepAliveIntervalInMilliseconds = 5000;
    setInterval(() => this.#verify(), verifyEvery);
    // A frame: the newest summary of every followed unit that changed since the previous one, at most a few a
    // second (the server's default pace, right for a wall).
    this.#connection.on("UnitsChanged", (frame) => {
      for (const summary of frame.units) this.#receive(summary);
    });
    this.#connection.onreconnecting(() => this.#setState("down"));
    this.#connection.onreconnected(() => this.#resync(true));
    // Reached only if automatic reconnect stops (or the first start failed): start over on our own loop.
    this.#connection.onclose(() => {
      this.#setState("down");
      this.#restartSoon();
    });
  }

  get state() {
    return this.#state;
  }

  /** The summary held for a unit, if any. */
  summary(id) {
    return this.#summaries.get(id);
  }

  onSummary(listener) {
    this.#summaryListeners.add(listener);
  }

  onState(listener) {
    this.#stateListeners.add(listener);
    listener(this.#state);
  }

  /** listener(error) when a resync fails (an unknown unit, a refetch that failed), listener(null) once live. */
  onProblem(listener) {
    this.#problemListeners.add(listener);
  }

  /**
   * Follows a unit. onSnapshot({unit, children}) runs after every successful Subscribe (first and after each
   * reconnect), with the summaries already taken into the version store; it may return a promise (a view's REST
   * refetch), and the state turns live only after it resolves.
   */
  subscribe(unitId, includeChildren, onSnapshot) {
    this.#subscriptions.set(unitId, { includeChildren, onSnapshot });
    if (this.#started && this.#connection.state === HubConnectionState.Connected) this.#resync();
  }

  /** Offers a summary obtained elsewhere (a REST read); it replaces the held one only if its version is higher. */
  offer(summary) {
    this.#receive(summary);
  }

  start() {
    if (this.#started) return;
    this.#started = true;
    if (!this.#paused) this.#startOnce();
  }

  /** Signed out: down, disconnected, and no reconnecting until resume(). */
  pause() {
    if (this.#paused) return;
    this.#paused = true;
    clearTimeout(this.#resyncTimer);
    this.#setState("down");
    this.#stopping = this.#connection.stop();
  }

  /** Signed in (again): connects with the current token. */
  async resume() {
    if (!this.#paused) return;
    this.#paused = false;
    await this.#stopping;
    if (this.#started && !this.#paused && this.#connection.state === HubConnectionState.Disconnected) this.#startOnce();
  }

  async #startOnce() {
    try {
      await this.#connection.start();
      this.#restartAttempt = 0;
      await this.#resync(true);
    } catch {
      this.#setState("down");
      this.#restartSoon();
    }
  }

  #restartSoon() {
    if (this.#paused || this.#connection.state !== HubConnectionState.Disconnected) return;
    const delay = delayFor(++this.#restartAttempt);
    setTimeout(() => {
      if (!this.#paused && this.#connection.state === HubConnectionState.Disconnected) this.#startOnce();
    }, Math.max(delay, 500));
  }

  /**
   * Subscribes to every followed unit again and refetches each view's snapshot; live only if all succeed. On a new
   * connection the versions held are forgotten first: versions only grow within what a server has sent, and a
   * server that came back from an emptied store must not be ignored forever. The shown figures stay until the
   * snapshot replaces them.
   */
  #resync(newConnection = false) {
    if (newConnection) this.#summaries.clear();
    if (this.#resyncing) {
      // A reconnect (or a new subscription) during a resync: run it once more when this one ends.
      this.#resyncAgain = true;
      return this.#resyncing;
    }
    clearTimeout(this.#resyncTimer);
    this.#setState("down");
    this.#resyncing = (async () => {
      try {
        for (const [unitId, subscription] of this.#subscriptions) {
          const snapshot = await this.#connection.invoke("Subscribe", unitId, subscription.includeChildren);
          this.#receive(snapshot.unit);
          for (const child of snapshot.children ?? []) this.#receive(child);
          await subscription.onSnapshot?.(snapshot);
        }
        if (this.#connection.state === HubConnectionState.Connected && !this.#resyncAgain && !this.#paused) {
          this.#setState("live");
          for (const listener of this.#problemListeners) listener(null);
        }
      } catch (error) {
        this.#setState("down");
        // Signed out meanwhile: the call failed because the connection was stopped, which is no problem to show.
        if (this.#paused) return;
        for (const listener of this.#problemListeners) listener(error);
        // Still connected but a call failed (a silo restarting, say): try again shortly.
        this.#resyncTimer = setTimeout(() => {
          if (this.#connection.state === HubConnectionState.Connected) this.#resync();
        }, 3000);
      } finally {
        this.#resyncing = null;
        if (this.#resyncAgain) {
          this.#resyncAgain = false;
          if (this.#connection.state === HubConnectionState.Connected) this.#resync();
        }
      }
    })();
    return this.#resyncing;
  }

  async #verify() {
    if (this.#state !== "live" || this.#resyncing || this.#paused) return;
    try {
      for (const [unitId, subscription] of this.#subscriptions) {
        const snapshot = await this.#connection.invoke("Subscribe", unitId, subscription.includeChildren);
        this.#receive(snapshot.unit);
        for (const child of snapshot.children ?? []) this.#receive(child);
      }
    } catch {
      if (this.#connection.state === HubConnectionState.Connected) this.#resync();
    }
  }

  #receive(summary) {
    if (!summary || typeof summary.id !== "string") return;
    const held = this.#summaries.get(summary.id);
    if (held && !(Number(summary.version) > Number(held.version))) return;
    this.#summaries.set(summary.id, summary);
    for (const listener of this.#summaryListeners) listener(summary, held);
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}
