// A site's households, one cell each, coloured by the outcome of the latest report and marked when under
// quarantine (a missed check marked again); the household named by ?household= is highlighted. Cells are created
// once and then only their attributes change.
import { api } from "./api.js";
import { count, formatInteger, formatTime, setText } from "./format.js";
import { t } from "./i18n.js";
import { findings } from "./residents.js";

const outcomes = ["screened", "absent", "refused", "none"];

export class HouseholdGrid {
  #grid;
  #note;
  #counts;
  #legend;
  #cells = [];
  #rows = [];
  #quarantines = new Map();
  #selected = Number(new URLSearchParams(location.search).get("household")) || null;
  #scrolled = false;
  // Why there is no list: "unavailable" (a server without it), "forbidden" (a role that sees aggregates only), or null.
  #unavailable = null;

  constructor(grid, note, counts, legend) {
    this.#grid = grid;
    this.#note = note;
    this.#counts = counts;
    this.#legend = legend;
    this.#renderLegend();
  }

  async load(siteId) {
    try {
      const [rows] = await Promise.all([api.households(siteId), this.#loadQuarantines(siteId)]);
      this.#unavailable = null;
      this.#render(Array.isArray(rows) ? rows : []);
    } catch (error) {
      if (error.status !== 404 && error.status !== 403) throw error;
      this.#unavailable = error.status === 403 ? "forbidden" : "unavailable";
      this.#render([]);
    }
  }

  /** The site's open quarantines by household; none when the role may not see care or the server has none. */
  async #loadQuarantines(siteId) {
    try {
      const list = await api.quarantines(siteId);
      this.#quarantines = new Map((Array.isArray(list) ? list : []).filter((q) => !q.endedAt).map((q) => [q.household, q]));
    } catch (error) {
      if (error.status !== 404 && error.status !== 403) throw error;
      this.#quarantines = new Map();
    }
  }

  rerender() {
    this.#renderLegend();
    this.#render(this.#rows);
  }

  #renderLegend() {
    const fragment = document.createDocumentFragment();
    for (const outcome of [...outcomes, "finding", "quarantined"]) {
      const item = document.createElement("span");
      item.className = "legend-item";
      const swatch = document.createElement("span");
      swatch.className = "household swatch";
      if (outcome === "finding") {
        swatch.dataset.outcome = "screened";
        swatch.classList.add("finding");
      } else if (outcome === "quarantined") {
        swatch.dataset.outcome = "none";
        swatch.classList.add("quarantined");
      } else {
        swatch.dataset.outcome = outcome;
      }
      item.append(swatch, document.createTextNode(t(`outcome.${outcome}`)));
      fragment.append(item);
    }
    this.#legend.replaceChildren(fragment);
  }

  #render(rows) {
    this.#rows = rows;
    this.#note.hidden = !this.#unavailable;
    setText(this.#note, t(this.#unavailable === "forbidden" ? "site.forbidden" : "site.unavailable"));
    while (this.#cells.length < rows.length) {
      const cell = document.createElement("span");
      cell.className = "household";
      cell.dataset.testid = "household";
      this.#cells.push(cell);
      this.#grid.append(cell);
    }
    while (this.#cells.length > rows.length) this.#cells.pop().remove();
    const tally = { screened: 0, absent: 0, refused: 0, none: 0 };
    rows.forEach((row, i) => {
      const cell = this.#cells[i];
      const outcome = outcomes.includes(row.outcome) ? row.outcome : "none";
      tally[outcome]++;
      const n = String(row.household);
      if (cell.dataset.household !== n) cell.dataset.household = n;
      if (cell.dataset.outcome !== outcome) cell.dataset.outcome = outcome;
      const finding = [...findings].some((status) => count(row.residents?.[status]) > 0);
      if (cell.classList.contains("finding") !== finding) cell.classList.toggle("finding", finding);
      const quarantine = this.#quarantines.get(row.household);
      const kind = quarantine?.kind ?? "";
      if ((cell.dataset.quarantine ?? "") !== kind) {
        if (kind) cell.dataset.quarantine = kind;
        else delete cell.dataset.quarantine;
      }
      cell.classList.toggle("quarantined", Boolean(quarantine));
      cell.classList.toggle("check-missed", Boolean(quarantine?.checkMissed));
      cell.classList.toggle("selected", row.household === this.#selected);
      if (row.household === this.#selected && !this.#scrolled) {
        this.#scrolled = true;
        cell.scrollIntoView({ block: "center" });
      }
      const title = `#${n} ${t(`outcome.${outcome}`)}${row.screenedAt ? ` ${formatTime(row.screenedAt)}` : ""}` +
        (quarantine ? ` · ${t(`residents.${kind}`)}` : "");
      if (cell.title !== title) cell.title = title;
    });
    setText(this.#counts, rows.length
      ? outcomes.map((o) => `${t(`outcome.${o}`)} ${formatInteger(tally[o])}`).join(" · ")
      : "");
  }
}
