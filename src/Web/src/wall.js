// The wall display: one unit's headline figures and care strip, a tile per child (marked when its care is behind),
// and coverage over time, all updated in place from the monitor hub.
import "./base.css";
import "./wall.css";
import { api } from "./api.js";
import { bindConnection, byTestId, levelName, pageUnit, setAsOf, showError, startChrome } from "./chrome.js";
import { careBehind, renderCareFigures } from "./care-figures.js";
import { CoverageChart } from "./chart.js";
import { count, formatInteger, formatPercent, setClass, setFigure, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";
import { Monitor } from "./monitor.js";
import { findings, statuses } from "./residents.js";

const role = (name, root = document) => root.querySelector(`[data-role="${name}"]`);

startChrome();
const monitor = new Monitor();
bindConnection(monitor);
const chart = new CoverageChart(byTestId("chart"));
const tilesHost = role("tiles");
const tiles = new Map();
let unitId = null;

const residentFigures = new Map();
for (const status of statuses) {
  const figure = document.createElement("div");
  figure.className = `resident${findings.has(status) ? " finding" : ""}`;
  const caption = document.createElement("span");
  caption.className = "caption";
  caption.dataset.i18n = `residents.${status}`;
  caption.textContent = t(`residents.${status}`);
  const value = document.createElement("span");
  value.className = "value";
  value.dataset.testid = `residents-${status}`;
  value.dataset.value = "0";
  value.textContent = "0";
  figure.append(caption, value);
  role("residents").append(figure);
  residentFigures.set(status, value);
}

function renderUnit(summary) {
  setText(byTestId("unit-name"), summary.name);
  setText(role("level"), levelName(summary));
  document.title = `${summary.name} — Canvass`;
  const coverage = count(summary.coverage);
  setFigure(byTestId("coverage"), coverage, formatPercent(coverage));
  role("coverage-fill").style.width = `${(Math.min(1, coverage) * 100).toFixed(2)}%`;
  integer(byTestId("screened"), summary.screenedHouseholds);
  integer(byTestId("registered"), summary.registeredHouseholds);
  integer(byTestId("sites-closed"), summary.closedSites);
  integer(role("unstaffed"), summary.unstaffedSites);
  integer(byTestId("open-alerts"), summary.openAlerts);
  integer(role("unacknowledged"), summary.unacknowledgedAlerts);
  integer(role("escalated"), summary.escalatedAlerts);
  integer(byTestId("stale-sites"), summary.staleSites);
  setText(role("sites"), t("ofSites", { n: formatInteger(count(summary.sites)) }));
  integer(byTestId("temperature-checks"), summary.temperatureChecksLastHour);
  setClass(byTestId("open-alerts").closest(".figure"), "hot", count(summary.unacknowledgedAlerts) > 0);
  setClass(byTestId("stale-sites").closest(".figure"), "hot", count(summary.staleSites) > 0);
  for (const [status, el] of residentFigures) integer(el, summary.residents?.[status]);
  renderCareFigures(summary, role("care"));
  setAsOf(summary.lastReportAt);
}

function integer(el, value) {
  const n = count(value);
  setFigure(el, n, formatInteger(n));
}

function createTile(id) {
  const tile = document.createElement("a");
  tile.className = "tile";
  tile.dataset.testid = "tile";
  tile.dataset.unit = id;
  tile.href = `/wall?unit=${encodeURIComponent(id)}`;
  tile.innerHTML =
    '<span class="tile-name"></span><span class="tile-coverage"></span><span class="tile-meter"><span class="fill"></span></span>' +
    '<span class="tile-sub"></span><span class="tile-flags"><span class="flag flag-stale"></span><span class="flag flag-alerts"></span><span class="flag flag-care"></span></span>';
  return {
    tile,
    name: tile.querySelector(".tile-name"),
    coverage: tile.querySelector(".tile-coverage"),
    fill: tile.querySelector(".fill"),
    sub: tile.querySelector(".tile-sub"),
    stale: tile.querySelector(".flag-stale"),
    alerts: tile.querySelector(".flag-alerts"),
    care: tile.querySelector(".flag-care"),
  };
}

function renderTile(parts, summary) {
  const coverage = count(summary.coverage);
  const stale = count(summary.staleSites);
  const alerts = count(summary.unacknowledgedAlerts);
  const behind = careBehind(summary);
  if (parts.tile.dataset.value !== String(coverage)) {
    parts.tile.dataset.value = String(coverage);
    parts.tile.style.setProperty("--cov", coverage.toFixed(4));
    parts.fill.style.width = `${(Math.min(1, coverage) * 100).toFixed(2)}%`;
  }
  setText(parts.name, summary.name);
  setText(parts.coverage, formatPercent(coverage));
  setText(parts.sub, `${formatInteger(count(summary.screenedHouseholds))} / ${formatInteger(count(summary.registeredHouseholds))}`);
  setClass(parts.tile, "stale", stale > 0);
  setClass(parts.tile, "alerting", alerts > 0);
  setClass(parts.tile, "care-behind", behind > 0);
  setText(parts.stale, stale > 0 ? t("tile.stale", { n: formatInteger(stale) }) : "");
  setText(parts.alerts, alerts > 0 ? t("tile.alerts", { n: formatInteger(alerts) }) : "");
  setFigure(parts.care, behind, behind > 0 ? t("tile.care", { n: formatInteger(behind) }) : "");
  parts.tile.title = `${summary.name} ${formatPercent(coverage)}`;
}

/** Builds the tile grid only when the set of children differs from the one shown (first snapshot, in practice). */
function ensureTiles(children) {
  const ids = children.map((c) => c.id);
  if (ids.length === tiles.size && ids.every((id) => tiles.has(id))) return;
  tiles.clear();
  const fragment = document.createDocumentFragment();
  for (const id of ids) {
    const parts = createTile(id);
    tiles.set(id, parts);
    fragment.append(parts.tile);
  }
  tilesHost.replaceChildren(fragment);
  layoutTiles();
}

/** Picks the column count that gives the largest tiles of a wide shape in the space there is. */
function layoutTiles() {
  const n = tiles.size;
  const width = tilesHost.clientWidth;
  const height = tilesHost.clientHeight;
  if (!n || !width || !height) return;
  let best = { cols: 1, rows: n, score: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const score = Math.min(width / cols / 1.7, height / rows);
    if (score > best.score) best = { cols, rows, score };
  }
  tilesHost.style.setProperty("--cols", String(best.cols));
  tilesHost.style.setProperty("--rows", String(best.rows));
}
new ResizeObserver(layoutTiles).observe(tilesHost);

async function loadHistory(id) {
  const to = new Date();
  const from = new Date(to.getTime() - 24 * 60 * 60 * 1000);
  let points = [];
  try {
    const history = await api.history(id, from, to);
    points = (Array.isArray(history) ? history : [])
      .map((p) => ({ t: Date.parse(p.at), v: count(p.summary?.coverage), p: p.provisional === true }))
      .filter((p) => Number.isFinite(p.t));
  } catch (error) {
    // The history endpoint may not exist on this server yet (404) or fail on its own: the chart then starts
    // from the live figures. Only an unreachable server makes the refetch fail.
    if (error.status === 0) throw error;
  }
  const held = monitor.summary(id);
  if (held) points.push({ t: Date.now(), v: count(held.coverage), live: true, p: true });
  chart.setHistory(points);
  role("chart-empty").hidden = points.length > 1;
}

monitor.onSummary((summary) => {
  if (summary.id === unitId) {
    renderUnit(summary);
    chart.add(Date.now(), count(summary.coverage));
    if (chart.points.length > 1) role("chart-empty").hidden = true;
    return;
  }
  const parts = tiles.get(summary.id);
  if (parts) renderTile(parts, summary);
});

onLanguageChange(() => {
  const unit = unitId && monitor.summary(unitId);
  if (unit) renderUnit(unit);
  for (const [id, parts] of tiles) {
    const summary = monitor.summary(id);
    if (summary) renderTile(parts, summary);
  }
});

try {
  unitId = await pageUnit();
  monitor.subscribe(unitId, true, async (snapshot) => {
    ensureTiles(snapshot.children ?? []);
    renderUnit(monitor.summary(unitId) ?? snapshot.unit);
    for (const [id, parts] of tiles) {
      const summary = monitor.summary(id);
      if (summary) renderTile(parts, summary);
    }
    await loadHistory(unitId);
  });
  monitor.start();
} catch (error) {
  showError(error);
}
