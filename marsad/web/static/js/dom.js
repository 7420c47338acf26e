// Building DOM nodes safely: text always goes in as text nodes, never as HTML.

const SAFE_URL = /^(https?:\/\/|#\/|\/(?!\/))/i;

export function safeUrl(url) {
  if (typeof url !== "string") return null;
  const u = url.trim();
  return SAFE_URL.test(u) ? u : null;
}

// h("a", {href: "#/x", class: "c", onclick: fn}, "text", childNode, [more])
export function h(tag, attrs, ...children) {
  const svg = ["svg", "g", "path", "circle", "rect", "line", "text", "title", "polyline", "defs", "marker", "tspan"];
  const el = svg.includes(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else if (k === "href" || k === "src") {
      const u = safeUrl(String(v));
      if (u) el.setAttribute(k, u);
    } else if (k.startsWith("on")) {
      continue; // never an inline handler from data
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") p.set(k, v);
  }
  const s = p.toString();
  return s ? "?" + s : "";
}
