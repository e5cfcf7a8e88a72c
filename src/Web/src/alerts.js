// The ranked gap alerts of a unit, in the server's order. Nodes are kept per alert id and updated in place, so a
// note being typed survives every refetch; an alert that is no longer listed (cleared) is removed.
import { api } from "./api.js";
import { describe } from "./chrome.js";
import { count, formatInteger, formatTime, setText } from "./format.js";
import { t } from "./i18n.js";

const byKey = "canvass.ackBy";

export class AlertList {
  #list;
  #note;
  #counter;
  #unit;
  #nodes = new Map();
  #alerts = [];
  #byInput = document.querySelector('[data-testid="ack-by"]');
  #escalatedOnly = document.querySelector('[data-testid="escalated-only"]');
  #unavailable = false;

  constructor(list, note, counter, unit) {
    this.#list = list;
    this.#note = note;
    this.#counter = counter;
    this.#unit = unit;
    try { this.#byInput.value = localStorage.getItem(byKey) ?? ""; } catch { /* no storage: the field starts empty */ }
    this.#byInput.addEventListener("input", () => {
      try { localStorage.setItem(byKey, this.#byInput.value); } catch { /* kept for this page only */ }
    });
  }

  /** Refetches the list. A missing endpoint (404) is shown as a note; an unreachable server fails the call. */
  async load() {
    const id = this.#unit();
    if (!id) return;
    try {
      const alerts = await api.alerts(id, this.#escalatedOnly.checked);
      this.#unavailable = false;
      this.#render(Array.isArray(alerts) ? alerts : []);
    } catch (error) {
      if (error.status === 404) {
        this.#unavailable = true;
        this.#render([]);
        return;
      }
      throw error;
    }
  }

  rerender() {
    this.#render(this.#alerts);
  }

  #render(alerts) {
    this.#alerts = alerts;
    const keep = new Set(alerts.map((a) => a.id));
    for (const [id, node] of this.#nodes) {
      if (!keep.has(id)) {
        node.root.remove();
        this.#nodes.delete(id);
      }
    }
    alerts.forEach((alert, index) => {
      let node = this.#nodes.get(alert.id);
      if (!node) {
        node = this.#create(alert.id);
        this.#nodes.set(alert.id, node);
      }
      this.#update(node, alert);
      // Moved only when out of place: moving a node would take the focus from a note being typed.
      const at = this.#list.children[index];
      if (at !== node.root) this.#list.insertBefore(node.root, at ?? null);
    });
    this.#note.hidden = alerts.length > 0;
    setText(this.#note, this.#unavailable ? t("alerts.unavailable") : t("alerts.none"));
    setText(this.#counter, alerts.length ? t("alerts.count", { n: formatInteger(alerts.length) }) : "");
  }

  #create(id) {
    const root = document.createElement("li");
    root.className = "alert";
    root.dataset.testid = "alert";
    root.dataset.alertId = id;
    root.innerHTML =
      '<div class="alert-head"><span class="kind"></span><a class="site"></a><span class="alert-household"></span>' +
      '<span class="escalations"></span><time class="raised"></time></div><p class="detail"></p>';
    return {
      root,
      alert: null,
      kind: root.querySelector(".kind"),
      site: root.querySelector(".site"),
      household: root.querySelector(".alert-household"),
      escalations: root.querySelector(".escalations"),
      raised: root.querySelector(".raised"),
      detail: root.querySelector(".detail"),
      form: null,
      info: null,
    };
  }

  #update(node, alert) {
    node.alert = alert;
    const { root } = node;
    const acknowledged = alert.acknowledgement ? "true" : "false";
    if (root.dataset.kind !== alert.kind) root.dataset.kind = alert.kind;
    if (root.dataset.acknowledged !== acknowledged) root.dataset.acknowledged = acknowledged;
    const escalations = count(alert.escalations);
    root.classList.toggle("escalated", escalations > 0);
    setText(node.kind, t(`kind.${alert.kind}`));
    setText(node.site, alert.siteName || alert.siteId);
    const href = `/console?unit=${encodeURIComponent(alert.siteId)}`;
    if (node.site.getAttribute("href") !== href) node.site.href = href;
    setText(node.household, alert.household != null ? t("alert.household", { n: alert.household }) : "");
    setText(node.escalations, escalations > 0 ? t("alert.escalations", { n: escalations }) : "");
    node.raised.dateTime = alert.raisedAt ?? "";
    setText(node.raised, alert.raisedAt ? formatTime(alert.raisedAt) : "");
    setText(node.detail, alert.detail ?? "");

    if (alert.acknowledgement) {
      node.form?.root.remove();
      node.form = null;
      if (!node.info) {
        node.info = document.createElement("p");
        node.info.className = "ack-info";
        node.info.dataset.testid = "ack-info";
        root.append(node.info);
      }
      const ack = alert.acknowledgement;
      const text = t("ack.info", { by: ack.by, at: ack.at ? formatTime(ack.at) : "" }) + (ack.note ? ` — ${ack.note}` : "");
      setText(node.info, text);
      node.info.dataset.by = ack.by ?? "";
    } else {
      node.info?.remove();
      node.info = null;
      if (!node.form) {
        node.form = this.#createForm(node);
        root.append(node.form.root);
      }
      setText(node.form.submit, t("ack.submit"));
      node.form.note.placeholder = t("ack.note");
    }
  }

  #createForm(node) {
    const form = document.createElement("form");
    form.className = "ack";
    form.innerHTML =
      '<textarea data-testid="ack-note" rows="2" maxlength="500"></textarea>' +
      '<button type="submit" data-testid="ack-submit"></button><p class="ack-error" data-testid="ack-error" role="alert" hidden></p>';
    const parts = {
      root: form,
      note: form.querySelector("textarea"),
      submit: form.querySelector("button"),
      error: form.querySelector(".ack-error"),
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#acknowledge(node, parts);
    });
    return parts;
  }

  async #acknowledge(node, form) {
    const by = this.#byInput.value.trim();
    form.submit.disabled = true;
    setText(form.submit, t("ack.sending"));
    form.error.hidden = true;
    try {
      // The server checks the name and the note (400 problem+json); its detail is what the supervisor sees.
      const alert = await api.acknowledge(node.alert.id, by, form.note.value);
      if (alert && alert.id) this.#update(node, alert);
    } catch (error) {
      form.error.hidden = false;
      setText(form.error, describe(error, "ack.failed"));
      if (!by && error.status === 400) this.#byInput.focus();
      // Cleared meanwhile (404) or acknowledged by someone else (409): show the list as it now is.
      if (error.status === 404 || error.status === 409) this.load().catch(() => {});
    } finally {
      form.submit.disabled = false;
      setText(form.submit, t("ack.submit"));
    }
  }
}
