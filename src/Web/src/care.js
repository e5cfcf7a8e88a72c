// The open care requests below a unit, overdue first and then the oldest first, as the server ranks them (kept so
// here too). Like the alert list it is not pushed: the console refetches it when a pushed summary changes careOpen
// or careOverdue. Each request links to its site's page with its household marked.
import { api } from "./api.js";
import { formatInteger, formatTime, setText } from "./format.js";
import { t } from "./i18n.js";

/** Overdue first, then by request time: the order the server gives, applied again so that a merge keeps it. */
export function rank(requests) {
  return [...requests].sort((a, b) => Number(Boolean(b.overdue)) - Number(Boolean(a.overdue))
    || Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
}

/** The site page of a household: the console marks that household's cell. */
export function householdHref(siteId, household) {
  return `/console?unit=${encodeURIComponent(siteId)}&household=${encodeURIComponent(household)}`;
}

export class CareList {
  #list;
  #note;
  #counter;
  #unit;
  #nodes = new Map();
  #requests = [];
  // Why there is no list: "unavailable" (a server without it), "forbidden" (a role without care), or null.
  #unavailable = null;

  constructor(list, note, counter, unit) {
    this.#list = list;
    this.#note = note;
    this.#counter = counter;
    this.#unit = unit;
  }

  async load() {
    const id = this.#unit();
    if (!id) return;
    try {
      const requests = await api.care(id, "open");
      this.#unavailable = null;
      this.#render(Array.isArray(requests) ? requests : []);
    } catch (error) {
      if (error.status !== 404 && error.status !== 403) throw error;
      this.#unavailable = error.status === 403 ? "forbidden" : "unavailable";
      this.#render([]);
    }
  }

  rerender() {
    this.#render(this.#requests);
  }

  #render(requests) {
    this.#requests = rank(requests);
    const keep = new Set(this.#requests.map((r) => r.id));
    for (const [id, node] of this.#nodes) {
      if (!keep.has(id)) {
        node.root.remove();
        this.#nodes.delete(id);
      }
    }
    this.#requests.forEach((request, index) => {
      let node = this.#nodes.get(request.id);
      if (!node) {
        node = this.#create(request.id);
        this.#nodes.set(request.id, node);
      }
      this.#update(node, request);
      const at = this.#list.children[index];
      if (at !== node.root) this.#list.insertBefore(node.root, at ?? null);
    });
    this.#note.hidden = this.#requests.length > 0;
    setText(this.#note, t(this.#unavailable === "forbidden" ? "care.forbidden" : this.#unavailable ? "care.unavailable" : "care.none"));
    setText(this.#counter, this.#requests.length ? t("care.count", { n: formatInteger(this.#requests.length) }) : "");
  }

  #create(id) {
    const root = document.createElement("li");
    root.className = "care-request";
    root.dataset.testid = "care-request";
    root.dataset.careId = id;
    root.innerHTML =
      '<div class="care-head"><span class="category"></span><a class="site"></a><span class="care-state"></span>' +
      '<time class="requested"></time></div><p class="due"></p><p class="care-note"></p>';
    return {
      root,
      category: root.querySelector(".category"),
      site: root.querySelector(".site"),
      state: root.querySelector(".care-state"),
      requested: root.querySelector(".requested"),
      due: root.querySelector(".due"),
      note: root.querySelector(".care-note"),
    };
  }

  #update(node, request) {
    const { root } = node;
    const overdue = request.overdue ? "true" : "false";
    if (root.dataset.state !== request.state) root.dataset.state = request.state;
    if (root.dataset.overdue !== overdue) root.dataset.overdue = overdue;
    if (root.dataset.household !== String(request.household)) root.dataset.household = String(request.household);
    setText(node.category, t(`category.${request.category}`));
    setText(node.site, `${request.siteId} · ${t("alert.household", { n: request.household })}`);
    const href = householdHref(request.siteId, request.household);
    if (node.site.getAttribute("href") !== href) node.site.href = href;
    setText(node.state, t(`careState.${request.state}`));
    node.requested.dateTime = request.requestedAt ?? "";
    setText(node.requested, request.requestedAt ? t("care.requestedAt", { at: formatTime(request.requestedAt) }) : "");
    const due = request.dueBy ? formatTime(request.dueBy) : "";
    setText(node.due, due ? t(request.overdue ? "care.overdueSince" : "care.dueBy", { at: due }) : "");
    setText(node.note, request.note ?? "");
    node.note.hidden = !request.note;
  }
}
