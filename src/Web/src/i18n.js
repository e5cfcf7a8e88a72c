// The interface strings in English and Chinese. The language comes from ?lang=, else the choice kept in
// localStorage, else English; the toggle switches it without a reload: elements with data-i18n take their text
// from here, and views re-render their own dynamic text through onLanguageChange.
import { careStrings } from "./i18n-care.js";
import { exportStrings } from "./i18n-exports.js";
import { screenStrings } from "./i18n-screen.js";

const strings = {
  en: {
    "app.name": "Canvass",
    "index.title": "Canvass — live screening",
    "index.lead": "Door-to-door screening, live. Open the wall display or the supervisors' console.",
    "index.wall": "Wall display",
    "index.console": "Console",
    "index.children": "Below",
    "wall.title": "Wall",
    "console.title": "Console",
    "lang.toggle": "中文",
    "conn.live": "LIVE",
    "conn.down": "OFFLINE",
    "conn.signedOut": "SIGNED OUT",
    "signin.title": "Sign in",
    "signin.lead": "Paste an access token to see the figures.",
    "signin.label": "Token",
    "signin.placeholder": "eyJ…",
    "signin.submit": "Sign in",
    "signin.hint": "Mint one with:",
    "signin.expired": "Your sign-in expired at {at}: the figures are not live any more. Paste a new token to see them again.",
    "signin.tokenExpired": "That token expired at {at}.",
    "signin.rejected": "The server did not accept the token: {detail}",
    "signin.invalid": "That is not a token: a token is three parts separated by dots, and has an expiry.",
    "signin.signedOut": "Signed out.",
    "signin.signOut": "Sign out",
    "session.until": "{sub}, signed in until {at}",
    "asOf": "as of",
    "asOf.none": "no reports yet",
    "coverage": "Coverage",
    "screened": "Screened",
    "registered": "Registered",
    "households": "households",
    "screenedOf": "screened of",
    "sitesClosed": "Sites closed",
    "unstaffed": "unstaffed",
    "openAlerts": "Open alerts",
    "unacknowledged": "unacknowledged",
    "escalated": "escalated",
    "staleSites": "Stale sites",
    "ofSites": "of {n} sites",
    "temperatureChecks": "Temperature checks",
    "lastHour": "last hour",
    "residents": "Residents",
    "residents.normal": "Normal",
    "residents.fever": "Fever",
    "residents.keyAreaObservation": "Key-area obs.",
    "residents.homeQuarantine": "Home quarantine",
    "residents.centralQuarantine": "Central quarantine",
    "residents.suspected": "Suspected",
    "residents.confirmed": "Confirmed",
    "tile.stale": "stale {n}",
    "tile.alerts": "alerts {n}",
    "chart.title": "Coverage, last 24 h",
    "chart.empty": "No history yet; the line grows as figures arrive.",
    "chart.provisional": "provisional",
    "children": "Below",
    "alerts": "Gap alerts",
    "alerts.none": "No open alerts.",
    "alerts.unavailable": "Alert list not available on this server yet.",
    "alerts.escalatedOnly": "Escalated to this level only",
    "alerts.count": "{n} shown",
    "ack.by": "Your name",
    "ack.note": "Note (what was done)",
    "ack.submit": "Acknowledge",
    "ack.sending": "Sending…",
    "ack.info": "Acknowledged by {by} at {at}",
    "ack.failed": "Not acknowledged: {detail}",
    "alert.household": "household {n}",
    "alert.escalations": "escalated ×{n}",
    "kind.stale": "Stale",
    "kind.lowCoverage": "Low coverage",
    "kind.finding": "Finding",
    "kind.checkpointOpen": "Checkpoint open",
    "kind.checkpointUnstaffed": "Checkpoint unstaffed",
    "kind.teamSilent": "Team silent",
    "site.households": "Households",
    "site.unavailable": "Household list not available on this server yet.",
    "site.forbidden": "Single households are shown to supervisors, screeners and admins only.",
    "outcome.screened": "screened",
    "outcome.absent": "absent",
    "outcome.refused": "refused",
    "outcome.none": "not yet",
    "outcome.finding": "fever or suspected",
    "level.country": "Country",
    "level.province": "Province",
    "level.city": "City",
    "level.district": "District",
    "level.county": "County",
    "level.subdistrict": "Subdistrict",
    "level.township": "Township",
    "level.community": "Community",
    "level.site": "Site",
    "kind.compound": "Compound",
    "kind.urbanVillage": "Urban village",
    "error.load": "Could not load: {detail}",
    "error.network": "The server cannot be reached.",
    "openWall": "wall",
    "openConsole": "console",
  },
  zh: {
    "app.name": "Canvass 排查",
    "index.title": "Canvass — 实时排查",
    "index.lead": "入户排查实时动态。打开大屏或督导控制台。",
    "index.wall": "大屏",
    "index.console": "控制台",
    "index.children": "下级",
    "wall.title": "大屏",
    "console.title": "控制台",
    "lang.toggle": "English",
    "conn.live": "实时",
    "conn.down": "已断开",
    "conn.signedOut": "未登录",
    "signin.title": "登录",
    "signin.lead": "粘贴访问令牌以查看数据。",
    "signin.label": "令牌",
    "signin.placeholder": "eyJ…",
    "signin.submit": "登录",
    "signin.hint": "生成令牌：",
    "signin.expired": "登录已于 {at} 过期，数据不再实时更新。请粘贴新的令牌。",
    "signin.tokenExpired": "该令牌已于 {at} 过期。",
    "signin.rejected": "服务器不接受此令牌：{detail}",
    "signin.invalid": "这不是有效的令牌：令牌由三段以点分隔的内容组成，并带有过期时间。",
    "signin.signedOut": "已退出登录。",
    "signin.signOut": "退出登录",
    "session.until": "{sub}，登录有效至 {at}",
    "asOf": "数据截至",
    "asOf.none": "尚无报告",
    "coverage": "覆盖率",
    "screened": "已排查",
    "registered": "登记",
    "households": "户",
    "screenedOf": "已排查 / 登记",
    "sitesClosed": "封闭管理小区",
    "unstaffed": "卡口无人值守",
    "openAlerts": "未关闭预警",
    "unacknowledged": "未确认",
    "escalated": "已升级",
    "staleSites": "停滞小区",
    "ofSites": "共 {n} 个小区",
    "temperatureChecks": "测温人次",
    "lastHour": "近一小时",
    "residents": "居民",
    "residents.normal": "正常",
    "residents.fever": "发热",
    "residents.keyAreaObservation": "重点地区观察",
    "residents.homeQuarantine": "居家隔离",
    "residents.centralQuarantine": "集中隔离",
    "residents.suspected": "疑似",
    "residents.confirmed": "确诊",
    "tile.stale": "停滞 {n}",
    "tile.alerts": "预警 {n}",
    "chart.title": "覆盖率，近 24 小时",
    "chart.empty": "暂无历史数据；曲线随新数据延伸。",
    "chart.provisional": "暂定",
    "children": "下级",
    "alerts": "缺口预警",
    "alerts.none": "没有未关闭的预警。",
    "alerts.unavailable": "此服务器暂不提供预警列表。",
    "alerts.escalatedOnly": "只看升级到本级的",
    "alerts.count": "显示 {n} 条",
    "ack.by": "您的姓名",
    "ack.note": "备注（已采取的措施）",
    "ack.submit": "确认",
    "ack.sending": "提交中…",
    "ack.info": "{by} 于 {at} 确认",
    "ack.failed": "未确认：{detail}",
    "alert.household": "第 {n} 户",
    "alert.escalations": "已升级 {n} 级",
    "kind.stale": "停滞",
    "kind.lowCoverage": "覆盖率低",
    "kind.finding": "发现病例",
    "kind.checkpointOpen": "卡口未封闭",
    "kind.checkpointUnstaffed": "卡口无人值守",
    "kind.teamSilent": "排查组失联",
    "site.households": "住户",
    "site.unavailable": "此服务器暂不提供住户列表。",
    "site.forbidden": "住户明细仅向督导员、筛查员和管理员显示。",
    "outcome.screened": "已排查",
    "outcome.absent": "不在家",
    "outcome.refused": "拒绝",
    "outcome.none": "未排查",
    "outcome.finding": "发热或疑似",
    "level.country": "全国",
    "level.province": "省",
    "level.city": "市",
    "level.district": "区",
    "level.county": "县区",
    "level.subdistrict": "街道",
    "level.township": "乡镇街道",
    "level.community": "社区",
    "level.site": "小区",
    "kind.compound": "小区",
    "kind.urbanVillage": "城中村",
    "error.load": "无法加载：{detail}",
    "error.network": "无法连接服务器。",
    "openWall": "大屏",
    "openConsole": "控制台",
  },
};

