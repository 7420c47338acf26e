// SVG charts without libraries: stacked timeline, world map (TopoJSON decoded here), actor network.

import { h } from "./dom.js";
import { entityName } from "./i18n.js";

export const PALETTE = [
  "#0f766e", "#b45309", "#1d4ed8", "#be123c", "#7c3aed", "#15803d", "#c2410c", "#0369a1", "#a21caf",
  "#4d7c0f", "#9f1239", "#0e7490", "#6d28d9", "#ca8a04", "#334155", "#db2777", "#059669", "#92400e",
  "#1e40af", "#57534e",
];

export function colorFor(key, index) {
  const n = Number.parseInt(key, 10);
  if (!Number.isNaN(n) && String(key).length === 2) return PALETTE[(n - 1 + PALETTE.length) % PALETTE.length];
  return PALETTE[index % PALETTE.length];
}

function dayRange(days) {
  if (!days.length) return [];
  const out = [];
  const start = new Date(days[0] + "T00:00:00Z");
  const end = new Date(days[days.length - 1] + "T00:00:00Z");
  for (let d = start; d <= end && out.length < 400; d = new Date(d.getTime() + 86400000)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

// data: {days, series: [{key, total, counts: {day: n}}]}; label(key) -> legend text
export function timelineChart(data, { label = (k) => k, onDay = null, height = 220, width = null } = {}) {
  const days = dayRange(data.days || []);
  const wrap = h("div", { class: "chart timeline", dir: "ltr" });
  if (!days.length) return wrap;
  const W = width || Math.max(480, Math.min(1100, days.length * 26 + 60));
  const H = height;
  const padL = 34, padB = 40, padT = 10;
  const totals = days.map((d) => data.series.reduce((s, ser) => s + (ser.counts[d] || 0), 0));
  const step = Math.max(1, Math.ceil(Math.max(1, ...totals) / 4));
  const max = step * Math.ceil(Math.max(1, ...totals) / step);
  const bw = (W - padL - 10) / days.length;
  const y = (v) => H - padB - ((H - padB - padT) * v) / max;
  const svg = h("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img" });
  for (let v = 0; v <= max; v += step) {
    svg.append(h("line", { x1: padL, x2: W - 6, y1: y(v), y2: y(v), class: "grid" }),
      h("text", { x: padL - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(v)));
  }
  const every = Math.ceil(days.length / 12);
  days.forEach((d, i) => {
    const x = padL + i * bw;
    let acc = 0;
    data.series.forEach((ser, si) => {
      const n = ser.counts[d] || 0;
      if (!n) return;
      const rect = h("rect", {
        x: x + bw * 0.12, width: Math.max(1, bw * 0.76), y: y(acc + n), height: y(acc) - y(acc + n),
        fill: colorFor(ser.key, si), class: "bar", "data-day": d, "data-key": ser.key,
      }, h("title", {}, `${d} · ${label(ser.key)}: ${n}`));
      if (onDay) rect.addEventListener("click", () => onDay(d, ser.key));
      svg.append(rect);
      acc += n;
    });
    if (i % every === 0) {
      svg.append(h("text", { x: x + bw / 2, y: H - padB + 16, class: "axis", "text-anchor": "middle" }, d.slice(5)));
    }
  });
  svg.append(h("text", { x: padL, y: H - 6, class: "axis year" }, days[0].slice(0, 4)));
  wrap.append(svg);
  const legend = h("ul", { class: "legend" });
  data.series.forEach((ser, si) => {
    legend.append(h("li", {}, h("span", { class: "swatch", style: `background:${colorFor(ser.key, si)}` }),
      `${label(ser.key)} (${ser.total})`));
  });
  wrap.append(legend);
  return wrap;
}

// ---- map ---------------------------------------------------------------------------------

let worldCache = null;

async function worldPaths() {
  if (worldCache) return worldCache;
  const resp = await fetch("/static/vendor/world-atlas/countries-110m.json");
  const topo = await resp.json();
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ring = (indexes) => {
    const pts = [];
    for (const i of indexes) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    return pts;
  };
  const ringPath = (pts) => {
    let d = "";
    let prev = null;
    for (const [lon, lat] of pts) {
      const [X, Y] = project(lon, lat);
      d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + X.toFixed(2) + " " + Y.toFixed(2);
      prev = lon;
    }
    return d + "Z";
  };
  const out = [];
  for (const g of topo.objects.countries.geometries) {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    const d = polys.map((rings) => rings.map((r) => ringPath(ring(r))).join("")).join("");
    if (d) out.push({ name: (g.properties && g.properties.name) || "", d });
  }
  worldCache = out;
  return out;
}

export function project(lon, lat) {
  return [lon + 180, 90 - lat];
}

// points: [{id, name, name_en, lat, lon, count, events}]
export async function worldMap(points, { onPoint = null, fit = true } = {}) {
  const paths = await worldPaths();
  const svg = h("svg", { class: "map-svg", viewBox: "0 0 360 150", role: "img" });
  const land = h("g", { class: "land" });
  for (const p of paths) land.append(h("path", { d: p.d }, h("title", {}, p.name)));
  svg.append(land);
  const max = Math.max(1, ...points.map((p) => p.count));
  const dots = h("g", { class: "dots" });
  for (const p of points) {
    const [x, y] = project(p.lon, p.lat);
    const r = 1.2 + 3 * Math.sqrt(p.count / max);
    const c = h("circle", { cx: x, cy: y, r, "data-r": r, class: "dot", "data-place": p.id },
      h("title", {}, `${entityName(p)} · ${p.count}` + (p.fatalities ? ` · ✝ ${p.fatalities}` : "") + (p.injured ? ` · + ${p.injured}` : "")));
    if (onPoint) c.addEventListener("click", () => onPoint(p));
    const label = h("text", { x: x + r + 1, y: y + 1, class: "dot-label", "data-r": r, "data-x": x }, entityName(p));
    dots.append(c, label);
  }
  svg.append(dots);
  const setView = (zoomed) => {
    let vb = "0 0 360 150"; // 90N..60S
    if (zoomed && points.length) {
      const xs = points.map((p) => project(p.lon, p.lat)[0]);
      const ys = points.map((p) => project(p.lon, p.lat)[1]);
      const pad = 12;
      let x0 = Math.min(...xs) - pad, x1 = Math.max(...xs) + pad;
      let y0 = Math.min(...ys) - pad, y1 = Math.max(...ys) + pad;
      const w = Math.max(x1 - x0, 60), hgt = Math.max(y1 - y0, 25);
      const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      const ww = Math.max(w, hgt * 2.4), hh = ww / 2.4;
      x0 = cx - ww / 2; y0 = cy - hh / 2;
      vb = `${x0.toFixed(1)} ${y0.toFixed(1)} ${ww.toFixed(1)} ${hh.toFixed(1)}`;
    }
    // the same size on screen at every zoom
    const k = zoomed && points.length ? Number(vb.split(" ")[2]) / 360 : 1;
    dots.querySelectorAll("circle").forEach((c) => c.setAttribute("r", (Number(c.dataset.r) * k).toFixed(2)));
    dots.querySelectorAll("text").forEach((tx) => {
      tx.setAttribute("x", (Number(tx.dataset.x) + (Number(tx.dataset.r) + 1) * k).toFixed(2));
      tx.setAttribute("font-size", (3.2 * k).toFixed(2));
    });
    svg.setAttribute("viewBox", vb);
  };
  setView(fit);
  return { svg, setView };
}

// ---- network -----------------------------------------------------------------------------

function layout(nodes, links, W, H) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    return { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a) };
  });
  if (n <= 2) return pos;
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const k = Math.sqrt((W * H) / n) * 0.6;
  let temp = W / 8;
  for (let it = 0; it < 300; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
      }
    }
    for (const l of links) {
      const i = index.get(l.source), j = index.get(l.target);
      if (i === undefined || j === undefined) continue;
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const f = (d * d) / k;
      disp[i].x -= (dx / d) * f; disp[i].y -= (dy / d) * f;
      disp[j].x += (dx / d) * f; disp[j].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (W / 2 - pos[i].x) * 0.6;
      disp[i].y += (H / 2 - pos[i].y) * 0.6;
      const d = Math.max(0.01, Math.hypot(disp[i].x, disp[i].y));
      pos[i].x = Math.min(W - 110, Math.max(110, pos[i].x + (disp[i].x / d) * Math.min(d, temp)));
      pos[i].y = Math.min(H - 40, Math.max(30, pos[i].y + (disp[i].y / d) * Math.min(d, temp)));
    }
    temp *= 0.985;
  }
  return pos;
}

