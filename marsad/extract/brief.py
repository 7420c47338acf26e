"""The ``brief`` stage: an English brief and an Arabic extractive summary of every article.

Nothing is translated and nothing is invented: every English sentence is filled from the
extractions (events' ``summary_en``, counts, quotes' speakers and cue glosses, linked places and
resolved dates) into fixed templates, and ``Document.extra["brief_trace"]`` lists, for each
sentence, the spans of the article it rests on. What was said is quoted in Arabic, marked as
such, with the cue's English gloss ("said", "denied", "stressed").

``summary_ar`` holds the sentences that carry the main events (at most three, in text order), or
the lead sentence when no event was found.

``story_brief(docs)`` does the same across the reports of a story and notes where outlets disagree
on counts or dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from marsad.document import Count, Document, Entity, Event, Quote, Region
from marsad.pipeline import register

VERSION = "1"
MAX_EVENTS = 3
MAX_QUOTES = 2
MAX_SUMMARY = 3
MAX_QUOTE_CHARS = 160
REPORTED_PREFIX = "Reportedly, "

QUALIFIER_EN = {"exact": "", "at_least": "at least ", "about": "about ", "more_than": "more than ", "up_to": "up to "}
KIND_EN = {
    "killed": "killed",
    "injured": "injured",
    "kidnapped": "kidnapped or held",
    "arrested": "arrested",
    "displaced": "displaced",
    "released": "released",
}
WHO_EN = {
    "civilians": "civilians", "soldiers": "soldiers", "police": "police officers", "militants": "militants",
    "children": "children", "women": "women", "protesters": "protesters", "journalists": "journalists",
    "prisoners": "prisoners", "hostages": "hostages", "migrants": "migrants", "pilgrims": "pilgrims",
}
STATUS_EN = {
    "denied": "denied: ",
    "planned": "planned: ",
    "hypothetical": "possible: ",
}


@dataclass(slots=True)
class BriefSentence:
    text: str
    source: str  # what it was built from: "event ev1", "counts ev1", "quote q2", "places", "dates"
    spans: list[Region] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "source": self.source, "spans": [r.to_dict() for r in self.spans]}


def _name(ent: Entity | None) -> str | None:
    if ent is None:
        return None
    return ent.name_en or None


def _main_events(doc: Document) -> list[Event]:
    """The events a reader needs first: confident, with actors, distinct."""
    ranked = sorted(
        doc.events,
        key=lambda e: (-(e.confidence or 0.0), -(bool(e.source) + bool(e.target) + bool(e.location)), e.trigger.start),
    )
    out: list[Event] = []
    seen: set[str] = set()
    for ev in ranked:
        if not ev.summary_en:
            continue
        key = ev.summary_en.split(" on ")[0]
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
        if len(out) >= MAX_EVENTS:
            break
    return sorted(out, key=lambda e: e.trigger.start)


def _attribution(doc: Document, ev: Event) -> str:
    if ev.status != "reported" or not ev.quote:
        return ""
    q = next((q for q in doc.quotes if q.id == ev.quote), None)
    if q is None:
        return ""
    who = _name(doc.entity(q.speaker)) if q.speaker else None
    via = [n for n in (_name(doc.entity(v)) for v in q.via) if n]
    if who:
        text = f" according to {who}"
    else:
        text = " according to unnamed sources"
    if via:
        text += " cited by " + " and ".join(via)
    return text


def _event_sentence(doc: Document, ev: Event) -> BriefSentence:
    prefix = STATUS_EN.get(ev.status, "")
    body = ev.summary_en.rstrip(".")
    if prefix:
        body = prefix.capitalize() + body[0].lower() + body[1:] if body else body
    attribution = _attribution(doc, ev)
    if attribution and body.startswith(REPORTED_PREFIX):
        # the attribution says who reported it; "Reportedly," would say it twice
        body = body[len(REPORTED_PREFIX) :]
        body = body[:1].upper() + body[1:]
    text = body + attribution + "."
    spans = [Region(ev.trigger.start, ev.trigger.end), Region(ev.sentence.start, ev.sentence.end)]
    if ev.quote:
        q = next((q for q in doc.quotes if q.id == ev.quote), None)
        if q is not None:
            spans.append(Region(q.cue.start, q.cue.end))
    return BriefSentence(text=text, source=f"event {ev.id}", spans=spans)


def count_phrase(c: Count) -> str:
    who = WHO_EN.get(c.who or "", "people")
    n = f"{QUALIFIER_EN.get(c.qualifier, '')}{c.value:,}"
    verb = "was" if c.value == 1 else "were"
    if c.value == 1 and who.endswith("s"):
        who = {"people": "person", "civilians": "civilian", "soldiers": "soldier", "police officers": "police officer",
               "militants": "militant", "children": "child", "protesters": "protester", "journalists": "journalist",
               "prisoners": "prisoner", "hostages": "hostage", "migrants": "migrant", "pilgrims": "pilgrim"}.get(who, who)
    return f"{n} {who} {verb} {KIND_EN.get(c.kind, c.kind)}"


def _counts_sentence(ev: Event) -> BriefSentence | None:
    if not ev.counts:
        return None
    seen: set[tuple[str, int, str | None]] = set()
    parts: list[str] = []
    spans: list[Region] = []
    for c in sorted(ev.counts, key=lambda c: c.start):
        key = (c.kind, c.value, c.who)
        if key in seen:
            continue
        seen.add(key)
        parts.append(count_phrase(c))
        spans.append(Region(c.start, c.end))
    text = "; ".join(parts)
    return BriefSentence(text=text[0].upper() + text[1:] + ".", source=f"counts {ev.id}", spans=spans)


def _quote_sentence(doc: Document, q: Quote) -> BriefSentence:
    ent = doc.entity(q.speaker) if q.speaker else None
    who = _name(ent) or "Unnamed sources"
    if ent is not None and ent.role:
        who += f" ({ent.role})"
    cue = q.cue_en or "said"
    said = q.content.text.strip().rstrip(".")
    if len(said) > MAX_QUOTE_CHARS:
        cut = said.rfind(" ", 0, MAX_QUOTE_CHARS)
        said = said[: cut if cut > 0 else MAX_QUOTE_CHARS] + " …"
    via = [n for n in (_name(doc.entity(v)) for v in q.via) if n]
    relay = f" (relayed by {', '.join(via)})" if via else ""
    text = f"{who} {cue}{relay}, in Arabic: «{said}»."
    return BriefSentence(
        text=text,
        source=f"quote {q.id}",
        spans=[Region(q.cue.start, q.cue.end), Region(q.content.start, q.content.end)],
    )


def _main_quotes(doc: Document, events: Sequence[Event]) -> list[Quote]:
    event_quotes = {e.quote for e in events if e.quote}
    named = [q for q in doc.quotes if q.speaker and q.id not in event_quotes]
    direct_first = sorted(named, key=lambda q: (not q.direct, q.cue.start))
    return sorted(direct_first[:MAX_QUOTES], key=lambda q: q.cue.start)


def _places_sentence(doc: Document) -> BriefSentence | None:
    names: list[str] = []
    spans: list[Region] = []
    for ent in doc.entities:
        if ent.type != "LOC" or not ent.name_en or not ent.mentions:
            continue
        if ent.name_en in names:
            continue
        names.append(ent.name_en)
        spans.append(Region(ent.mentions[0].start, ent.mentions[0].end))
    if not names:
        return None
    return BriefSentence(text="Places named: " + ", ".join(names) + ".", source="places", spans=spans)


def _dates_sentence(doc: Document) -> BriefSentence | None:
    values: list[str] = []
    spans: list[Region] = []
    for t in doc.times:
        if t.type != "DATE" or not t.value or t.value in values:
            continue
        values.append(t.value)
        spans.append(Region(t.start, t.end))
    if not values:
        return None
    return BriefSentence(text="Dates referred to: " + ", ".join(values) + ".", source="dates", spans=spans)


def build_brief(doc: Document) -> list[BriefSentence]:
    events = _main_events(doc)
    out: list[BriefSentence] = []
    for ev in events:
        out.append(_event_sentence(doc, ev))
        cs = _counts_sentence(ev)
        if cs is not None:
            out.append(cs)
    for q in _main_quotes(doc, events):
        out.append(_quote_sentence(doc, q))
    for extra in (_places_sentence(doc), _dates_sentence(doc)):
        if extra is not None:
            out.append(extra)
    return out


def summary_sentences(doc: Document) -> list[Region]:
    events = _main_events(doc)
    regions: list[Region] = []
    for ev in events:
        if all(r.start != ev.sentence.start for r in regions):
            regions.append(Region(ev.sentence.start, ev.sentence.end))
    if not regions:
        lead = next((s for s in doc.sentences if s.kind == "body"), None)
        if lead is not None:
            regions.append(Region(lead.start, lead.end))
    return sorted(regions, key=lambda r: r.start)[:MAX_SUMMARY]


@register("brief", version=VERSION, needs=("sentences",), adds=("brief_en", "summary_ar"))
def make_brief_stage() -> Callable[[Document], Document]:
    """An English brief built from the extractions, and an Arabic extractive summary."""

    def run(doc: Document) -> Document:
        sentences = build_brief(doc)
        doc.brief_en = " ".join(s.text for s in sentences) if sentences else None
        doc.extra["brief_trace"] = [s.to_dict() for s in sentences]
        doc.summary_ar = summary_sentences(doc)
        return doc

    return run


# -- stories ----------------------------------------------------------------------------------
def _isolate(name: str) -> str:
    """An outlet name (often Arabic) inside English text, isolated so the line keeps its order."""
    return f"\u2068{name}\u2069"


def story_brief(docs: Sequence[Document]) -> dict:
    """A brief across a story's reports: the events told, who reported them, disagreements.

    Events of different reports are grouped by their English summary up to the date (same
    happening, same actors and place); a group whose reports give different dates, or different
    fatalities / injured figures, is reported as a disagreement naming the outlets.
    """
    groups: dict[str, list[tuple[Document, Event]]] = {}
    for doc in docs:
        for ev in _main_events(doc):
            key = ev.summary_en.split(" on ")[0]
            groups.setdefault(key, []).append((doc, ev))
    sentences: list[str] = []
    disagreements: list[str] = []
    for key, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        outlets = [_isolate(o) for o in sorted({d.outlet or d.id for d, _ in items})]
        dates = sorted({e.date for _, e in items if e.date})
        when = f" on {dates[0]}" if len(dates) == 1 else ""
        sentences.append(f"{key}{when} (reported by {', '.join(outlets)}).")
        if len(dates) > 1:
            by = "; ".join(f"{e.date} ({_isolate(d.outlet or d.id)})" for d, e in items if e.date)
            disagreements.append(f"Outlets disagree on the date of “{key}”: {by}.")
        for attr, label in (("fatalities", "dead"), ("injured", "injured")):
            vals = {getattr(e, attr) for _, e in items if getattr(e, attr) is not None}
            if len(vals) > 1:
                by = "; ".join(
                    f"{getattr(e, attr)} ({_isolate(d.outlet or d.id)})" for d, e in items if getattr(e, attr) is not None
                )
                disagreements.append(f"Outlets disagree on the number of {label} in “{key}”: {by}.")
    return {
        "brief_en": " ".join(sentences + disagreements) or None,
        "events": sentences,
        "disagreements": disagreements,
        "reports": [{"id": d.id, "outlet": d.outlet, "url": d.url} for d in docs],
    }
