// The token a page signs in with: a #token= link (kept, then taken out of the address so that it stays out of the
// history and bookmarks), else the one kept in localStorage, else one pasted into the sign-in panel. The payload is
// only read here, to say who is signed in and until when: the server checks the signature.

const storageKey = "canvass.token";
// setTimeout's longest delay; a longer-lived token is checked again then.
const maxDelay = 2 ** 31 - 1;
const listeners = new Set();

let current = null;
let ended = null;
let timer = 0;

/** The token's payload (sub, role, unit, exp), or null when it is not a JWT with an expiry. */
export function claimsOf(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return claims && Number.isFinite(Number(claims.exp)) ? claims : null;
  } catch {
    return null;
  }
}

const expiry = (claims) => Number(claims.exp) * 1000;

/** The signed-in token's claims, or null. */
export function session() {
  return current?.claims ?? null;
}

/** The token to send, "" when signed out. */
export function accessToken() {
  return current?.token ?? "";
}

/**
 * Why no one is signed in: {reason: "expired", at}, {reason: "rejected", detail}, {reason: "invalid"} (a link whose
 * token is not one), {reason: "signedOut"}, or null (no token was ever given).
 */
export function endedBecause() {
  return ended;
}

/** listener(claims or null) now and at every sign-in and sign-out. */
export function onSession(listener) {
  listeners.add(listener);
  listener(session());
}

/** Resolves once someone is signed in. */
export function signedIn() {
  if (current) return Promise.resolve(current.claims);
  return new Promise((resolve) => {
    const once = (claims) => {
      if (!claims) return;
      listeners.delete(once);
      resolve(claims);
    };
    listeners.add(once);
  });
}

/** Signs in with a pasted token; answers null, or why not: {reason: "invalid"} or {reason: "expired", at}. */
export function signIn(text) {
  const token = text.trim().replace(/^Bearer\s+/i, "");
  const claims = claimsOf(token);
  if (!claims) return { reason: "invalid" };
  if (expiry(claims) <= Date.now()) return { reason: "expired", at: expiry(claims) };
  begin(token, claims);
  return null;
}

export function signOut() {
  end({ reason: "signedOut" });
}

/** The server answered 401 to a request sent with token: that sign-in is over (unless another has begun since). */
export function rejected(token, detail) {
  if (!current || current.token !== token) return;
  end(expiry(current.claims) <= Date.now() ? { reason: "expired", at: expiry(current.claims) } : { reason: "rejected", detail });
}

function begin(token, claims) {
  clearTimeout(timer);
  current = { token, claims };
  ended = null;
  store(token);
  watchExpiry();
  notify();
}

function end(why) {
  clearTimeout(timer);
  current = null;
  ended = why;
  store(null);
  notify();
}

function watchExpiry() {
  const left = expiry(current.claims) - Date.now();
  if (left <= 0) {
    end({ reason: "expired", at: expiry(current.claims) });
    return;
  }
  timer = setTimeout(watchExpiry, Math.min(left, maxDelay));
}

function notify() {
  for (const listener of [...listeners]) listener(session());
}

function store(token) {
  try {
    if (token) localStorage.setItem(storageKey, token);
    else localStorage.removeItem(storageKey);
  } catch {
    // No storage (private mode): the sign-in lasts for this page.
  }
}

function stored() {
  try { return localStorage.getItem(storageKey); } catch { return null; }
}

/** Signs in with a #token= from the address and removes it from there; false when there is none. */
function takeLinked() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const linked = fragment.get("token");
  if (linked === null) return false;
  fragment.delete("token");
  const rest = fragment.toString();
  history.replaceState(history.state, "", `${location.pathname}${location.search}${rest ? `#${rest}` : ""}`);
  const why = signIn(linked);
  if (why) end(why);
  return true;
}

if (!takeLinked()) {
  const kept = stored();
  const why = kept ? signIn(kept) : null;
  if (why) end(why);
}
// A #token= link opened in a tab that already shows the page does not reload it.
window.addEventListener("hashchange", takeLinked);