function shorten(text, n) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

// data: {nodes: [{id, type, name, name_en, weight}], links: [{source, target, weight}]}
export function networkChart(data, { onNode = null, width = 900, height = 560 } = {}) {
  const W = width, H = height;
  const nodes = data.nodes || [];
  const links = data.links || [];
  const pos = layout(nodes, links, W, H);
  const at = new Map(nodes.map((nd, i) => [nd.id, i]));
  const maxW = Math.max(1, ...nodes.map((nd) => nd.weight));
  const maxL = Math.max(1, ...links.map((l) => l.weight));
  const radius = (nd) => 7 + 14 * Math.sqrt(nd.weight / maxW);
  const svg = h("svg", { class: "network-svg", viewBox: `0 0 ${W} ${H}`, role: "img", dir: "ltr" });
  svg.append(h("defs", {}, h("marker", {
    id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "11", markerHeight: "11",
    markerUnits: "userSpaceOnUse", orient: "auto-start-reverse",
  }, h("path", { d: "M0 0L10 5L0 10z", class: "arrowhead" }))));
  const gl = h("g", { class: "links" });
  for (const l of links) {
    const i = at.get(l.source), j = at.get(l.target);
    if (i === undefined || j === undefined) continue;
    const a = pos[i], b = pos[j];
    const d = Math.max(1, Math.hypot(b.x - a.x, b.y - a.y));
    const rb = radius(nodes[j]) + 3, ra = radius(nodes[i]);
    const x1 = a.x + ((b.x - a.x) * ra) / d, y1 = a.y + ((b.y - a.y) * ra) / d;
    const x2 = b.x - ((b.x - a.x) * rb) / d, y2 = b.y - ((b.y - a.y) * rb) / d;
    gl.append(h("line", {
      x1, y1, x2, y2, class: "link", "stroke-width": (1 + 5 * (l.weight / maxL)).toFixed(1), "marker-end": "url(#arrow)",
    }, h("title", {}, `${entityName(nodes[i])} → ${entityName(nodes[j])}: ${l.weight}`)));
  }
  svg.append(gl);
  const gn = h("g", { class: "nodes" });
  nodes.forEach((nd, i) => {
    const g = h("g", { class: `node ent-${nd.type}`, transform: `translate(${pos[i].x.toFixed(1)},${pos[i].y.toFixed(1)})`, "data-entity": nd.id },
      h("circle", { r: radius(nd).toFixed(1) }),
      h("text", { y: (radius(nd) + 14).toFixed(1), "text-anchor": "middle" }, shorten(entityName(nd), 24)),
      h("title", {}, `${entityName(nd)} · ${nd.weight}`));
    if (onNode) g.addEventListener("click", () => onNode(nd));
    gn.append(g);
  });
  svg.append(gn);
  return svg;
}
