// Who is signed in (in the bar, with a sign-out button) and, while no one is, the sign-in panel in place of the
// page's figures: why the last sign-in ended, a field to paste a token into, and how to mint one.
import { endedBecause, onSession, session, signIn, signOut } from "./auth.js";
import { formatTime, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";

let panel;
let reason;
let input;
let error;
let badge;
let who;

/** hintRole: the role the mint command in the hint asks for (the console's supervisors acknowledge). */
export function startSignIn(hintRole = "display") {
  build(hintRole);
  onSession(render);
  onLanguageChange(render);
}

function build(hintRole) {
  panel = document.createElement("section");
  panel.className = "signin";
  panel.dataset.testid = "sign-in";
  panel.hidden = true;
  panel.innerHTML =
    '<h2 data-i18n="signin.title"></h2><p class="signin-reason" data-testid="sign-in-reason"></p>' +
    '<form><label><span data-i18n="signin.label"></span> <input data-testid="token-input" type="text" ' +
    'autocomplete="off" spellcheck="false" data-i18n-placeholder="signin.placeholder"></label>' +
    '<button type="submit" data-testid="sign-in-submit" data-i18n="signin.submit"></button></form>' +
    '<p class="signin-error" data-testid="sign-in-error" role="alert" hidden></p>' +
    '<p class="signin-hint"><span data-i18n="signin.hint"></span> <code data-testid="sign-in-hint"></code></p>';
  panel.querySelector("code").textContent = `dotnet run --project src/Silo -- token --role ${hintRole} --unit 4403`;
  reason = panel.querySelector(".signin-reason");
  input = panel.querySelector("input");
  error = panel.querySelector(".signin-error");
  panel.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const refused = signIn(input.value);
    error.hidden = !refused;
    setText(error, refused ? because(refused, true) : "");
  });
  const anchor = document.querySelector('[data-testid="error"]') ?? document.querySelector(".bar");
  anchor.after(panel);

  badge = document.createElement("span");
  badge.className = "session";
  badge.dataset.testid = "session";
  badge.hidden = true;
  badge.innerHTML = '<span class="who"></span><button type="button" class="lang" data-testid="sign-out" data-i18n="signin.signOut"></button>';
  who = badge.querySelector(".who");
  badge.querySelector("button").addEventListener("click", signOut);
  const status = document.querySelector(".bar .status");
  status.insertBefore(badge, status.querySelector('[data-testid="lang"]'));
}

function render() {
  const claims = session();
  document.body.classList.toggle("signed-out", !claims);
  panel.hidden = Boolean(claims);
  badge.hidden = !claims;
  if (claims) {
    setText(who, `${claims.role ?? "?"} · ${claims.unit ?? "?"}`);
    who.title = t("session.until", { sub: claims.sub ?? "", at: formatTime(Number(claims.exp) * 1000) });
    input.value = "";
    error.hidden = true;
    return;
  }
  const ended = endedBecause();
  setText(reason, ended ? because(ended) : t("signin.lead"));
  reason.dataset.reason = ended?.reason ?? "none";
}

/** Why a sign-in ended, or (pasted) why a pasted token was not taken. */
function because(why, pasted = false) {
  switch (why.reason) {
    case "expired": return t(pasted ? "signin.tokenExpired" : "signin.expired", { at: formatTime(why.at) });
    case "rejected": return t("signin.rejected", { detail: why.detail || "" });
    case "invalid": return t("signin.invalid");
    default: return t("signin.signedOut");
  }
}
