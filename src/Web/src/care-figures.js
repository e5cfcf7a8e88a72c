// The care figures of a summary as the wall and the console show them: sealed households (open quarantines of
// either kind), checks and care today. A member the server does not send yet counts as 0, like every figure.
import { count, formatInteger, setClass, setFigure, setText } from "./format.js";
import { t } from "./i18n.js";

/** Households under an open quarantine, of either kind. */
export function sealedHouseholds(summary) {
  const q = summary.quarantinedHouseholds;
  return count(q?.homeQuarantine) + count(q?.keyAreaObservation);
}

/** What is behind on care: missed checks and overdue requests (a tile is marked when it is above 0). */
export function careBehind(summary) {
  return count(summary.checksMissed) + count(summary.careOverdue);
}

function integer(el, value) {
  if (!el) return;
  const n = count(value);
  setFigure(el, n, formatInteger(n));
}

/** Writes the care figures into the [data-testid] elements under root that the page has. */
export function renderCareFigures(summary, root = document) {
  const at = (id) => root.querySelector(`[data-testid="${id}"]`);
  integer(at("sealed-households"), sealedHouseholds(summary));
  integer(at("quarantined-home"), summary.quarantinedHouseholds?.homeQuarantine);
  integer(at("quarantined-key-area"), summary.quarantinedHouseholds?.keyAreaObservation);
  integer(at("checks-missed"), summary.checksMissed);
  integer(at("checks-done"), summary.checksDone);
  integer(at("checks-due-today"), summary.checksDueToday);
  integer(at("care-overdue"), summary.careOverdue);
  integer(at("care-open"), summary.careOpen);
  integer(at("care-delivered-today"), summary.careDeliveredToday);
  const median = root.querySelector('[data-role="care-median"]');
  if (median) {
    const minutes = summary.careDeliveryMedianMinutes;
    setText(median, minutes == null ? "" : ` (${t("care.median", { n: formatInteger(Math.round(count(minutes))) })})`);
  }
  for (const id of ["checks-missed", "care-overdue"]) {
    const figure = at(id)?.closest(".care-figure");
    if (figure) setClass(figure, "hot", count(at(id).dataset.value) > 0);
  }
}
