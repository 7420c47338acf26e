// The events table with filters and CSV download, the timeline, the map and the actor network.

import { api, downloadWithToken } from "./api.js";
import { empty, entityLink, section, statusBadge } from "./components.js";
import { networkChart, timelineChart, worldMap } from "./charts.js";
import { h, qs } from "./dom.js";
import { CAMEO_ROOTS, PLOVER, STATUSES, cameoLabel, entityName, lang, ploverLabel, statusLabel, t, typeLabel } from "./i18n.js";

export const FILTER_KEYS = ["actor", "country", "root", "cameo", "plover", "place", "since", "until", "status", "outlet"];

function pickFilters(query) {
  const f = {};
  for (const k of FILTER_KEYS) if (query.get(k)) f[k] = query.get(k);
  return f;
}

function select(name, value, options) {
  const el = h("select", { name, id: `f-${name}` }, h("option", { value: "" }, t("any")));
  for (const [v, label] of options) {
    const o = h("option", { value: v }, label);
    if (v === value) o.selected = true;
    el.append(o);
  }
  return el;
}

function filterForm(filters, stats, route) {
  const input = (name, type = "text") => h("input", { name, id: `f-${name}`, type, value: filters[name] || "", dir: "auto" });
  const field = (label, control) => h("label", { class: "field" }, h("span", {}, label), control);
  const outlets = (stats.outlet_articles || []).map((o) => [o.outlet, o.outlet]);
  const form = h("form", { class: "filters", id: "event-filters" },
    field(t("actor"), input("actor")),
    field(t("country"), input("country")),
    field("CAMEO", select("root", filters.root, Object.keys(CAMEO_ROOTS).map((r) => [r, `${r} ${cameoLabel(r)}`]))),
    field("PLOVER", select("plover", filters.plover, Object.keys(PLOVER).map((p) => [p, ploverLabel(p)]))),
    field(t("place"), input("place")),
    field(t("since"), input("since", "date")),
    field(t("until"), input("until", "date")),
    field(t("status"), select("status", filters.status, Object.keys(STATUSES).map((s) => [s, statusLabel(s)]))),
    field(t("outlet"), select("outlet", filters.outlet, outlets)),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary" }, t("apply")),
      h("a", { href: `#/${route}`, class: "button" }, t("reset"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    window.location.hash = `#/${route}${qs(data)}`;
  });
  return form;
}

function eventRow(ev) {
  const place = ev.place ? entityLink(ev.place) : ev.location || "—";
  return h("tr", { "data-event": ev.id },
    h("td", { dir: "ltr", class: "nowrap" }, ev.date || "—"),
    h("td", { class: "nowrap", title: cameoLabel(ev.cameo) }, h("span", { class: `dot-root root-${ev.root}` }), ` ${ev.cameo} `, h("small", {}, cameoLabel(ev.cameo))),
    h("td", {}, ploverLabel(ev.plover)),
    h("td", {}, ev.source.map((e) => entityLink(e))),
    h("td", {}, ev.target.map((e) => entityLink(e))),
    h("td", {}, place),
    h("td", {}, statusBadge(ev.status)),
    h("td", { class: "num" }, String(ev.num_sources || 1)),
    h("td", { dir: "ltr", lang: "en", class: "summary" }, ev.summary_en || ""),
    h("td", {}, (ev.reports || []).slice(0, 3).map((r) => h("a", { href: `#/article/${encodeURIComponent(r.article)}`, class: "rep" }, r.outlet || r.article))));
}

export async function eventsView(query) {
  const filters = pickFilters(query);
  const [stats, pageData] = await Promise.all([api("stats"), api("events", { ...filters, limit: 50 })]);
  const tbody = h("tbody", {});
  pageData.items.forEach((ev) => tbody.append(eventRow(ev)));
  const more = h("button", { type: "button", class: "more" }, t("more"));
  let cursor = pageData.next_cursor;
  more.hidden = !cursor;
  more.addEventListener("click", async () => {
    const next = await api("events", { ...filters, limit: 50, cursor });
    next.items.forEach((ev) => tbody.append(eventRow(ev)));
    cursor = next.next_cursor;
    more.hidden = !cursor;
  });
  const table = h("table", { class: "events-table", id: "events-table" },
    h("thead", {}, h("tr", {}, [t("date"), "CAMEO", "PLOVER", t("actor"), t("target"), t("place"), t("status"), t("source_n"), t("summary"), t("articles")].map((c) => h("th", {}, c)))),
    tbody);
  const csv = h("a", { class: "button download", id: "csv-download", href: `/api/export${qs({ ...filters, format: "csv" })}`, download: "marsad-events.csv", onclick: downloadWithToken }, t("download_csv"));
  return {
    title: t("nav_events"),
    node: h("div", {},
      section(t("nav_events"), filterForm(filters, stats, "events"),
        h("div", { class: "table-bar" }, h("span", { id: "events-total" }, `${pageData.total_capped ? "≥ " : ""}${pageData.total} ${t("events")}`), csv),
        pageData.items.length ? h("div", { class: "table-wrap" }, table) : empty(), more)),
  };
}

export async function timelineView(query) {
  const filters = pickFilters(query);
  const by = query.get("by") === "plover" ? "plover" : "root";
  const [data, stats] = await Promise.all([api("timeline", { ...filters, by }), api("stats")]);
  const form = filterForm(filters, stats, "timeline");
  form.append(h("input", { type: "hidden", name: "by", value: by }));
  const label = by === "root" ? (k) => `${k} ${cameoLabel(k)}` : (k) => ploverLabel(k);
  const toggle = h("div", { class: "toggle" },
    h("a", { class: `button ${by === "root" ? "active" : ""}`, href: `#/timeline${qs({ ...filters, by: "root" })}` }, t("by_root")),
    h("a", { class: `button ${by === "plover" ? "active" : ""}`, href: `#/timeline${qs({ ...filters, by: "plover" })}` }, t("by_plover")));
  const chart = data.days.length
    ? timelineChart(data, { label, onDay: (d, key) => { window.location.hash = `#/events${qs({ ...filters, since: d, until: d, [by]: key })}`; } })
    : empty();
  return { title: t("nav_timeline"), node: section(t("nav_timeline"), form, toggle, chart) };
}

export async function mapView(query) {
  const filters = pickFilters(query);
  const [data, stats] = await Promise.all([api("geo", filters), api("stats")]);
  const list = h("div", { class: "map-events" });
  const showPlace = (p) => {
    list.replaceChildren(h("h3", {}, entityLink(p), ` · ${p.count} ${t("events")}`),
      h("ul", { class: "plain" }, p.events.map((e) => h("li", {}, h("span", { dir: "ltr" }, e.date || "—"), " · ",
        h("span", { dir: "ltr", lang: "en" }, e.summary_en || `${e.cameo} ${cameoLabel(e.cameo)}`)))));
  };
  const { svg, setView } = await worldMap(data.points, { onPoint: showPlace });
  const bar = h("div", { class: "toggle" },
    h("button", { type: "button", class: "button", onclick: () => setView(false) }, t("map_world")),
    h("button", { type: "button", class: "button", onclick: () => setView(true) }, t("map_fit")));
  const places = h("ul", { class: "place-list" }, data.points.map((p) => h("li", {},
    h("button", { type: "button", class: "linklike", onclick: () => showPlace(p) }, entityName(p)), ` ${p.count}`)));
  return {
    title: t("nav_map"),
    node: section(t("nav_map"), filterForm(filters, stats, "map"), bar, h("div", { class: "map-wrap", dir: "ltr" }, svg),
      data.points.length ? h("div", { class: "map-side" }, places, list) : empty(t("map_none"))),
  };
}

export async function networkView(query) {
  const filters = pickFilters(query);
  const [data, stats] = await Promise.all([api("network", { ...filters, max_nodes: 60 }), api("stats")]);
  const node = data.links.length
    ? h("div", { class: "network-wrap" }, networkChart(data, { onNode: (nd) => { window.location.hash = `#/entity/${encodeURIComponent(nd.id)}`; } }))
    : empty(t("network_none"));
  const table = h("table", { class: "links-table" },
    h("tbody", {}, data.links.slice(0, 30).map((l) => {
      const a = data.nodes.find((n) => n.id === l.source);
      const b = data.nodes.find((n) => n.id === l.target);
      return h("tr", {}, h("td", {}, entityLink(a)), h("td", {}, lang() === "ar" ? "←" : "→"), h("td", {}, entityLink(b)), h("td", { class: "num" }, `${l.weight} ${t("weight")}`));
    })));
  const legend = h("ul", { class: "legend" }, ["PER", "ORG", "LOC", "MISC"].map((ty) =>
    h("li", {}, h("span", { class: `swatch ent-bg-${ty}` }), typeLabel(ty))));
  return { title: t("nav_network"), node: section(t("nav_network"), filterForm(filters, stats, "network"), node, data.links.length ? legend : null, data.links.length ? table : null) };
}

