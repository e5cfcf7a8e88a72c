// The supervisors' console: a unit's figures, its children to drill into (down to a site and its households, the
// quarantined ones marked), the ranked gap alerts below it with acknowledgement, and its open care requests. Alert
// and care lists are not pushed: they are refetched when a pushed summary of the unit changes their counts.
import "./base.css";
import "./console.css";
import { api } from "./api.js";
import { bindConnection, byTestId, levelName, pageUnit, setAsOf, startChrome } from "./chrome.js";
import { count, formatInteger, formatPercent, setClass, setFigure, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";
import { Monitor } from "./monitor.js";
import { refetcher } from "./refetch.js";
import { findings, statuses } from "./residents.js";
import { AlertList } from "./alerts.js";
import { careBehind, renderCareFigures } from "./care-figures.js";
import { CareList } from "./care.js";
import { HouseholdGrid } from "./households.js";
import { downloadButtons } from "./downloads.js";

const role = (name) => document.querySelector(`[data-role="${name}"]`);

// Supervisors acknowledge alerts here: the sign-in hint mints a token that may.
startChrome("supervisor");
const monitor = new Monitor();
bindConnection(monitor);

const residentFigures = new Map();
for (const status of statuses) {
  const item = document.createElement("div");
  if (findings.has(status)) item.className = "finding";
  const dt = document.createElement("dt");
  dt.dataset.i18n = `residents.${status}`;
  dt.textContent = t(`residents.${status}`);
  const dd = document.createElement("dd");
  dd.dataset.testid = `residents-${status}`;
  dd.dataset.value = "0";
  dd.textContent = "0";
  item.append(dt, dd);
  role("residents").append(item);
  residentFigures.set(status, dd);
}

function integer(el, value) {
  const n = count(value);
  setFigure(el, n, formatInteger(n));
}

function renderUnit(summary) {
  setText(byTestId("unit-name"), summary.name);
  setText(role("level"), levelName(summary));
  document.title = `${summary.name} — ${t("console.title")} — Canvass`;
  const coverage = count(summary.coverage);
  setFigure(byTestId("coverage"), coverage, formatPercent(coverage));
  integer(byTestId("screened"), summary.screenedHouseholds);
  integer(byTestId("registered"), summary.registeredHouseholds);
  integer(byTestId("open-alerts"), summary.openAlerts);
  integer(role("unacknowledged"), summary.unacknowledgedAlerts);
  integer(role("escalated"), summary.escalatedAlerts);
  integer(byTestId("stale-sites"), summary.staleSites);
  setText(role("sites"), t("ofSites", { n: formatInteger(count(summary.sites)) }));
  integer(byTestId("sites-closed"), summary.closedSites);
  integer(role("unstaffed"), summary.unstaffedSites);
  integer(byTestId("temperature-checks"), summary.temperatureChecksLastHour);
  for (const [status, el] of residentFigures) integer(el, summary.residents?.[status]);
  renderCareFigures(summary, role("figures"));
  setAsOf(summary.lastReportAt);
}

// Children: one link per child, built once per snapshot's set of children and updated in place.
const childItems = new Map();

function ensureChildren(children) {
  const ids = children.map((c) => c.id);
  if (ids.length === childItems.size && ids.every((id) => childItems.has(id))) return;
  childItems.clear();
  const fragment = document.createDocumentFragment();
  for (const id of ids) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.dataset.testid = "child";
    link.dataset.unit = id;
    link.href = `/console?unit=${encodeURIComponent(id)}`;
    link.innerHTML =
      '<span class="child-name"></span><span class="child-coverage"></span><span class="child-meter"><span class="fill"></span></span>' +
      '<span class="child-flags"><span class="flag flag-stale"></span><span class="flag flag-alerts"></span><span class="flag flag-care"></span></span>';
    li.append(link);
    fragment.append(li);
    childItems.set(id, {
      link,
      name: link.querySelector(".child-name"),
      coverage: link.querySelector(".child-coverage"),
      fill: link.querySelector(".fill"),
      stale: link.querySelector(".flag-stale"),
      alerts: link.querySelector(".flag-alerts"),
      care: link.querySelector(".flag-care"),
    });
  }
  role("children").replaceChildren(fragment);
}

function renderChild(parts, summary) {
  const coverage = count(summary.coverage);
  const stale = count(summary.staleSites);
  const alerts = count(summary.unacknowledgedAlerts);
  setFigure(parts.coverage, coverage, formatPercent(coverage));
  parts.fill.style.width = `${(Math.min(1, coverage) * 100).toFixed(2)}%`;
  setText(parts.name, summary.level === "site" && summary.kind ? `${summary.name} · ${t(`kind.${summary.kind}`)}` : summary.name);
  setClass(parts.link, "stale", stale > 0);
  setClass(parts.link, "alerting", alerts > 0);
  setText(parts.stale, stale > 0 ? t("tile.stale", { n: formatInteger(stale) }) : "");
  setText(parts.alerts, alerts > 0 ? t("tile.alerts", { n: formatInteger(alerts) }) : "");
  const behind = careBehind(summary);
  setClass(parts.link, "care-behind", behind > 0);
  setText(parts.care, behind > 0 ? t("tile.care", { n: formatInteger(behind) }) : "");
}

