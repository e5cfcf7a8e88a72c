// The field page of screeners (/screen?site=, a `screener` token of the site or a unit above it): the site's
// households as cells, one tap on a cell to record absent or refused, or each resident's status and "screened".
// Works without a network: the service worker (screen-sw.js) keeps the page and the last households list, and
// every report waits in the IndexedDB queue (screen-queue.js) until it is sent; each one is shown pending, sent or
// rejected with the server's reason.
import "./base.css";
import "./service.css";
import "./screen.css";
import { api } from "./api.js";
import { onSession, session } from "./auth.js";
import { showError, startChrome } from "./chrome.js";
import { count, formatInteger, formatTime, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";
import { statuses } from "./residents.js";
import { enqueue, entries, flush, prune } from "./screen-queue.js";

const sendEvery = 15 * 1000;
const outcomes = ["screened", "absent", "refused", "none"];
const shownReports = 100;
const role = (name) => document.querySelector(`[data-role="${name}"]`);
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

startChrome("screener");

const siteId = new URLSearchParams(location.search).get("site") || (session()?.unit?.includes("-") ? session().unit : null);
let rows = [];
let listAt = null;
let listKept = false;
let listProblem = null;
let queue = [];
// By household number: the server's rows, and this site's queued reports in the order they were recorded.
let rowsBy = new Map();
let mineBy = new Map();
let open = null; // { household, residents: [status…] }
const cells = new Map();

/** The household's latest report as this phone knows it: the server's row, or a newer one queued here. */
function latest(household) {
  const row = rowsBy.get(household);
  const mine = (mineBy.get(household) ?? []).filter((e) => e.state !== "rejected")
    .sort((a, b) => Date.parse(b.report.screenedAt) - Date.parse(a.report.screenedAt))[0];
  if (mine && (!row?.screenedAt || Date.parse(mine.report.screenedAt) >= Date.parse(row.screenedAt))) {
    return { outcome: mine.report.outcome, screenedAt: mine.report.screenedAt, statuses: mine.report.residents.map((r) => r.status), state: mine.state };
  }
  const list = row?.residents ? statuses.flatMap((s) => Array(count(row.residents[s])).fill(s)) : [];
  return { outcome: row?.outcome ?? null, screenedAt: row?.screenedAt ?? null, statuses: list, state: null };
}

function newestRejected(household) {
  const mine = mineBy.get(household) ?? [];
  return mine.length > 0 && mine[mine.length - 1].state === "rejected";
}

async function loadHouseholds() {
  if (!siteId || !session()) return;
  try {
    const list = await api.households(siteId);
    rows = Array.isArray(list) ? list : [];
    rowsBy = new Map(rows.map((r) => [r.household, r]));
    listProblem = null;
    // With no network the worker answers with the list it kept: say when that one was fetched.
    listKept = !navigator.onLine;
    listAt = listKept ? keptAt() : new Date();
    if (!listKept) remember(listAt);
  } catch (error) {
    if (error.status === 403) listProblem = "screen.forbidden";
    else if (error.status === 404 || error.status === 400) listProblem = "screen.unknown";
    else if (error.status === 0) listProblem = rows.length ? null : "screen.offlineNoList";
    else showError(error);
  }
  render();
}

const listKey = `canvass.screen.listAt.${siteId}`;

function keptAt() {
  try {
    const at = Date.parse(localStorage.getItem(listKey) ?? "");
    return Number.isFinite(at) ? new Date(at) : null;
  } catch {
    return null;
  }
}

function remember(at) {
  try { localStorage.setItem(listKey, at.toISOString()); } catch { /* no storage: the time is not shown offline */ }
}

async function reloadQueue() {
  queue = await entries();
  mineBy = new Map();
  for (const e of queue) {
    if (e.report.siteId !== siteId) continue;
    if (!mineBy.has(e.report.household)) mineBy.set(e.report.household, []);
    mineBy.get(e.report.household).push(e);
  }
  render();
}

function render() {
  setText(byTestId("screen-site"), siteId ?? "");
  const net = byTestId("network");
  const online = navigator.onLine;
  if (net.dataset.state !== (online ? "online" : "offline")) net.dataset.state = online ? "online" : "offline";
  setText(net, t(online ? "screen.online" : "screen.offline"));
  const note = role("households-note");
  const why = !siteId ? "screen.noSite" : listProblem;
  note.hidden = !why;
  setText(note, why ? t(why) : "");
  setText(byTestId("households-updated"), listAt ? t(listKept ? "screen.kept" : "screen.updated", { at: formatTime(listAt.toISOString()) }) : "");
  renderGrid();
  renderQueue();
  if (open) renderRecord();
}

function renderGrid() {
  const grid = role("grid");
  for (const row of rows) {
    let cell = cells.get(row.household);
    if (!cell) {
      cell = document.createElement("button");
      cell.type = "button";
      cell.className = "cell";
      cell.dataset.testid = "household";
      cell.dataset.household = String(row.household);
      cell.textContent = String(row.household);
      cell.addEventListener("click", () => openRecord(row.household));
      cells.set(row.household, cell);
      grid.append(cell);
    }
    const now = latest(row.household);
    const outcome = now.outcome ?? "none";
    if (cell.dataset.outcome !== outcome) cell.dataset.outcome = outcome;
    // A household whose newest report here was rejected says so until a later one replaces it.
    const state = now.state ?? (newestRejected(row.household) ? "rejected" : "");
    if ((cell.dataset.queue ?? "") !== state) cell.dataset.queue = state;
    cell.title = `#${row.household} ${t(`outcome.${outcome}`)}`;
  }
  renderLegend();
}

function renderLegend() {
  const legend = role("legend");
  const items = [...outcomes.map((o) => [o, ""]), ["none", "pending"]].map(([outcome, queue]) => {
    const item = document.createElement("span");
    item.className = "legend-item";
    const swatch = document.createElement("span");
    swatch.className = "cell swatch";
    swatch.dataset.outcome = outcome;
    swatch.dataset.queue = queue;
    item.append(swatch, document.createTextNode(t(queue ? "screen.pending" : `outcome.${outcome}`)));
    return item;
  });
  legend.replaceChildren(...items);
}

function openRecord(household) {
  const now = latest(household);
  open = { household, residents: now.statuses.length ? [...now.statuses] : ["normal"] };
  const panel = byTestId("record");
  panel.hidden = false;
  renderRecord();
  panel.scrollIntoView({ block: "nearest" });
}

function renderRecord() {
  setText(byTestId("record-household"), `#${open.household}`);
  const now = latest(open.household);
  setText(role("record-last"), now.outcome
    ? t("screen.last", { outcome: t(`outcome.${now.outcome}`), at: formatTime(now.screenedAt) })
    : t("screen.never"));
  const list = role("residents");
  while (list.children.length > open.residents.length) list.lastElementChild.remove();
  while (list.children.length < open.residents.length) {
    const i = list.children.length;
    const item = document.createElement("li");
    const label = document.createElement("label");
    const text = document.createElement("span");
    const select = document.createElement("select");
    select.dataset.testid = "resident-status";
    select.addEventListener("change", () => { open.residents[i] = select.value; });
    label.append(text, select);
    item.append(label);
    list.append(item);
  }
  [...list.children].forEach((item, i) => {
    setText(item.querySelector("span"), t("screen.resident", { n: i + 1 }));
    const select = item.querySelector("select");
    if (select.options.length !== statuses.length || select.options[0].textContent !== t(`residents.${statuses[0]}`)) {
      select.replaceChildren(...statuses.map((s) => new Option(t(`residents.${s}`), s)));
    }
    select.value = open.residents[i];
  });
  byTestId("resident-remove").disabled = open.residents.length <= 1;
}

function closeRecord() {
  open = null;
  byTestId("record").hidden = true;
}

async function record(outcome) {
  if (!open || !siteId) return;
  const household = open.household;
  const residents = outcome === "screened" ? open.residents.map((status) => ({ status })) : [];
  const screenerId = session()?.sub || "screener";
  closeRecord();
  try {
    // screenedAt is the tap's time, kept with the report however late it is sent.
    await enqueue(siteId, (reportId) => ({ reportId, siteId, household, screenedAt: new Date().toISOString(), screenerId, outcome, residents }));
  } catch (error) {
    showError(error);
  }
  await reloadQueue();
  send();
}

function renderQueue() {
  const list = byTestId("queue");
  const tally = { pending: 0, sent: 0, rejected: 0 };
  for (const e of queue) tally[e.state]++;
  const counts = queue.length
    ? t("screen.counts", { pending: formatInteger(tally.pending), sent: formatInteger(tally.sent), rejected: formatInteger(tally.rejected) })
    : t("screen.empty");
  setText(byTestId("queue-counts"), counts);
  // The same counts at the top, in the alarm colour while a report was rejected: the list itself is below the grid.
  const line = byTestId("queue-summary");
  setText(line, counts);
  line.dataset.rejected = String(tally.rejected);
  // Newest first, and only the newest: a week of rounds is thousands of reports.
  const shown = queue.slice(-shownReports).reverse();
  while (list.children.length > shown.length) list.lastElementChild.remove();
  while (list.children.length < shown.length) {
    const item = document.createElement("li");
    item.className = "card";
    item.dataset.testid = "queued";
    item.innerHTML = '<div class="card-head"><span class="what"></span><span class="when"></span></div><p class="where"></p>';
    list.append(item);
  }
  shown.forEach((e, i) => {
    const item = list.children[i];
    if (item.dataset.reportId !== e.reportId) item.dataset.reportId = e.reportId;
    if (item.dataset.state !== e.state) item.dataset.state = e.state;
    const r = e.report;
    setText(item.querySelector(".what"), `${r.siteId === siteId ? "" : `${r.siteId} `}#${r.household} ${t(`outcome.${r.outcome}`)}${r.residents.length ? ` · ${r.residents.length}` : ""}`);
    setText(item.querySelector(".when"), formatTime(r.screenedAt));
    setText(item.querySelector(".where"), e.state === "sent" ? t("screen.sent", { at: formatTime(new Date(e.sentAt).toISOString()) })
      : e.state === "rejected" ? t("screen.rejected", { reason: e.error }) : t("screen.pending"));
  });
}

let sending = null;
let again = false;

/** Sends the queue now (one send at a time; a call during one runs another after it), then shows the answers. */
function send() {
  if (!session()) return Promise.resolve();
  if (sending) {
    again = true;
    return sending;
  }
  sending = (async () => {
    do {
      again = false;
      try {
        const tally = await flush();
        if (tally) showError(null);
      } catch (error) {
        // A network gone mid-request leaves the batch pending: the next send repeats it, answered as duplicates.
        if (error.status !== 0) showError(error);
      }
      await reloadQueue();
    } while (again && session());
  })().finally(() => { sending = null; });
  return sending;
}

/** Registers the worker, then hands it the bundles this load used (loaded before it controlled the page). */
async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("/screen-sw.js", { scope: "/screen" });
    const ready = await navigator.serviceWorker.ready;
    const loaded = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).pathname.startsWith("/assets/"));
    ready.active?.postMessage({ cache: loaded });
  } catch (error) {
    showError(error);
  }
}

byTestId("record-close").addEventListener("click", closeRecord);
byTestId("record-absent").addEventListener("click", () => record("absent"));
byTestId("record-refused").addEventListener("click", () => record("refused"));
byTestId("record-screened").addEventListener("click", () => record("screened"));
byTestId("resident-add").addEventListener("click", () => { open?.residents.push("normal"); if (open) renderRecord(); });
byTestId("resident-remove").addEventListener("click", () => { if (open && open.residents.length > 1) { open.residents.pop(); renderRecord(); } });
byTestId("send-now").addEventListener("click", () => send());
// The first load ran before the worker controlled the page: fetch the list again through it, so that it is kept.
navigator.serviceWorker?.addEventListener("controllerchange", () => loadHouseholds());
window.addEventListener("online", () => { render(); loadHouseholds(); send(); });
window.addEventListener("offline", render);
setInterval(() => { if (session()) send(); }, sendEvery);
onLanguageChange(render);
onSession((claims) => { if (claims) { loadHouseholds(); send(); } });
prune().catch(() => {}).then(reloadQueue).then(() => { document.body.dataset.ready = "true"; });
registerWorker();
