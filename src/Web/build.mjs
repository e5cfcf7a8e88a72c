// Bundles the pages into dist/: hashed bundles under dist/assets/ (cached for a year by the gateway) and the HTML
// pages, whose {{js:name}} and {{css:name}} placeholders become the hashed names. dist/ is rebuilt from scratch so
// that no stale bundle survives.
import * as esbuild from "esbuild";
import { copyFile, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, "dist");
const pages = ["index", "wall", "console", "service", "daily", "screen"];
// Served as they are, at the root: a service worker's scope is its own folder and below.
const statics = ["screen-sw.js", "screen.webmanifest", "screen-icon-192.png", "screen-icon-512.png"];

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(pages.map((p) => [p, `src/${p}.js`])),
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  sourcemap: "linked",
  target: ["es2022"],
  platform: "browser",
  outdir: dist,
  entryNames: "assets/[name]-[hash]",
  chunkNames: "assets/chunk-[hash]",
  assetNames: "assets/[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});

// The output of each entry point: its script and the stylesheet its imports produced.
const outputs = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!output.entryPoint) continue;
  const page = path.basename(output.entryPoint, ".js");
  outputs[page] = {
    js: "/" + path.relative(dist, path.join(root, file)).split(path.sep).join("/"),
    css: output.cssBundle ? "/" + path.relative(dist, path.join(root, output.cssBundle)).split(path.sep).join("/") : null,
  };
}

for (const page of pages) {
  const template = await readFile(path.join(root, `${page}.html`), "utf8");
  const html = template.replace(/\{\{(js|css):([a-z]+)\}\}/g, (match, kind, name) => {
    const url = outputs[name]?.[kind];
    if (!url) throw new Error(`${page}.html: ${match} names no built ${kind} (entries: ${Object.keys(outputs).join(", ")})`);
    return url;
  });
  await writeFile(path.join(dist, `${page}.html`), html);
}
for (const file of statics) await copyFile(path.join(root, "src", file), path.join(dist, file));

const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`web: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(1)} KiB, pages ${pages.join(", ")}`);
