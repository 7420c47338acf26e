// The dashboard: a hash router over the views, the language switch and the search box.

import { ApiError, setToken } from "./api.js";
import { analyzeView } from "./analyze.js";
import { articleView } from "./article.js";
import { errorBox, loading } from "./components.js";
import { clear, h } from "./dom.js";
import { eventsView, mapView, networkView, timelineView } from "./explore.js";
import { applyLang, lang, setLang, t } from "./i18n.js";
import { entitiesView, entityView, eventView, homeView, searchView, storiesView, storyView } from "./pages.js";

const NAV = [
  ["#/", "nav_home"], ["#/events", "nav_events"], ["#/timeline", "nav_timeline"], ["#/map", "nav_map"],
  ["#/network", "nav_network"], ["#/entities", "nav_entities"], ["#/stories", "nav_stories"], ["#/analyze", "nav_analyze"],
];

function parseHash() {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path, q = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
  return { parts, query: new URLSearchParams(q) };
}

function route({ parts, query }) {
  const [head, id] = parts;
  switch (head) {
    case undefined: return homeView();
    case "search": return searchView(query);
    case "article": return articleView(id);
    case "events": return eventsView(query);
    case "timeline": return timelineView(query);
    case "map": return mapView(query);
    case "network": return networkView(query);
    case "entities": return entitiesView(query);
    case "entity": return entityView(id);
    case "stories": return storiesView();
    case "story": return storyView(id);
    case "event": return eventView(id);
    case "analyze": return analyzeView();
    default: return Promise.reject(new ApiError(404, "E602", t("not_found")));
  }
}

function renderChrome() {
  applyLang();
  const nav = clear(document.getElementById("nav"));
  const current = "#/" + (parseHash().parts[0] || "");
  for (const [href, key] of NAV) {
    nav.append(h("a", { href, class: href === current ? "active" : null }, t(key)));
  }
  const input = document.getElementById("search-input");
  input.placeholder = t("search_placeholder");
  input.setAttribute("aria-label", t("search"));
  document.getElementById("lang-switch").textContent = t("switch_to");
  document.getElementById("foot-text").textContent = t("foot");
}

function tokenForm(view) {
  const input = h("input", { type: "password", id: "token-input", autocomplete: "off" });
  const form = h("form", { class: "token-form" }, h("label", {}, t("token_needed"), " ", input),
    h("button", { type: "submit", class: "primary" }, t("token_save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    setToken(input.value.trim());
    render();
  });
  view.append(form);
}

let generation = 0;

async function render() {
  const mine = ++generation;
  const hash = window.location.hash;
  renderChrome();
  const view = document.getElementById("view");
  view.removeAttribute("data-ready");
  clear(view).append(loading());
  try {
    const { title, node } = await route(parseHash());
    if (mine !== generation) return;
    clear(view).append(node);
    document.title = `${title} · ${t("title")}`;
  } catch (err) {
    if (mine !== generation) return;
    clear(view).append(errorBox(err));
    if (err instanceof ApiError && err.status === 401) tokenForm(view);
  }
  view.setAttribute("data-route", hash);
  view.setAttribute("data-ready", "1");
}

function init() {
  document.getElementById("lang-switch").addEventListener("click", () => {
    setLang(lang() === "ar" ? "en" : "ar");
    render();
  });
  const form = document.getElementById("search-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    if (q) window.location.hash = `#/search?q=${encodeURIComponent(q)}`;
  });
  window.addEventListener("hashchange", () => {
    document.getElementById("view").removeAttribute("data-ready");
    render();
    window.scrollTo(0, 0);
  });
  render();
}

init();
