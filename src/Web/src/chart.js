// A small SVG line chart of coverage (0..1) over time. Points come from the history API and grow from pushes;
// redraws are batched to one per animation frame and only the path and axis labels change. Provisional points
// (a late upload may still revise them: `provisional` in the history, and every live point) are drawn dashed with
// hollow markers, each marker with data-provisional="true", and a legend says so.
import { formatClock, formatPercent } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";

const svgNs = "http://www.w3.org/2000/svg";
const day = 24 * 60 * 60 * 1000;
// Pushes closer together than this replace the last live point instead of adding one.
const minSpacing = 15 * 1000;

function svg(name, attributes = {}, parent) {
  const el = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

export class CoverageChart {
  #host;
  #svg;
  #grid;
  #labels;
  #area;
  #line;
  #provisional;
  #marks;
  #legend;
  #dot;
  #points = [];
  #frame = 0;
  #width = 0;
  #height = 0;

  constructor(host) {
    this.#host = host;
    this.#svg = svg("svg", { class: "chart-svg", role: "img" }, host);
    this.#grid = svg("g", { class: "grid" }, this.#svg);
    this.#labels = svg("g", { class: "labels" }, this.#svg);
    this.#area = svg("path", { class: "area" }, this.#svg);
    this.#line = svg("path", { class: "line" }, this.#svg);
    this.#provisional = svg("path", { class: "line provisional" }, this.#svg);
    this.#marks = svg("g", { class: "marks" }, this.#svg);
    this.#legend = svg("g", { class: "legend", visibility: "hidden" }, this.#svg);
    svg("line", { class: "line provisional" }, this.#legend);
    svg("circle", { class: "mark" }, this.#legend);
    svg("text", { "dominant-baseline": "middle" }, this.#legend);
    onLanguageChange(() => this.#schedule());
    this.#dot = svg("circle", { class: "dot", r: 6 }, this.#svg);
    new ResizeObserver(() => this.#schedule()).observe(host);
    // The time axis ends at now, so it moves on even when no figure does.
    setInterval(() => this.#schedule(), 30 * 1000);
  }

  get points() {
    return this.#points;
  }

  /** Replaces every point (oldest first, `{ t, v, p }` with p true when provisional); live points newer than the last history point are kept. */
  setHistory(points) {
    const last = points.length ? points[points.length - 1].t : -Infinity;
    const live = this.#points.filter((p) => p.live && p.t > last);
    this.#points = [...points, ...live];
    this.#schedule();
  }

  /** Adds the figure of a push at time t (ms). */
  add(t, value) {
    const last = this.#points[this.#points.length - 1];
    if (last && t < last.t) return;
    const before = this.#points[this.#points.length - 2];
    if (last?.live && before && t - before.t < minSpacing) {
      last.t = t;
      last.v = value;
      this.#schedule();
      return;
    }
    // A live figure is as of now: a late upload may still revise it.
    this.#points.push({ t, v: value, live: true, p: true });
    const cutoff = Date.now() - day;
    while (this.#points.length > 2 && this.#points[0].t < cutoff) this.#points.shift();
    this.#schedule();
  }

  #schedule() {
    if (!this.#frame) this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); });
  }

  #draw() {
    const width = this.#host.clientWidth;
    const height = this.#host.clientHeight;
    if (!width || !height) return;
    if (width !== this.#width || height !== this.#height) {
      this.#width = width;
      this.#height = height;
      this.#svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    }
    this.#host.dataset.points = String(this.#points.length);
    const fontSize = parseFloat(getComputedStyle(this.#host).fontSize) || 16;
    const left = fontSize * 3.6;
    const right = fontSize * 1;
    const top = fontSize * 0.8;
    const bottom = fontSize * 1.8;
    const w = Math.max(1, width - left - right);
    const h = Math.max(1, height - top - bottom);

    const now = Date.now();
    const first = this.#points.length ? this.#points[0].t : now - 60 * 60 * 1000;
    const x0 = Math.max(Math.min(first, now - 10 * 60 * 1000), now - day);
    const x1 = Math.max(now, this.#points.length ? this.#points[this.#points.length - 1].t : now);
    const x = (t) => left + ((t - x0) / (x1 - x0)) * w;
    const y = (v) => top + (1 - Math.min(1, Math.max(0, v))) * h;

    this.#grid.replaceChildren();
    this.#labels.replaceChildren();
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      svg("line", { x1: left, x2: left + w, y1: y(v), y2: y(v) }, this.#grid);
      const label = svg("text", { x: left - fontSize * 0.4, y: y(v), "text-anchor": "end", "dominant-baseline": "middle" }, this.#labels);
      label.textContent = `${Math.round(v * 100)}%`;
    }
    const span = x1 - x0;
    const step = [5, 10, 15, 30, 60, 120, 180, 360].map((m) => m * 60 * 1000).find((s) => span / s <= 6) ?? 6 * 60 * 60 * 1000;
    for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) {
      svg("line", { x1: x(t), x2: x(t), y1: top, y2: top + h, class: "tick" }, this.#grid);
      const label = svg("text", { x: x(t), y: top + h + fontSize * 1.3, "text-anchor": "middle" }, this.#labels);
      label.textContent = formatClock(new Date(t)).slice(0, 5);
    }

    const visible = this.#points.filter((p) => p.t >= x0);
    this.#marks.replaceChildren();
    if (!visible.length) {
      this.#line.setAttribute("d", "");
      this.#provisional.setAttribute("d", "");
      this.#area.setAttribute("d", "");
      this.#dot.setAttribute("visibility", "hidden");
      this.#legend.setAttribute("visibility", "hidden");
      return;
    }
    // A step line: a figure holds until the next one replaces it, and the last holds until now. The final part
    // is solid; from the first provisional point on (points turn final oldest first) it is dashed.
    const split = visible.findIndex((p) => p.p);
    const steps = (from, to) => {
      let path = `M${x(visible[from].t).toFixed(1)},${y(visible[from].v).toFixed(1)}`;
      for (let i = from + 1; i <= to; i++) path += `H${x(visible[i].t).toFixed(1)}V${y(visible[i].v).toFixed(1)}`;
      return path;
    };
    const end = visible.length - 1;
    let d = steps(0, end);
    const lastPoint = visible[end];
    d += `H${x(x1).toFixed(1)}`;
    if (split < 0) {
      this.#line.setAttribute("d", d);
      this.#provisional.setAttribute("d", "");
    } else {
      this.#line.setAttribute("d", split === 0 ? "" : `${steps(0, split - 1)}H${x(visible[split].t).toFixed(1)}`);
      // From where the solid part ends: up or down to the first provisional figure, then the steps on to now.
      const before = visible[Math.max(0, split - 1)].v;
      let dashed = `M${x(visible[split].t).toFixed(1)},${y(before).toFixed(1)}V${y(visible[split].v).toFixed(1)}`;
      for (let i = split + 1; i <= end; i++) dashed += `H${x(visible[i].t).toFixed(1)}V${y(visible[i].v).toFixed(1)}`;
      this.#provisional.setAttribute("d", `${dashed}H${x(x1).toFixed(1)}`);
      const r = (fontSize * 0.25).toFixed(1);
      for (const point of visible.slice(split)) {
        if (!point.p) continue;
        svg("circle", { class: "mark", r, cx: x(point.t).toFixed(1), cy: y(point.v).toFixed(1), "data-provisional": "true" }, this.#marks);
      }
    }
    this.#area.setAttribute("d", `${d}V${y(0).toFixed(1)}H${x(visible[0].t).toFixed(1)}Z`);
    this.#drawLegend(split >= 0, left + w, top, fontSize);
    this.#dot.setAttribute("visibility", "visible");
    this.#dot.setAttribute("r", (fontSize * 0.35).toFixed(1));
    this.#dot.setAttribute("cx", x(x1).toFixed(1));
    this.#dot.setAttribute("cy", y(lastPoint.v).toFixed(1));
    this.#svg.setAttribute("aria-label", formatPercent(lastPoint.v));
  }

  // Top right, inside the plot: a dashed stroke, a hollow marker and the word, when any point is provisional.
  #drawLegend(shown, right, top, fontSize) {
    this.#legend.setAttribute("visibility", shown ? "visible" : "hidden");
    if (!shown) return;
    const [stroke, mark, text] = this.#legend.children;
    text.textContent = t("chart.provisional");
    const width = text.getComputedTextLength?.() || fontSize * 5;
    const yMid = top + fontSize * 0.7;
    const textX = right - width;
    text.setAttribute("x", textX.toFixed(1));
    text.setAttribute("y", yMid.toFixed(1));
    stroke.setAttribute("x1", (textX - fontSize * 2.6).toFixed(1));
    stroke.setAttribute("x2", (textX - fontSize * 0.5).toFixed(1));
    stroke.setAttribute("y1", yMid.toFixed(1));
    stroke.setAttribute("y2", yMid.toFixed(1));
    mark.setAttribute("r", (fontSize * 0.25).toFixed(1));
    mark.setAttribute("cx", (textX - fontSize * 1.55).toFixed(1));
    mark.setAttribute("cy", yMid.toFixed(1));
  }
}
