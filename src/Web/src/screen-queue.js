// The field page's outbox: every report recorded on the phone is kept in IndexedDB with the screenedAt of its tap,
// and sent to POST /api/reports in batches whenever the network is there. A report leaves the queue's "pending"
// state only on the server's word: accepted or duplicate → "sent", rejected → "rejected" with the reason. A reply
// that never came (network gone mid-request) leaves the batch pending, and the resend is safe because the reportId
// is the server's idempotency key: it then answers duplicate, which counts as sent.
import { request } from "./api.js";

const dbName = "canvass-screen";
const reportsStore = "reports";
const metaStore = "meta";
/** Far below Ingest:MaxReports (10,000) and its 8 MiB: one request stays small on a weak mobile link. */
export const batchSize = 200;

let dbPromise = null;

function open() {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(dbName, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      const reports = db.createObjectStore(reportsStore, { keyPath: "reportId" });
      reports.createIndex("queuedAt", "queuedAt");
      db.createObjectStore(metaStore);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return dbPromise;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error);
  });
}

function result(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** A new device id: random, so that a second phone (or this one after its storage was cleared) never reuses an id. */
function newDevice() {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${random[0].toString(36)}${random[1].toString(36)}`.slice(0, 10);
}

/**
 * Queues a report built by make(reportId): the id is `<siteId>-<device>-<seq>`, the sequence taken in the same
 * transaction that stores the report, so two taps never share one and a crash between them loses neither.
 */
export async function enqueue(siteId, make) {
  const db = await open();
  const tx = db.transaction([reportsStore, metaStore], "readwrite");
  const meta = tx.objectStore(metaStore);
  // The device id lives beside the sequence: storage cleared loses both, so a restarted sequence has a new device.
  let device = await result(meta.get("device"));
  if (!device) {
    device = newDevice();
    meta.put(device, "device");
  }
  const seq = ((await result(meta.get("seq"))) ?? 0) + 1;
  meta.put(seq, "seq");
  const report = make(`${siteId}-${device}-${seq}`);
  const entry = { reportId: report.reportId, report, state: "pending", error: null, queuedAt: Date.now(), sentAt: null };
  tx.objectStore(reportsStore).put(entry);
  await done(tx);
  return entry;
}

/** Every queued report, oldest first. */
export async function entries() {
  const db = await open();
  const tx = db.transaction(reportsStore, "readonly");
  const all = await result(tx.objectStore(reportsStore).index("queuedAt").getAll());
  return all;
}

/** Sent reports are dropped a day after they were sent: the server holds them, and the queue stays small. */
export const keepSent = 24 * 60 * 60 * 1000;

export async function prune(now = Date.now()) {
  const db = await open();
  const tx = db.transaction(reportsStore, "readwrite");
  const store = tx.objectStore(reportsStore);
  for (const entry of await result(store.getAll())) {
    if (entry.state === "sent" && entry.sentAt < now - keepSent) store.delete(entry.reportId);
  }
  await done(tx);
}

async function settle(updates) {
  const db = await open();
  const tx = db.transaction(reportsStore, "readwrite");
  const store = tx.objectStore(reportsStore);
  for (const { reportId, state, error } of updates) {
    const entry = await result(store.get(reportId));
    if (!entry || entry.state !== "pending") continue;
    store.put({ ...entry, state, error: error ?? null, sentAt: state === "sent" ? Date.now() : null });
  }
  await done(tx);
}

/** Whole-request answers that no resend can change: the batch's reports are rejected with the server's reason. */
const final = new Set([400, 413, 415, 422]);

/**
 * Sends every pending report, batch by batch, and records each one's answer. Answers {sent, rejected} counts, or
 * throws the ApiError that stopped it (network gone, 401, 5xx…): the reports not answered stay pending.
 */
async function sendPending() {
  const tally = { sent: 0, rejected: 0 };
  for (;;) {
    const pending = (await entries()).filter((e) => e.state === "pending").slice(0, batchSize);
    if (pending.length === 0) return tally;
    let reply;
    try {
      reply = await request("/api/reports", { method: "POST", body: JSON.stringify(pending.map((e) => e.report)) });
    } catch (error) {
      if (!final.has(error.status)) throw error;
      const reason = error.detail || error.title || `HTTP ${error.status}`;
      await settle(pending.map((e) => ({ reportId: e.reportId, state: "rejected", error: reason })));
      tally.rejected += pending.length;
      continue;
    }
    const answers = new Map((reply?.results ?? []).map((r) => [r.reportId, r]));
    const updates = [];
    for (const e of pending) {
      const answer = answers.get(e.reportId);
      if (!answer) continue; // not answered: stays pending and goes again
      if (answer.status === "rejected") updates.push({ reportId: e.reportId, state: "rejected", error: answer.error || "rejected" });
      else updates.push({ reportId: e.reportId, state: "sent" });
    }
    await settle(updates);
    tally.sent += updates.filter((u) => u.state === "sent").length;
    tally.rejected += updates.filter((u) => u.state === "rejected").length;
    // A reply that answered none of the batch would send it forever in this loop: leave it to the next flush.
    if (updates.length === 0) return tally;
  }
}

/**
 * One sender per browser (Web Locks, when there: two tabs of the page do not post the same batch at once; a
 * double send would still only be a duplicate). Skipped while the browser says it is offline.
 */
export async function flush() {
  if (!navigator.onLine) return null;
  if (navigator.locks?.request) return navigator.locks.request("canvass-screen-send", () => sendPending());
  return sendPending();
}
