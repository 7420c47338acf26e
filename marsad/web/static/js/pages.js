// Home, search, entity and story pages.

import { api } from "./api.js";
import { articleItem, empty, entityLink, eventCard, evidence, section, typeBadge } from "./components.js";
import { timelineChart, worldMap } from "./charts.js";
import { h } from "./dom.js";
import { cameoLabel, entityAltName, entityName, fmtNumber, lang, t, typeLabel } from "./i18n.js";

function statCard(n, label, href) {
  return h("a", { class: "stat", href }, h("strong", {}, fmtNumber(n)), h("span", {}, label));
}

function storyItem(s) {
  const outlets = [...new Set(s.articles.map((a) => a.outlet).filter(Boolean))];
  return h("li", { class: "story-item" },
    h("a", { href: `#/story/${encodeURIComponent(s.id)}`, dir: "rtl", lang: "ar", class: "art-title" }, s.label || s.id),
    h("div", { class: "art-meta" },
      h("span", {}, `${s.num_articles} ${t("articles")}`),
      h("span", {}, `${s.num_outlets} ${t("outlets")}`),
      s.start_date ? h("span", { dir: "ltr" }, s.start_date === s.end_date ? s.start_date : `${s.start_date} – ${s.end_date}`) : null,
      outlets.slice(0, 4).map((o) => h("span", { class: "outlet" }, o))));
}

export async function homeView() {
  const [stats, arts, evs, stories, tl, geo] = await Promise.all([
    api("stats"), api("articles", { limit: 8 }), api("events", { limit: 4 }), api("stories", { limit: 6 }),
    api("timeline", { by: "root" }), api("geo"),
  ]);
  const cards = h("div", { class: "stats" },
    statCard(stats.articles, t("articles"), "#/"),
    statCard(stats.events, t("events"), "#/events"),
    statCard(stats.entities, t("entities"), "#/entities"),
    statCard(stats.stories, t("stories"), "#/stories"),
    statCard(stats.outlets, t("outlets"), "#/"));
  const map = geo.points.length ? (await worldMap(geo.points, {
    onPoint: (p) => { window.location.hash = `#/events?place=${encodeURIComponent(p.id)}`; },
  })).svg : null;
  return {
    title: t("nav_home"),
    node: h("div", { class: "home" },
      h("div", { class: "hero" }, h("h1", {}, t("title")), h("p", {}, t("tagline")), cards),
      stats.articles ? null : h("div", { class: "panel empty-corpus", id: "empty-corpus" }, t("empty_corpus"), " ",
        h("a", { href: "#/analyze" }, t("nav_analyze")), h("code", { dir: "ltr" }, "marsad ingest samples/ --db …")),
      h("div", { class: "grid-2" },
        section(t("latest_articles"), arts.items.length ? h("ul", { class: "plain" }, arts.items.map(articleItem)) : empty()),
        section(t("latest_events"), evs.items.length ? h("div", { class: "event-list" }, evs.items.map((e) => eventCard(e))) : empty())),
      h("div", { class: "grid-2" },
        section(t("nav_timeline"), tl.days.length ? timelineChart(tl, { label: (k) => `${k} ${cameoLabel(k)}`, height: 260, width: 560,
          onDay: (d) => { window.location.hash = `#/events?since=${d}&until=${d}`; } }) : empty()),
        section(t("nav_map"), map ? h("div", { class: "map-wrap small", dir: "ltr" }, map) : empty(t("map_none")))),
      section(t("nav_stories"), stories.items.length ? h("ul", { class: "plain" }, stories.items.map(storyItem)) : empty())),
  };
}

export async function searchView(query) {
  const q = query.get("q") || "";
  if (!q.trim()) return { title: t("search"), node: empty() };
  const res = await api("search", { q, limit: 30 });
  return {
    title: `${t("search")}: ${q}`,
    node: h("div", { class: "grid-2" },
      section(`${t("articles_h")} (${res.articles.length})`,
        res.articles.length ? h("ul", { class: "plain", id: "search-articles" }, res.articles.map(articleItem)) : empty()),
      section(`${t("entities_h")} (${res.entities.length})`,
        res.entities.length ? h("div", { class: "chips", id: "search-entities" }, res.entities.map((e) => entityLink(e))) : empty())),
  };
}

