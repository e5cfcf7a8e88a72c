// What every view has around its figures: clock, "as of", connection indicator, language toggle, error line,
// who is signed in, and the unit the page is about (?unit=, else the root the token reaches).
import { api, ApiError } from "./api.js";
import { onSession, session, signedIn } from "./auth.js";
import { startSignIn } from "./signin.js";
import { applyStatic, bindToggle, onLanguageChange, t } from "./i18n.js";
import { formatClock, formatDate, formatTime, setText } from "./format.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** hintRole: the role the sign-in panel's mint command names. */
export function startChrome(hintRole = "display") {
  startSignIn(hintRole);
  applyStatic();
  const toggle = byTestId("lang");
  if (toggle) bindToggle(toggle);

  const clock = byTestId("clock");
  if (clock) {
    const tick = () => {
      const now = new Date();
      setText(clock, formatClock(now));
      clock.dateTime = now.toISOString();
      clock.title = formatDate(now);
    };
    tick();
    // Aligned to the second so the clock never shows a second late.
    setTimeout(() => { tick(); setInterval(tick, 1000); }, 1000 - (Date.now() % 1000));
  }
}

/**
 * Shows the monitor's state on [data-testid=connection]: data-state live (green) or down (red), down and saying so
 * while signed out; and pauses the monitor while no one is signed in.
 */
export function bindConnection(monitor) {
  const indicator = byTestId("connection");
  const label = indicator?.querySelector(".label") ?? indicator;
  const render = () => {
    if (!indicator) return;
    const state = monitor.state;
    if (indicator.dataset.state !== state) indicator.dataset.state = state;
    setText(label, t(!session() ? "conn.signedOut" : state === "live" ? "conn.live" : "conn.down"));
  };
  monitor.onState(render);
  onLanguageChange(render);
  monitor.onProblem((error) => showError(error));
  onSession((claims) => {
    if (claims) monitor.resume();
    else monitor.pause();
    render();
  });
}

let asOfValue = null;

/** [data-testid=as-of]: the time of the newest data shown (the unit's newest report). */
export function setAsOf(time) {
  asOfValue = time ?? null;
  renderAsOf();
}

function renderAsOf() {
  const el = byTestId("as-of");
  if (!el) return;
  const value = el.querySelector("time") ?? el;
  if (asOfValue) {
    value.dateTime = asOfValue;
    el.dataset.value = asOfValue;
    setText(value, formatTime(asOfValue));
  } else {
    delete el.dataset.value;
    setText(value, t("asOf.none"));
  }
}
onLanguageChange(renderAsOf);

/** One line at the top of the page saying what failed, from problem+json where there is one. */
export function showError(error) {
  const el = byTestId("error");
  if (!el) return;
  if (!error) {
    el.hidden = true;
    setText(el, "");
    return;
  }
  el.hidden = false;
  setText(el, describe(error));
}

/** What failed, in the words of the server's problem detail (or hub error) where there is one. */
export function describe(error, key = "error.load") {
  if (error instanceof ApiError) {
    return error.status === 0 ? t("error.network") : t(key, { detail: error.detail || error.title });
  }
  // A hub call that failed carries the server's message (for example an unknown unit).
  const message = error instanceof Error ? error.message.replace(/^.*HubException: /, "") : String(error);
  return t(key, { detail: message });
}

/**
 * The unit of the page: ?unit=, else the root the token reaches (and the address then says so), retried until
 * known; only once someone is signed in.
 */
export async function pageUnit() {
  for (;;) {
    await signedIn();
    try {
      return await unitFromAddress();
    } catch (error) {
      showError(error);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
}

async function unitFromAddress() {
  const url = new URL(location.href);
  const id = url.searchParams.get("unit");
  if (id) return id;
  const root = await api.root();
  url.searchParams.set("unit", root.id);
  history.replaceState(null, "", url);
  return root.id;
}

export function levelName(summary) {
  if (summary.level === "site" && summary.kind) return t(`kind.${summary.kind}`);
  const key = `level.${summary.level}`;
  const text = t(key);
  return text === key ? summary.level : text;
}

export { byTestId };
