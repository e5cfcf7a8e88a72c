// The daily situation report for people (/daily?date=&unit=): a unit's figures and its children's as frozen at the
// day's cut-off (GET /api/daily-reports/{date}), printable, with the workbook to download. Without ?date= the newest
// published day; without ?unit= the token's unit. The report never changes, so the page reads it once per choice.
import "./base.css";
import "./daily.css";
import { request } from "./api.js";
import { accessToken, onSession, session } from "./auth.js";
import { byTestId, levelName, showError, startChrome } from "./chrome.js";
import { formatInteger, formatPercent, setText } from "./format.js";
import { language, onLanguageChange } from "./i18n.js";

const strings = {
  en: {
    title: "Daily situation report", day: "Day", print: "Print", xlsx: "Excel", none: "No daily report is published yet.",
    missing: "The report of {date} is not published yet.",
    meta: "{date} · figures as of {cutOff} · published {publishedAt}",
    late: "Arrived late for the day before: {households} household reports, {checkpoints} checkpoint reports.",
    unit: "Unit", registered: "Registered households", screened: "Screened", coverage: "Coverage", absent: "Absent",
    refused: "Refused", fever: "Fever", closed: "Closed sites", stale: "Stale sites", alerts: "Open alerts",
  },
  zh: {
    title: "每日情况报告", day: "日期", print: "打印", xlsx: "Excel", none: "尚未发布每日报告。",
    missing: "{date} 的报告尚未发布。",
    meta: "{date} · 数据截至 {cutOff} · 发布于 {publishedAt}",
    late: "前一日迟报：入户报告 {households} 条，卡口报告 {checkpoints} 条。",
    unit: "单位", registered: "登记户数", screened: "已排查", coverage: "覆盖率", absent: "不在家",
    refused: "拒绝", fever: "发热", closed: "封闭管理小区", stale: "停滞小区", alerts: "未关闭预警",
  },
};

const columns = [
  ["registered", (s) => formatInteger(s.registeredHouseholds)],
  ["screened", (s) => formatInteger(s.screenedHouseholds)],
  ["coverage", (s) => formatPercent(s.registeredHouseholds ? s.screenedHouseholds / s.registeredHouseholds : 0)],
  ["absent", (s) => formatInteger(s.absentHouseholds)],
  ["refused", (s) => formatInteger(s.refusedHouseholds)],
  ["fever", (s) => formatInteger(s.residents?.fever ?? 0)],
  ["closed", (s) => formatInteger(s.closedSites)],
  ["stale", (s) => formatInteger(s.staleSites)],
  ["alerts", (s) => formatInteger(s.openAlerts)],
];

const role = (name) => document.querySelector(`[data-role="${name}"]`);
const s = (key, values) => {
  const text = strings[language()]?.[key] ?? strings.en[key];
  return values ? text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? "")) : text;
};
// Instants as the registry states them (its offset is in the string): the cut-off reads "2020-02-04 00:00".
const local = (iso) => iso.slice(0, 16).replace("T", " ");

startChrome("display");

let dates = [];
let report = null;
let note = null;

function params() {
  const url = new URL(location.href);
  return { date: url.searchParams.get("date"), unit: url.searchParams.get("unit") || session()?.unit || null };
}

async function load() {
  if (!session()) return;
  try {
    dates = (await request("/api/daily-reports")).map((d) => d.date);
    const { date, unit } = params();
    const day = date ?? dates.at(-1);
    report = null;
    note = day ? null : s("none");
    if (day) {
      const query = unit ? `?unit=${encodeURIComponent(unit)}` : "";
      try {
        report = await request(`/api/daily-reports/${encodeURIComponent(day)}${query}`);
      } catch (error) {
        if (error.status !== 404) throw error;
        note = error.title === "Not published" ? s("missing", { date: day }) : error.detail;
      }
    }
    showError(null);
  } catch (error) {
    showError(error);
  }
  render();
}

function render() {
  setText(role("title"), s("title"));
  setText(role("date-label"), s("day"));
  setText(role("print"), s("print"));
  setText(role("xlsx"), s("xlsx"));
  document.title = `Canvass — ${s("title")}`;
  const select = byTestId("daily-dates");
  const chosen = report?.date ?? params().date ?? "";
  select.replaceChildren(...[...dates].reverse().map((d) => new Option(d, d, false, d === chosen)));
  const noteEl = byTestId("daily-note");
  noteEl.hidden = !note;
  setText(noteEl, note ?? "");
  byTestId("daily-report").hidden = !report;
  byTestId("daily-xlsx").disabled = !report;
  if (!report) return;

  const unit = report.unit;
  setText(byTestId("daily-unit"), `${unit.name} · ${levelName(unit)}`);
  byTestId("daily-unit").dataset.unit = unit.id;
  setText(byTestId("daily-meta"), s("meta", { date: report.date, cutOff: local(report.cutOff), publishedAt: local(report.publishedAt) }));
  role("figures").replaceChildren(...columns.map(([key, value]) => {
    const item = document.createElement("div");
    item.dataset.testid = `daily-${key}`;
    item.innerHTML = "<dt></dt><dd></dd>";
    item.querySelector("dt").textContent = s(key);
    item.querySelector("dd").textContent = value(unit);
    return item;
  }));
  setText(byTestId("daily-late"), s("late", report.lateForPreviousDay));
  role("head").replaceChildren(...["unit", ...columns.map(([key]) => key)].map((key) => {
    const th = document.createElement("th");
    th.textContent = s(key);
    return th;
  }));
  role("children").replaceChildren(...report.children.map((child) => {
    const row = document.createElement("tr");
    row.dataset.testid = "daily-child";
    row.dataset.unit = child.id;
    const name = document.createElement("td");
    name.textContent = child.name;
    row.append(name, ...columns.map(([, value]) => {
      const td = document.createElement("td");
      td.textContent = value(child);
      return td;
    }));
    return row;
  }));
}

// The workbook needs the token, which a plain link cannot send: fetched, then saved through an object URL.
async function download() {
  if (!report) return;
  try {
    const query = `?unit=${encodeURIComponent(report.unit.id)}&lang=${language()}`;
    const response = await fetch(`/api/daily-reports/${report.date}.xlsx${query}`, { headers: { Authorization: `Bearer ${accessToken()}` } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement("a"), { href: url, download: `daily-report-${report.date}-${report.unit.id}.xlsx` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError(error);
  }
}

byTestId("daily-dates").addEventListener("change", (event) => {
  const url = new URL(location.href);
  url.searchParams.set("date", event.target.value);
  history.replaceState(null, "", url);
  load();
});
byTestId("daily-print").addEventListener("click", () => window.print());
byTestId("daily-xlsx").addEventListener("click", download);
onLanguageChange(render);
// Called at once with the current session, and again at each sign-in.
onSession(load);