for (const lang of Object.keys(strings)) Object.assign(strings[lang], careStrings[lang], exportStrings[lang], screenStrings[lang]);

const storageKey = "canvass.lang";
const listeners = new Set();

function initialLanguage() {
  const fromQuery = new URLSearchParams(location.search).get("lang");
  if (fromQuery && fromQuery in strings) {
    store(fromQuery);
    return fromQuery;
  }
  const kept = read();
  return kept && kept in strings ? kept : "en";
}

function read() {
  try { return localStorage.getItem(storageKey); } catch { return null; }
}

function store(lang) {
  try { localStorage.setItem(storageKey, lang); } catch { /* private mode: the choice lasts for the page */ }
}

let current = initialLanguage();

export function language() {
  return current;
}

/** The string for key in the current language, with {name} placeholders filled from values. */
export function t(key, values) {
  const text = strings[current][key] ?? strings.en[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? "")) : text;
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

export function setLanguage(lang) {
  if (!(lang in strings) || lang === current) return;
  current = lang;
  store(lang);
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) {
    url.searchParams.set("lang", lang);
    history.replaceState(null, "", url);
  }
  applyStatic();
  for (const listener of listeners) listener(lang);
}

/** Fills every [data-i18n] element and sets the document language. */
export function applyStatic(root = document) {
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  for (const el of root.querySelectorAll("[data-i18n]")) {
    const text = t(el.dataset.i18n);
    if (el.textContent !== text) el.textContent = text;
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
}

/** Wires the [data-testid=lang] button: en ⇄ zh. */
export function bindToggle(button) {
  button.addEventListener("click", () => setLanguage(current === "en" ? "zh" : "en"));
}
