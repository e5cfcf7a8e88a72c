// The phone page of property staff and volunteers (/service?unit=, a `service` token of a site or a community):
// the households due a health check today and the open care requests of that scope, one tap to record a check,
// accept or deliver. A service token may not subscribe (no hub) nor read summaries, so the page polls the two
// care lists every 10 s and right after each tap.
import "./base.css";
import "./service.css";
import { api } from "./api.js";
import { onSession, session } from "./auth.js";
import { describe, showError, startChrome } from "./chrome.js";
import { rank } from "./care.js";
import { formatClock, formatInteger, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";
import { refetcher } from "./refetch.js";
import { busy, careCard, Cards, checkCard } from "./service-cards.js";

const pollEvery = 10 * 1000;
const role = (name) => document.querySelector(`[data-role="${name}"]`);
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

startChrome("service");

let unitId = null;
let updatedAt = null;
// Why a list is missing: "forbidden" (403), "unavailable" (404), or null.
let unavailable = null;
let lastChecks = [];
let lastCare = [];

const checkCards = checkCard(recordCheck);
const careCards = careCard(step);
const checks = new Cards(role("checks"), checkCards.create, checkCards.update);
const care = new Cards(role("care"), careCards.create, careCards.update);
const refresh = refetcher(poll, 0);

/** The page's unit: ?unit=, else the token's own scope (written into the address). */
function pageUnit() {
  const url = new URL(location.href);
  const id = url.searchParams.get("unit") || session()?.unit;
  if (id && url.searchParams.get("unit") !== id) {
    url.searchParams.set("unit", id);
    history.replaceState(null, "", url);
  }
  return id ?? null;
}

/** Households under an open quarantine, a missed check first, then by the next check due. */
function dueOrder(quarantines) {
  const next = (q) => (q.nextCheckDueAt ? Date.parse(q.nextCheckDueAt) : Infinity);
  return quarantines.filter((q) => !q.endedAt)
    .sort((a, b) => Number(Boolean(b.checkMissed)) - Number(Boolean(a.checkMissed)) || next(a) - next(b) || a.household - b.household);
}

async function poll() {
  unitId = pageUnit();
  if (!unitId || !session()) return;
  try {
    const [requests, quarantines] = await Promise.all([api.care(unitId, "open"), api.quarantines(unitId)]);
    unavailable = null;
    lastCare = rank(Array.isArray(requests) ? requests : []);
    lastChecks = dueOrder(Array.isArray(quarantines) ? quarantines : []);
    updatedAt = new Date();
    showError(null);
  } catch (error) {
    if (error.status === 403 || error.status === 404) {
      unavailable = error.status === 403 ? "forbidden" : "unavailable";
      lastCare = [];
      lastChecks = [];
    } else {
      showError(error);
    }
  }
  render();
}

function render() {
  setText(byTestId("service-unit"), unitId ?? "");
  const updated = byTestId("service-updated");
  setText(updated, updatedAt ? t("service.updated", { at: formatClock(updatedAt) }) : "");
  if (updatedAt) updated.dataset.value = updatedAt.toISOString();
  checks.render(lastChecks);
  care.render(lastCare);
  const why = unavailable === "forbidden" ? t("service.forbidden") : unavailable ? t("service.unavailable") : null;
  note("checks-note", lastChecks.length === 0, why ?? t("service.noChecks"));
  note("care-note", lastCare.length === 0, why ?? t("service.noCare"));
  setText(role("check-count"), lastChecks.length ? formatInteger(lastChecks.length) : "");
  setText(role("care-count"), lastCare.length ? formatInteger(lastCare.length) : "");
}

function note(name, shown, text) {
  const el = role(name);
  el.hidden = !shown;
  setText(el, text);
}

/** A check id the server has never seen: it is the idempotency key, so a resend after a lost reply is a duplicate. */
function newCheckId() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `svc-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`;
}

async function recordCheck(card, fever) {
  const q = card.item;
  const residents = Math.max(1, Number(q.residents) || 1);
  // One tap records every resident normal, or one of them with a fever (the alert then says which household).
  const readings = Array.from({ length: residents }, (_, i) => ({ status: fever && i === 0 ? "fever" : "normal" }));
  const at = new Date();
  const check = { checkId: newCheckId(), siteId: q.siteId, household: q.household, at: at.toISOString(), readings };
  const done = await busy(card, [card.normal, card.fever], async () => {
    const reply = await api.healthChecks([check]);
    const result = reply?.results?.[0];
    if (result && result.status === "rejected") throw new Error(result.error || "rejected");
    return result;
  }, describe);
  if (done) {
    card.done.hidden = false;
    setText(card.done, t("service.recorded", { at: formatClock(at) }));
  }
  await refresh.run().catch(() => {});
}

async function step(card, name) {
  const buttons = [card.accept, card.deliver];
  const updated = await busy(card, buttons, () => api.careStep(card.item.id, name), describe);
  if (updated && updated.id) {
    card.item = updated;
    lastCare = lastCare.map((r) => (r.id === updated.id ? updated : r));
    render();
  }
  await refresh.run().catch(() => {});
}

setInterval(() => { if (session()) refresh.trigger(); }, pollEvery);
onSession((claims) => { if (claims) refresh.run().catch(() => {}); });
onLanguageChange(render);
