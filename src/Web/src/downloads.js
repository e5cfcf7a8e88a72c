// Download buttons (CSV, Excel) for the console's views. The exports need the signed-in token, which a plain link
// does not send: the file is fetched with it and handed to the browser as a download of a blob.
import { ApiError } from "./api.js";
import { accessToken } from "./auth.js";
import { byTestId, describe } from "./chrome.js";
import { setText } from "./format.js";
import { language, t } from "./i18n.js";

const formats = [["csv", "download.csv"], ["xlsx", "download.xlsx"]];

/**
 * Fills container with one button per format. pathOf(extension) gives the export's path without its query;
 * query() the view's own query parameters (for example escalated=true).
 */
export function downloadButtons(container, name, pathOf, query = () => ({})) {
  const buttons = formats.map(([extension, label]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "download";
    button.dataset.testid = `download-${name}-${extension}`;
    button.addEventListener("click", () => download(button, pathOf(extension), query()));
    return { button, label };
  });
  const render = () => {
    for (const { button, label } of buttons) {
      button.textContent = t(label);
      button.title = t("download.title", { what: t(`download.${name}`), format: t(label) });
    }
  };
  render();
  container.replaceChildren(...buttons.map((b) => b.button));
  return { rerender: render };
}

async function download(button, path, query) {
  const params = new URLSearchParams({ ...query, lang: language() });
  const token = accessToken();
  button.disabled = true;
  try {
    const response = await fetch(`${path}?${params}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      cache: "no-store",
    });
    if (!response.ok) {
      const body = (response.headers.get("content-type") || "").includes("json") ? await response.json() : {};
      throw new ApiError(response.status, body.title || response.statusText, body.detail);
    }
    const blob = await response.blob();
    const disposition = response.headers.get("content-disposition") || "";
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? path.split("/").pop();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = decodeURIComponent(name);
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file by the next turn; the blob need not outlive it.
    setTimeout(() => URL.revokeObjectURL(link.href), 60 * 1000);
  } catch (error) {
    // Said on the page's error line, where every failed load of the console is said.
    const line = byTestId("error");
    if (line) {
      line.hidden = false;
      setText(line, describe(error, "download.failed"));
    }
  } finally {
    button.disabled = false;
  }
}
