// The start page: the root the token reaches, with links to its wall and console and to those of each unit below.
import "./base.css";
import "./index.css";
import { api } from "./api.js";
import { onSession, signedIn } from "./auth.js";
import { showError, startChrome } from "./chrome.js";
import { formatPercent, setText } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";

const role = (name) => document.querySelector(`[data-role="${name}"]`);
startChrome();

let root = null;
let children = [];

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function render() {
  if (!root) return;
  const unit = encodeURIComponent(root.id);
  setText(role("root-name"), `${root.name} · ${formatPercent(root.coverage)}`);
  role("wall-link").href = `/wall?unit=${unit}`;
  role("console-link").href = `/console?unit=${unit}`;
  const items = children.map((child) => {
    const li = document.createElement("li");
    const id = encodeURIComponent(child.id);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = child.name;
    li.append(name, link(`/wall?unit=${id}`, t("openWall")), link(`/console?unit=${id}`, t("openConsole")));
    return li;
  });
  role("children").replaceChildren(...items);
  role("root").hidden = false;
}

onLanguageChange(render);

// Loaded at every sign-in: another token may reach another root.
let loading = false;

async function load() {
  if (loading) return;
  loading = true;
  for (;;) {
    await signedIn();
    try {
      root = await api.root();
      children = await api.children(root.id);
      showError(null);
      render();
      break;
    } catch (error) {
      showError(error);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
  loading = false;
}

onSession((claims) => {
  if (claims) load();
});