// Breadcrumb from the root down to the unit, walking parentId (the registry is data: nothing here knows levels).
const ancestors = new Map();

async function renderBreadcrumb(unit) {
  const chain = [unit];
  let parentId = unit.parentId;
  while (parentId) {
    let parent = ancestors.get(parentId);
    if (!parent) {
      parent = await api.unit(parentId);
      ancestors.set(parentId, parent);
    }
    chain.unshift(parent);
    parentId = parent.parentId;
  }
  const nav = role("breadcrumb");
  const fragment = document.createDocumentFragment();
  chain.forEach((u, i) => {
    if (i) fragment.append(Object.assign(document.createElement("span"), { className: "sep", textContent: "›" }));
    const crumb = document.createElement("a");
    crumb.dataset.testid = "crumb";
    crumb.dataset.unit = u.id;
    crumb.href = `/console?unit=${encodeURIComponent(u.id)}`;
    crumb.textContent = u.name;
    if (i === chain.length - 1) crumb.setAttribute("aria-current", "page");
    fragment.append(crumb);
  });
  nav.replaceChildren(fragment);
}

let unitId = null;
let isSite = false;
let crumbsDone = false;
const alerts = new AlertList(role("alerts"), role("alerts-note"), role("alert-count"), () => unitId);
const households = new HouseholdGrid(role("households"), role("households-note"), role("household-counts"), role("legend"));
const care = new CareList(role("care-list"), role("care-note"), role("care-count"), () => unitId);
const alertRefetch = refetcher(() => alerts.load(), 200);
const careRefetch = refetcher(() => care.load(), 200);
const householdRefetch = refetcher(() => households.load(unitId), 250);

const exportPath = (what) => (extension) => `/api/units/${encodeURIComponent(unitId)}/${what}.${extension}`;
const downloads = [
  downloadButtons(role("children-downloads"), "children", exportPath("children")),
  downloadButtons(role("households-downloads"), "households", exportPath("households")),
  downloadButtons(role("alerts-downloads"), "alerts", exportPath("alerts"),
    () => (byTestId("escalated-only").checked ? { escalated: "true" } : {})),
  downloadButtons(role("history-downloads"), "history", exportPath("history")),
];

byTestId("escalated-only").addEventListener("change", () => alertRefetch.run().catch(() => {}));

monitor.onSummary((summary, held) => {
  if (summary.id === unitId) {
    renderUnit(summary);
    const changed = !held || ["openAlerts", "unacknowledgedAlerts", "escalatedAlerts"].some((k) => count(summary[k]) !== count(held[k]));
    if (changed) alertRefetch.trigger();
    if (!held || ["careOpen", "careOverdue"].some((k) => count(summary[k]) !== count(held[k]))) careRefetch.trigger();
    if (isSite) householdRefetch.trigger();
    return;
  }
  const parts = childItems.get(summary.id);
  if (parts) renderChild(parts, summary);
});

// Pushes are the trigger; this catches an alert change that left every count as it was (one cleared, one raised).
setInterval(() => {
  if (monitor.state !== "live") return;
  alertRefetch.trigger();
  careRefetch.trigger();
}, 30 * 1000);

onLanguageChange(() => {
  const unit = unitId && monitor.summary(unitId);
  if (unit) renderUnit(unit);
  for (const [id, parts] of childItems) {
    const summary = monitor.summary(id);
    if (summary) renderChild(parts, summary);
  }
  alerts.rerender();
  for (const buttons of downloads) buttons.rerender();
  care.rerender();
  households.rerender();
});

unitId = await pageUnit();
// A site has no children, so one subscription shape serves every level; the snapshot says which page this is.
monitor.subscribe(unitId, true, async (snapshot) => {
  const unit = monitor.summary(unitId) ?? snapshot.unit;
  isSite = unit.level === "site";
  role("children-panel").hidden = isSite;
  role("site-panel").hidden = !isSite;
  if (!isSite) ensureChildren(snapshot.children ?? []);
  renderUnit(unit);
  for (const [id, parts] of childItems) {
    const summary = monitor.summary(id);
    if (summary) renderChild(parts, summary);
  }
  if (!crumbsDone) {
    await renderBreadcrumb(unit).then(() => { crumbsDone = true; }, (error) => { if (error.status === 0) throw error; });
  }
  await Promise.all([alertRefetch.run(), careRefetch.run(), isSite ? householdRefetch.run() : null]);
});
monitor.start();
