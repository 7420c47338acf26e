// The article reader: right-to-left text with entity mentions, triggers and times marked,
// event cards, quotes with speakers, and the article's story.

import { api } from "./api.js";
import { entityLink, eventCard, section, empty } from "./components.js";
import { h, safeUrl } from "./dom.js";
import { cameoLabel, lang, t, typeLabel } from "./i18n.js";

function paragraphsOf(doc) {
  if (doc.paragraphs && doc.paragraphs.length) return doc.paragraphs;
  const out = [];
  const re = /[^\n]+/g;
  let m;
  while ((m = re.exec(doc.text)) !== null) out.push({ start: m.index, end: m.index + m[0].length, kind: "body" });
  return out;
}

// Non-overlapping marks, earlier kinds first: entities, then triggers, then times.
function marksOf(doc, corpusEntities) {
  const cand = [];
  for (const e of doc.entities || []) {
    for (const m of e.mentions || []) {
      cand.push({ start: m.start, end: m.end, kind: "ent", ent: e, corpusId: corpusEntities[e.id] || null, prio: 0 });
    }
  }
  for (const ev of doc.events || []) {
    if (ev.trigger) cand.push({ start: ev.trigger.start, end: ev.trigger.end, kind: "trig", ev, prio: 1 });
  }
  for (const tm of doc.times || []) cand.push({ start: tm.start, end: tm.end, kind: "time", tm, prio: 2 });
  cand.sort((a, b) => a.prio - b.prio || a.start - b.start || b.end - a.end);
  const kept = [];
  for (const c of cand) {
    if (c.end <= c.start) continue;
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function markNode(doc, mk) {
  const text = doc.text.slice(mk.start, mk.end);
  if (mk.kind === "ent") {
    const title = [mk.ent.name_en, typeLabel(mk.ent.type), mk.ent.actor_code].filter(Boolean).join(" · ");
    if (mk.corpusId) {
      return h("a", { class: `mention ent-${mk.ent.type}`, href: `#/entity/${encodeURIComponent(mk.corpusId)}`, title, "data-entity": mk.corpusId }, text);
    }
    return h("span", { class: `mention ent-${mk.ent.type}`, title }, text);
  }
  if (mk.kind === "trig") {
    return h("mark", { class: "trigger", title: `${mk.ev.cameo} · ${cameoLabel(mk.ev.cameo)}`, "data-event": mk.ev.id }, text);
  }
  return h("span", { class: "time", title: mk.tm.value || "" }, text);
}

// An Arabic article reads right to left; an article in another language (an English report kept
// for stories) in its own script's direction.
const RTL_LANGS = new Set(["ar", "fa", "ur", "ps", "he", "ckb"]);
function textAttrs(doc) {
  const lang = doc.language || "ar";
  return { dir: RTL_LANGS.has(lang) ? "rtl" : "ltr", lang };
}

function articleBody(doc, corpusEntities) {
  const marks = marksOf(doc, corpusEntities);
  const body = h("div", { class: "article-body", ...textAttrs(doc) });
  for (const p of paragraphsOf(doc)) {
    const tag = p.kind === "title" ? "h1" : p.kind === "headline" ? "h3" : "p";
    const el = h(tag, { class: `para para-${p.kind}` });
    let pos = p.start;
    for (const mk of marks) {
      if (mk.start < p.start || mk.end > p.end) continue;
      if (mk.start > pos) el.append(doc.text.slice(pos, mk.start));
      el.append(markNode(doc, mk));
      pos = mk.end;
    }
    if (pos < p.end) el.append(doc.text.slice(pos, p.end));
    body.append(el);
  }
  return body;
}

function localEntity(doc, corpusEntities, id) {
  const e = (doc.entities || []).find((x) => x.id === id);
  if (!e) return null;
  return { ...e, id: corpusEntities[e.id] || e.id };
}

function eventCards(doc, corpusEvents, corpusEntities, merged) {
  if (!doc.events || !doc.events.length) return empty(t("no_events"));
  const list = h("div", { class: "event-list" });
  for (const ev of doc.events) {
    const m = merged.get(corpusEvents[ev.id]);
    const shown = m || {
      ...ev,
      root: String(ev.cameo).slice(0, 2),
      source: ev.source.map((id) => localEntity(doc, corpusEntities, id)).filter(Boolean),
      target: ev.target.map((id) => localEntity(doc, corpusEntities, id)).filter(Boolean),
      place: ev.location ? localEntity(doc, corpusEntities, ev.location) : null,
      trigger: ev.trigger ? ev.trigger.text : null,
      num_sources: 1,
      reports: [],
    };
    const sentence = ev.sentence ? doc.text.slice(ev.sentence.start, ev.sentence.end) : null;
    const trigStart = ev.trigger && ev.sentence ? ev.trigger.start - ev.sentence.start : null;
    // the summary of this article's own event, the merged counts of the corpus
    list.append(eventCard({ ...shown, summary_en: ev.summary_en || shown.summary_en, status: ev.status, date: ev.date || shown.date,
      counts: ev.counts, fatalities: ev.fatalities ?? shown.fatalities, injured: ev.injured ?? shown.injured },
      { sentence, trigger: ev.trigger ? ev.trigger.text : null, triggerStart: trigStart, corpusId: m ? m.id : null }));
  }
  return list;
}

function quoteList(doc, corpusEntities) {
  if (!doc.quotes || !doc.quotes.length) return empty(t("no_quotes"));
  const ul = h("ul", { class: "quote-list" });
  for (const q of doc.quotes) {
    const speaker = q.speaker ? localEntity(doc, corpusEntities, q.speaker) : null;
    const via = (q.via || []).map((id) => localEntity(doc, corpusEntities, id)).filter(Boolean);
    ul.append(h("li", { class: "quote" },
      h("div", { class: "q-speaker" }, speaker ? entityLink(speaker) : h("span", { class: "muted", dir: "rtl" }, q.speaker_text || t("unknown")),
        h("span", { class: "q-cue", dir: "rtl", lang: "ar" }, q.cue ? q.cue.text : ""),
        q.cue_en ? h("span", { class: "muted", dir: "ltr" }, `(${q.cue_en})`) : null,
        via.length ? h("span", { class: "q-via" }, t("via"), " ", via.map((v) => entityLink(v))) : null),
      h("blockquote", { class: "q-content", dir: "rtl", lang: "ar" }, q.content ? q.content.text : "")));
  }
  return ul;
}

function entityIndex(doc, corpusEntities) {
  const box = h("div", { class: "entity-index" });
  for (const ty of ["PER", "ORG", "LOC", "MISC"]) {
    const ents = (doc.entities || []).filter((e) => e.type === ty);
    if (!ents.length) continue;
    box.append(h("div", { class: "ent-group" }, h("span", { class: `lbl ent-${ty}-text` }, typeLabel(ty)),
      ents.map((e) => entityLink({ ...e, id: corpusEntities[e.id] || e.id }))));
  }
  return box;
}

export async function articleView(id) {
  const doc = await api(`articles/${encodeURIComponent(id)}`);
  const evPage = await api("events", { article: id, limit: 200 });
  return { title: doc.title || id, node: reader(doc, new Map(evPage.items.map((e) => [e.id, e]))) };
}

// A Document (stored, with its corpus links, or fresh from /api/analyze) laid out for reading.
export function reader(doc, merged = new Map()) {
  const corpus = doc.corpus || { entities: {}, events: {}, stories: [] };

  const head = h("header", { class: "article-head" },
    h("div", { class: "art-meta" },
      doc.outlet ? h("span", { class: "outlet" }, doc.outlet) : null,
      doc.published ? h("span", { dir: "ltr" }, doc.published) : null,
      safeUrl(doc.url) ? h("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, t("open_original")) : null,
      corpus.stories.map((s) => h("a", { class: "story-link", href: `#/story/${encodeURIComponent(s.id)}` },
        `${t("in_story")}: `, h("bdi", {}, s.label || s.id), ` (${s.articles})`))));

  const hasTitle = paragraphsOf(doc).some((p) => p.kind === "title");
  const view = h("div", { class: "reader" },
    h("div", { class: "reader-main" }, head,
      !hasTitle && doc.title ? h("h1", { class: "reader-title", ...textAttrs(doc) }, doc.title) : null,
      articleBody(doc, corpus.entities),
      (doc.entities || []).length ? section(t("reader_entities"), entityIndex(doc, corpus.entities)) : null),
    h("aside", { class: "reader-side" },
      doc.brief_en ? section(t("reader_brief"), h("p", { class: "brief", dir: "ltr", lang: "en" }, doc.brief_en)) : null,
      (doc.summary_ar || []).length ? section(t("reader_summary"), h("ol", { class: "summary-ar", dir: "rtl", lang: "ar" },
        doc.summary_ar.map((r) => h("li", {}, doc.text.slice(r.start, r.end))))) : null,
      (doc.themes || []).length ? section(t("reader_themes"), h("div", { class: "chips themes" },
        doc.themes.map((th) => h("span", { class: "chip theme", title: `${th.gkg || ""} · ${th.score}` },
          lang() === "ar" ? (th.label_ar || th.theme) : (th.label_en || th.theme))))) : null,
      section(`${t("reader_events")} (${(doc.events || []).length})`, eventCards(doc, corpus.events, corpus.entities, merged)),
      section(`${t("reader_quotes")} (${(doc.quotes || []).length})`, quoteList(doc, corpus.entities))));
  return view;
}

