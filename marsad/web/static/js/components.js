// Reusable pieces of the pages: event cards, entity chips, badges, loading and error boxes.

import { h } from "./dom.js";
import { CAMEO_ROOTS, cameoLabel, entityAltName, entityName, lang, ploverLabel, statusLabel, t, typeLabel } from "./i18n.js";

export function loading() {
  return h("div", { class: "loading" }, t("loading"));
}

export function errorBox(err) {
  const msg = err && err.message ? err.message : String(err);
  return h("div", { class: "error-box", role: "alert" }, h("strong", {}, t("error") + ": "), msg);
}

export function empty(text) {
  return h("p", { class: "empty" }, text || t("no_results"));
}

export function entityLink(e, { cls = "" } = {}) {
  if (!e) return null;
  const alt = entityAltName(e);
  return h(
    "a",
    { class: `chip ent-${e.type || "MISC"} ${cls}`, href: `#/entity/${encodeURIComponent(e.id)}`, title: alt || null },
    entityName(e),
  );
}

export function typeBadge(ty) {
  return h("span", { class: `badge type ent-${ty}` }, typeLabel(ty));
}

export function statusBadge(s) {
  return h("span", { class: `badge status st-${s}` }, statusLabel(s));
}

export function cameoBadge(code) {
  return h("span", { class: `badge cameo root-${String(code || "").slice(0, 2)}`, title: code },
    `${code} · ${cameoLabel(code)}`);
}

export function ploverBadge(p) {
  return p ? h("span", { class: "badge plover" }, ploverLabel(p)) : null;
}

// The Arabic evidence sentence with the trigger marked.
export function evidence(sentence, trigger, start = null) {
  if (!sentence) return null;
  let s = start;
  if (s === null && trigger) s = sentence.indexOf(trigger);
  const box = h("blockquote", { class: "evidence", dir: "rtl", lang: "ar" });
  if (s === null || s < 0 || !trigger) {
    box.append(sentence);
    return box;
  }
  box.append(sentence.slice(0, s), h("mark", { class: "trigger" }, sentence.slice(s, s + trigger.length)),
    sentence.slice(s + trigger.length));
  return box;
}

// When the pipeline wrote no English summary: "Actor — Consult — Target (date)" from the names.
function fallbackSummary(ev) {
  const names = (list) => (list || []).map((e) => e.name_en || e.name).join(", ");
  const root = String(ev.cameo || "").slice(0, 2);
  const verb = CAMEO_ROOTS[root] ? CAMEO_ROOTS[root][0] : ev.cameo;
  return [names(ev.source), verb, names(ev.target)].filter(Boolean).join(" — ") + (ev.date ? ` (${ev.date})` : "");
}

// ACLED-style totals and the counts they come from: "Killed: 3 (at least) · Injured: about 20".
const QUAL = { at_least: "≥", about: "~", more_than: ">", up_to: "≤", exact: "" };
function casualties(ev) {
  const parts = [];
  const byKind = {};
  for (const c of ev.counts || []) (byKind[c.kind] = byKind[c.kind] || []).push(c);
  const show = (kind, total) => {
    const cs = byKind[kind] || [];
    const q = cs.length === 1 ? QUAL[cs[0].qualifier] || "" : "";
    parts.push(h("span", { class: `count count-${kind}` }, h("b", {}, t(`count_${kind}`)), " ", h("bdi", { dir: "ltr" }, `${q}${total}`)));
  };
  if (ev.fatalities !== null && ev.fatalities !== undefined) show("killed", ev.fatalities);
  if (ev.injured !== null && ev.injured !== undefined) show("injured", ev.injured);
  for (const kind of ["kidnapped", "arrested", "displaced", "released"]) {
    const cs = byKind[kind] || [];
    if (cs.length) show(kind, cs.reduce((n, c) => n + c.value, 0));
  }
  return parts.length ? h("div", { class: "ev-counts" }, parts) : null;
}

function actors(list) {
  if (!list || !list.length) return h("span", { class: "muted" }, "—");
  return list.map((e) => entityLink(e));
}

// ev: an event of the API (source/target/place resolved, reports); ev_evidence optional
export function eventCard(ev, { sentence = null, trigger = null, triggerStart = null, corpusId = ev.reports && ev.reports.length ? ev.id : null } = {}) {
  const rep = (ev.reports || [])[0] || {};
  const sent = sentence || rep.sentence;
  const trig = trigger || ev.trigger;
  const place = ev.place ? entityLink(ev.place) : ev.location ? h("span", {}, ev.location) : h("span", { class: "muted" }, "—");
  const nSources = ev.num_sources || (ev.reports ? new Set(ev.reports.map((r) => r.outlet)).size : 0) || 1;
  return h(
    "article",
    { class: `event-card root-${ev.root || String(ev.cameo || "").slice(0, 2)}`, "data-event": ev.id },
    h("div", { class: "ev-head" }, cameoBadge(ev.cameo), ploverBadge(ev.plover), statusBadge(ev.status)),
    h("p", { class: "ev-summary", dir: "ltr", lang: "en" }, ev.summary_en || fallbackSummary(ev)),
    h("div", { class: "ev-actors" },
      h("span", { class: "lbl" }, t("actor")), actors(ev.source),
      h("span", { class: "arrow" }, lang() === "ar" ? "←" : "→"),
      h("span", { class: "lbl" }, t("target")), actors(ev.target)),
    evidence(sent, trig, triggerStart),
    casualties(ev),
    h("dl", { class: "ev-meta" },
      h("div", {}, h("dt", {}, t("date")), h("dd", { dir: "ltr" }, ev.date || "—")),
      h("div", {}, h("dt", {}, t("place")), h("dd", {}, place)),
      h("div", {}, h("dt", {}, t("source_n")), h("dd", { class: "n-sources" }, String(nSources))),
      corpusId ? h("div", {}, h("a", { class: "ev-link", href: `#/event/${encodeURIComponent(corpusId)}` }, t("all_reports"))) : null),
  );
}

export function articleItem(a) {
  return h(
    "li",
    { class: "article-item" },
    h("a", { href: `#/article/${encodeURIComponent(a.id)}`, class: "art-title", dir: "auto" }, a.title || a.id),
    h("div", { class: "art-meta" },
      a.outlet ? h("span", { class: "outlet" }, a.outlet) : null,
      a.published ? h("span", { dir: "ltr" }, a.published) : null,
      a.events !== undefined ? h("span", {}, `${a.events} ${t("events")}`) : null),
    a.snippet ? h("p", { class: "snippet", dir: "rtl", lang: "ar" }, a.snippet) : null,
  );
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}
