// Number and time formatting, and the one way a figure is written to the page: data-value holds the raw number,
// the text its formatted form, and neither is touched when unchanged (no layout work, no flicker).
import { language } from "./i18n.js";

const integers = new Map();

/** A count from the wire; a field the server does not send yet counts as 0. */
export function count(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function formatInteger(n) {
  const lang = language();
  let format = integers.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: 0 });
    integers.set(lang, format);
  }
  return format.format(n);
}

/** Coverage 0..1 as a percentage with one decimal: 0.8401 → "84.0%". */
export function formatPercent(fraction) {
  return `${(count(fraction) * 100).toFixed(1)}%`;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

export function formatClock(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A time the way the views show it: the clock time, with the date when it is not today. */
export function formatTime(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  const today = formatDate(new Date()) === formatDate(date);
  return today ? formatClock(date) : `${formatDate(date)} ${formatClock(date)}`;
}

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Writes a figure: data-value = the raw number, text = its formatted form. */
export function setFigure(el, value, text) {
  const raw = String(value);
  if (el.dataset.value !== raw) el.dataset.value = raw;
  setText(el, text);
}

export function setClass(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}
