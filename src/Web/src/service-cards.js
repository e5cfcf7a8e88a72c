// The cards of the /service page: one per household due a check, one per open care request, each with its one-tap
// actions. Cards are kept per id and updated in place, so a tap's feedback survives the next poll.
import { formatInteger, formatTime, setText } from "./format.js";
import { t } from "./i18n.js";

function button(testId, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `tap ${className}`;
  b.dataset.testid = testId;
  return b;
}

/** Keeps one card per item id in list, in the order given; create(id) builds one, update(card, item) fills it. */
export class Cards {
  #list;
  #create;
  #update;
  #cards = new Map();

  constructor(list, create, update) {
    this.#list = list;
    this.#create = create;
    this.#update = update;
  }

  render(items) {
    const keep = new Set(items.map((i) => i.id));
    for (const [id, card] of this.#cards) {
      if (!keep.has(id)) {
        card.root.remove();
        this.#cards.delete(id);
      }
    }
    items.forEach((item, index) => {
      let card = this.#cards.get(item.id);
      if (!card) {
        card = this.#create(item.id);
        this.#cards.set(item.id, card);
      }
      card.item = item;
      this.#update(card, item);
      const at = this.#list.children[index];
      if (at !== card.root) this.#list.insertBefore(card.root, at ?? null);
    });
  }

  rerender() {
    for (const card of this.#cards.values()) this.#update(card, card.item);
  }
}

function shell(testId, id) {
  const root = document.createElement("li");
  root.className = "card";
  root.dataset.testid = testId;
  root.dataset.id = id;
  root.innerHTML =
    '<div class="card-head"><span class="what"></span><span class="household"></span></div>' +
    '<p class="where"></p><p class="when"></p><p class="extra"></p><div class="actions"></div>' +
    '<p class="done" data-testid="card-done" hidden></p><p class="card-error" data-testid="card-error" role="alert" hidden></p>';
  return {
    root,
    item: null,
    what: root.querySelector(".what"),
    household: root.querySelector(".household"),
    where: root.querySelector(".where"),
    when: root.querySelector(".when"),
    extra: root.querySelector(".extra"),
    actions: root.querySelector(".actions"),
    done: root.querySelector(".done"),
    error: root.querySelector(".card-error"),
  };
}

/** A quarantined household's card: its next check (or the missed one) and two buttons to record a check. */
export function checkCard(onCheck) {
  const create = (id) => {
    const card = shell("check", id);
    card.normal = button("check-normal", "good");
    card.fever = button("check-fever", "bad");
    card.actions.append(card.normal, card.fever);
    card.normal.addEventListener("click", () => onCheck(card, false));
    card.fever.addEventListener("click", () => onCheck(card, true));
    return card;
  };
  const update = (card, q) => {
    const missed = q.checkMissed ? "true" : "false";
    if (card.root.dataset.missed !== missed) card.root.dataset.missed = missed;
    if (card.root.dataset.household !== String(q.household)) card.root.dataset.household = String(q.household);
    card.root.dataset.site = q.siteId;
    setText(card.what, t(`residents.${q.kind}`));
    setText(card.household, `#${q.household}`);
    setText(card.where, `${q.siteId} · ${t("service.residents", { n: formatInteger(q.residents ?? 0) })}`);
    const when = q.checkMissed ? t("service.missed")
      : q.nextCheckDueAt ? t("service.nextDue", { at: formatTime(q.nextCheckDueAt) }) : t("service.noneDue");
    setText(card.when, when);
    setText(card.extra, t("service.checksDone", { done: formatInteger(q.checksDoneToday ?? 0), due: formatInteger(q.checksDueToday ?? 0) }));
    if (!card.busy) {
      setText(card.normal, t("service.allNormal"));
      setText(card.fever, t("service.fever"));
    }
  };
  return { create, update };
}

/** An open care request's card: what, for whom, by when, and accept (while requested) and delivered. */
export function careCard(onStep) {
  const create = (id) => {
    const card = shell("care-request", id);
    card.root.dataset.careId = id;
    card.accept = button("care-accept", "go");
    card.deliver = button("care-deliver", "good");
    card.actions.append(card.accept, card.deliver);
    card.accept.addEventListener("click", () => onStep(card, "accept"));
    card.deliver.addEventListener("click", () => onStep(card, "deliver"));
    return card;
  };
  const update = (card, r) => {
    const overdue = r.overdue ? "true" : "false";
    if (card.root.dataset.state !== r.state) card.root.dataset.state = r.state;
    if (card.root.dataset.overdue !== overdue) card.root.dataset.overdue = overdue;
    if (card.root.dataset.household !== String(r.household)) card.root.dataset.household = String(r.household);
    setText(card.what, `${t(`category.${r.category}`)} · ${t(`careState.${r.state}`)}`);
    setText(card.household, `#${r.household}`);
    setText(card.where, r.note ? `${r.siteId} · ${r.note}` : r.siteId);
    const due = r.dueBy ? formatTime(r.dueBy) : "";
    setText(card.when, due ? t(r.overdue ? "care.overdueSince" : "care.dueBy", { at: due }) : "");
    setText(card.extra, r.requestedAt ? t("care.requestedAt", { at: formatTime(r.requestedAt) }) : "");
    card.accept.hidden = r.state !== "requested";
    if (!card.busy) {
      setText(card.accept, t("service.accept"));
      setText(card.deliver, t("service.deliver"));
    }
  };
  return { create, update };
}

/** Runs one tap's call with the card's buttons disabled and saying so; shows the server's detail when it fails. */
export async function busy(card, buttons, call, describe) {
  card.busy = true;
  card.error.hidden = true;
  const labels = buttons.map((b) => b.textContent);
  for (const b of buttons) {
    b.disabled = true;
    setText(b, t("service.sending"));
  }
  try {
    return await call();
  } catch (error) {
    card.error.hidden = false;
    setText(card.error, describe(error, "service.failed"));
    return null;
  } finally {
    card.busy = false;
    buttons.forEach((b, i) => {
      b.disabled = false;
      setText(b, labels[i]);
    });
  }
}