export async function entitiesView(query) {
  const type = query.get("type") || "";
  const data = await api("entities", { type, limit: 200 });
  const tabs = h("div", { class: "toggle" }, ["", "PER", "ORG", "LOC", "MISC"].map((ty) =>
    h("a", { class: `button ${ty === type ? "active" : ""}`, href: ty ? `#/entities?type=${ty}` : "#/entities" }, ty ? typeLabel(ty) : t("all_types"))));
  const rows = data.items.map((e) => h("tr", {},
    h("td", {}, entityLink(e)), h("td", { dir: lang() === "ar" ? "ltr" : "rtl" }, entityAltName(e)), h("td", {}, typeBadge(e.type)),
    h("td", {}, e.country || ""), h("td", { dir: "ltr" }, e.actor_code || ""),
    h("td", { class: "num" }, String(e.mentions)), h("td", { class: "num" }, String(e.articles))));
  return {
    title: t("nav_entities"),
    node: section(t("nav_entities"), tabs, rows.length ? h("div", { class: "table-wrap" }, h("table", { class: "events-table" },
      h("thead", {}, h("tr", {}, [t("nav_entities"), lang() === "ar" ? t("name_en") : t("name_ar"), t("type"), t("country"), t("actor_code"), t("mentions"), t("articles")].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows))) : empty()),
  };
}

function fact(label, value, attrs = {}) {
  if (value === null || value === undefined || value === "") return null;
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", attrs, value));
}

export async function entityView(id) {
  const e = await api(`entities/${encodeURIComponent(id)}`);
  const tl = {
    days: e.timeline.map((d) => d.date),
    series: [
      { key: "mentions", total: e.mentions, counts: Object.fromEntries(e.timeline.map((d) => [d.date, d.mentions])) },
      { key: "events", total: e.events.total, counts: Object.fromEntries(e.timeline.map((d) => [d.date, d.events])) },
    ],
  };
  const head = h("header", { class: `entity-head ent-border-${e.type}` },
    h("h1", {}, h("span", { dir: "rtl", lang: "ar", class: "name-ar" }, e.name), e.name_en ? h("span", { dir: "ltr", lang: "en", class: "name-en" }, e.name_en) : null),
    h("dl", { class: "facts" },
      fact(t("type"), typeBadge(e.type)),
      fact(t("role"), e.role),
      fact(t("country"), e.country),
      fact(t("actor_code"), e.actor_code, { dir: "ltr" }),
      fact(t("kb"), e.kb_id, { dir: "ltr" }),
      fact(t("mentions"), String(e.mentions)),
      fact(t("articles"), String(e.n_articles)),
      fact(t("events"), String(e.events.total))));
  const partners = e.partners.length
    ? h("ul", { class: "plain partners" }, e.partners.map((p) => h("li", {}, entityLink(p), h("span", { class: "muted" }, ` ${p.events} ${t("weight")}`))))
    : empty();
  const quotes = e.quotes.length
    ? h("ul", { class: "quote-list" }, e.quotes.map((q) => h("li", { class: "quote" },
      h("div", { class: "q-speaker" }, h("span", { class: "q-cue", dir: "rtl" }, q.cue), " · ",
        h("a", { href: `#/article/${encodeURIComponent(q.article)}` }, q.outlet || q.article), q.published ? h("span", { dir: "ltr", class: "muted" }, ` ${q.published}`) : null),
      h("blockquote", { class: "q-content", dir: "rtl", lang: "ar" }, q.content))))
    : empty(t("no_quotes"));
  return {
    title: entityName(e),
    node: h("div", { class: "entity-page" }, head,
      h("div", { class: "grid-2" },
        section(t("timeline"), tl.days.length ? timelineChart(tl, { label: (k) => t(k), height: 220, width: 560 }) : empty()),
        section(t("partners"), partners)),
      section(`${t("reader_events")} (${e.events.total})`, e.events.items.length ? h("div", { class: "event-list cols" }, e.events.items.map((x) => eventCard(x))) : empty()),
      h("div", { class: "grid-2" },
        section(`${t("articles_h")} (${e.n_articles})`, h("ul", { class: "plain" }, e.articles.map(articleItem))),
        section(t("quotes"), quotes))),
  };
}

export async function storiesView() {
  const data = await api("stories", { limit: 100 });
  return {
    title: t("nav_stories"),
    node: section(t("nav_stories"), data.items.length ? h("ul", { class: "plain" }, data.items.map(storyItem)) : empty()),
  };
}

export async function storyView(id) {
  const s = await api(`stories/${encodeURIComponent(id)}`);
  const reports = h("ol", { class: "reports" }, s.articles.map((a) => h("li", {},
    h("span", { class: "outlet" }, a.outlet || "—"), " ",
    h("span", { dir: "ltr", class: "muted" }, a.published || ""), " ",
    h("a", { href: `#/article/${encodeURIComponent(a.id)}`, dir: "auto" }, a.title || a.id),
    a.url ? h("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", class: "ext" }, "↗") : null)));
  return {
    title: s.label || id,
    node: h("div", { class: "story-page" },
      h("header", { class: "story-head" }, h("h1", { dir: "rtl", lang: "ar" }, s.label || id),
        h("div", { class: "art-meta" }, h("span", {}, `${s.num_articles} ${t("articles")}`), h("span", {}, `${s.num_outlets} ${t("outlets")}`),
          s.start_date ? h("span", { dir: "ltr" }, `${s.start_date} – ${s.end_date || s.start_date}`) : null),
        h("div", { class: "chips" }, s.entities.map((e) => entityLink(e)))),
      s.brief && s.brief.brief_en ? section(t("story_brief"),
        h("ul", { class: "story-brief", dir: "ltr", lang: "en" }, s.brief.events.map((x) => h("li", {}, x))),
        s.brief.disagreements.length ? h("div", { class: "disagree" }, h("h3", {}, t("story_disagree")),
          h("ul", { dir: "ltr", lang: "en" }, s.brief.disagreements.map((x) => h("li", {}, x)))) : null) : null,
      section(t("story_reports"), reports),
      section(`${t("reader_events")} (${s.events.total})`, s.events.items.length ? h("div", { class: "event-list cols" }, s.events.items.map((x) => eventCard(x))) : empty())),
  };
}

export async function eventView(id) {
  const ev = await api(`events/${encodeURIComponent(id)}`);
  const reports = h("ol", { class: "reports" }, ev.reports.map((r) => h("li", {},
    h("div", {}, h("span", { class: "outlet" }, r.outlet || "—"), " ",
      h("span", { dir: "ltr", class: "muted" }, r.published || ""), " ",
      h("a", { href: `#/article/${encodeURIComponent(r.article)}`, dir: "auto" }, r.title || r.article)),
    evidence(r.sentence, ev.trigger))));
  return {
    title: ev.summary_en || ev.cameo,
    node: h("div", { class: "event-page" },
      h("div", { class: "event-list" }, eventCard(ev, { corpusId: null })),
      section(`${t("story_reports")} (${ev.reports.length})`, reports)),
  };
}
