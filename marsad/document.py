"""The Document: one article and everything marsad finds in it.

A :class:`Document` flows through the pipeline (``marsad.pipeline``); each stage reads what it
needs and adds its annotations. Every annotation that points into the article keeps Unicode
code-point offsets into ``Document.text`` (end exclusive) -- the text *as received* -- and the
name/version of the stage that made it (``stage``, e.g. ``"times@1"``).

``to_dict()`` gives the JSON of the output contract (``schema_version`` "1") plus documented extra
fields (``stage``, ``paragraphs``, ``sentences``, ``warnings`` ...); ``from_dict()`` reads it back,
keeping unknown keys in ``extra`` so that ``to_dict(from_dict(d)) == d``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1"

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Status = Literal["asserted", "reported", "denied", "planned", "hypothetical"]
CountKind = Literal["killed", "injured", "kidnapped", "arrested", "displaced", "released"]
Qualifier = Literal["exact", "at_least", "about", "more_than", "up_to"]
ParagraphKind = Literal["title", "headline", "body", "dateline", "byline"]

ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
TIME_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
STATUSES: tuple[str, ...] = ("asserted", "reported", "denied", "planned", "hypothetical")


def _take_extra(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


@dataclass(slots=True)
class Span:
    """A stretch of the article: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]), text=str(data["text"]))


@dataclass(slots=True)
class Region:
    """A stretch of the article without its text (sentences, summaries)."""

    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Region:
        return cls(start=int(data["start"]), end=int(data["end"]))


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    kind: str = "body"  # ParagraphKind

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls(start=int(data["start"]), end=int(data["end"]), kind=str(data.get("kind", "body")))


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int = 0
    kind: str = "body"  # ParagraphKind of its paragraph

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "paragraph": self.paragraph, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            paragraph=int(data.get("paragraph", 0)),
            kind=str(data.get("kind", "body")),
        )


@dataclass(slots=True)
class Entity:
    id: str
    type: str  # EntityType
    name: str
    name_en: str | None = None
    kb_id: str | None = None
    country: str | None = None
    actor_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None  # e.g. "intelligence chief", from the agent table
    confidence: float | None = None
    stage: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {
        "id", "type", "name", "name_en", "kb_id", "country", "actor_code", "lat", "lon",
        "mentions", "role", "confidence", "stage",
    }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "kb_id": self.kb_id,
            "country": self.country,
            "actor_code": self.actor_code,
            "lat": self.lat,
            "lon": self.lon,
            "mentions": [m.to_dict() for m in self.mentions],
            "role": self.role,
            "confidence": self.confidence,
            "stage": self.stage,
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            name=str(data["name"]),
            name_en=data.get("name_en"),
            kb_id=data.get("kb_id"),
            country=data.get("country"),
            actor_code=data.get("actor_code"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            mentions=[Span.from_dict(m) for m in data.get("mentions", [])],
            role=data.get("role"),
            confidence=data.get("confidence"),
            stage=data.get("stage"),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Time:
    start: int
    end: int
    text: str
    type: str  # TimeType
    value: str | None
    stage: str | None = None
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {"start", "end", "text", "type", "value", "stage", "warnings"}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "stage": self.stage,
            "warnings": list(self.warnings),
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Time:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            type=str(data["type"]),
            value=data.get("value"),
            stage=data.get("stage"),
            warnings=list(data.get("warnings", [])),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Count:
    kind: str  # CountKind
    value: int
    qualifier: str  # Qualifier
    who: str | None
    start: int
    end: int
    text: str
    stage: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {"kind", "value", "qualifier", "who", "start", "end", "text", "stage"}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "value": self.value,
            "qualifier": self.qualifier,
            "who": self.who,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "stage": self.stage,
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Count:
        return cls(
            kind=str(data["kind"]),
            value=int(data["value"]),
            qualifier=str(data.get("qualifier", "exact")),
            who=data.get("who"),
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            stage=data.get("stage"),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Event:
    id: str
    cameo: str
    plover: str | None
    source: list[str]
    target: list[str]
    location: str | None
    date: str | None
    status: str  # Status
    trigger: Span
    sentence: Region
    quote: str | None = None
    confidence: float = 0.5
    counts: list[Count] = field(default_factory=list)
    fatalities: int | None = None
    injured: int | None = None
    summary_en: str = ""
    goldstein: float | None = None
    evidence: list[Region] = field(default_factory=list)  # further sentences telling the same event
    date_confidence: float | None = None
    stage: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {
        "id", "cameo", "plover", "source", "target", "location", "date", "status", "trigger",
        "sentence", "quote", "confidence", "counts", "fatalities", "injured", "summary_en",
        "goldstein", "evidence", "date_confidence", "stage",
    }

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "cameo": self.cameo,
            "plover": self.plover,
            "source": list(self.source),
            "target": list(self.target),
            "location": self.location,
            "date": self.date,
            "status": self.status,
            "trigger": self.trigger.to_dict(),
            "sentence": self.sentence.to_dict(),
            "quote": self.quote,
            "confidence": self.confidence,
            "counts": [c.to_dict() for c in self.counts],
            "fatalities": self.fatalities,
            "injured": self.injured,
            "summary_en": self.summary_en,
            "goldstein": self.goldstein,
            "evidence": [r.to_dict() for r in self.evidence],
            "date_confidence": self.date_confidence,
            "stage": self.stage,
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=str(data["id"]),
            cameo=str(data["cameo"]),
            plover=data.get("plover"),
            source=[str(s) for s in data.get("source", [])],
            target=[str(t) for t in data.get("target", [])],
            location=data.get("location"),
            date=data.get("date"),
            status=str(data.get("status", "asserted")),
            trigger=Span.from_dict(data["trigger"]),
            sentence=Region.from_dict(data["sentence"]),
            quote=data.get("quote"),
            confidence=float(data.get("confidence", 0.5)),
            counts=[Count.from_dict(c) for c in data.get("counts", [])],
            fatalities=data.get("fatalities"),
            injured=data.get("injured"),
            summary_en=str(data.get("summary_en", "")),
            goldstein=data.get("goldstein"),
            evidence=[Region.from_dict(r) for r in data.get("evidence", [])],
            date_confidence=data.get("date_confidence"),
            stage=data.get("stage"),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Quote:
    id: str
    speaker: str | None
    speaker_text: str
    cue: Span
    content: Span
    direct: bool = False
    via: list[str] = field(default_factory=list)
    channel: Span | None = None  # "في بيان نشره على منصة إكس"
    cue_en: str | None = None  # English gloss of the cue: "said", "denied", "stressed"
    stage: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {
        "id", "speaker", "speaker_text", "cue", "content", "direct", "via", "channel", "cue_en",
        "stage",
    }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "direct": self.direct,
            "via": list(self.via),
            "channel": self.channel.to_dict() if self.channel else None,
            "cue_en": self.cue_en,
            "stage": self.stage,
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        channel = data.get("channel")
        return cls(
            id=str(data["id"]),
            speaker=data.get("speaker"),
            speaker_text=str(data.get("speaker_text", "")),
            cue=Span.from_dict(data["cue"]),
            content=Span.from_dict(data["content"]),
            direct=bool(data.get("direct", False)),
            via=[str(v) for v in data.get("via", [])],
            channel=Span.from_dict(channel) if channel else None,
            cue_en=data.get("cue_en"),
            stage=data.get("stage"),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Theme:
    theme: str
    score: float
    evidence: list[Span] = field(default_factory=list)
    gkg: str | None = None  # the GDELT GKG theme name, where one exists
    stage: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = {"theme", "score", "evidence", "gkg", "stage"}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "theme": self.theme,
            "score": self.score,
            "evidence": [e.to_dict() for e in self.evidence],
            "gkg": self.gkg,
            "stage": self.stage,
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Theme:
        return cls(
            theme=str(data["theme"]),
            score=float(data["score"]),
            evidence=[Span.from_dict(e) for e in data.get("evidence", [])],
            gkg=data.get("gkg"),
            stage=data.get("stage"),
            extra=_take_extra(data, cls._KNOWN),
        )


@dataclass(slots=True)
class Document:
    """One article: its text as received, metadata, and every annotation."""

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    brief_en: str | None = None
    summary_ar: list[Region] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)  # "name@version" of every stage run, in order
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Working annotations that are not serialized (recomputable): tokens, NER tags, caches.
    tokens: list[Any] = field(default_factory=list, repr=False)
    scratch: dict[str, Any] = field(default_factory=dict, repr=False)

    _KNOWN = {
        "schema_version", "id", "title", "text", "published", "outlet", "url", "language",
        "entities", "times", "events", "quotes", "themes", "brief_en", "summary_ar",
        "paragraphs", "sentences", "stages", "warnings",
    }

    # -- look-ups -------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` of this document's text."""
        return Span(start, end, self.text[start:end])

    def sentence_at(self, offset: int) -> Sentence | None:
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None

    def all_spans(self) -> list[tuple[str, Span]]:
        """Every span-with-text in the document, labelled by where it sits (for checks)."""
        out: list[tuple[str, Span]] = []
        for ent in self.entities:
            out.extend((f"entity {ent.id}", m) for m in ent.mentions)
        out.extend(("time", Span(t.start, t.end, t.text)) for t in self.times)
        for ev in self.events:
            out.append((f"event {ev.id} trigger", ev.trigger))
            out.extend((f"event {ev.id} count", Span(c.start, c.end, c.text)) for c in ev.counts)
        for q in self.quotes:
            out.append((f"quote {q.id} cue", q.cue))
            out.append((f"quote {q.id} content", q.content))
            if q.channel:
                out.append((f"quote {q.id} channel", q.channel))
        for th in self.themes:
            out.extend((f"theme {th.theme}", e) for e in th.evidence)
        return out

    def check_spans(self) -> list[str]:
        """Problems with offsets: an empty list means every span checks out."""
        problems: list[str] = []
        n = len(self.text)
        for where, sp in self.all_spans():
            if not (0 <= sp.start <= sp.end <= n):
                problems.append(f"{where}: [{sp.start},{sp.end}) outside text of {n}")
            elif self.text[sp.start : sp.end] != sp.text:
                problems.append(f"{where}: text[{sp.start}:{sp.end}] != {sp.text!r}")
        regions = [("sentence", s) for s in self.sentences] + [
            ("paragraph", p) for p in self.paragraphs
        ]
        regions += [("summary_ar", r) for r in self.summary_ar]
        regions += [(f"event {e.id} sentence", e.sentence) for e in self.events]
        for where, reg in regions:
            if not (0 <= reg.start <= reg.end <= n):
                problems.append(f"{where}: [{reg.start},{reg.end}) outside text of {n}")
        return problems

    # -- serialization --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "published": self.published,
            "outlet": self.outlet,
            "url": self.url,
            "language": self.language,
            "entities": [e.to_dict() for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "events": [e.to_dict() for e in self.events],
            "themes": [t.to_dict() for t in self.themes],
            "brief_en": self.brief_en,
            "summary_ar": [r.to_dict() for r in self.summary_ar],
            "quotes": [q.to_dict() for q in self.quotes],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "stages": list(self.stages),
            "warnings": list(self.warnings),
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        version = data.get("schema_version", SCHEMA_VERSION)
        if str(version) != SCHEMA_VERSION:
            from marsad.errors import BadRecordError

            raise BadRecordError("unsupported schema_version", value=version)
        return cls(
            text=str(data["text"]),
            id=str(data.get("id", "")),
            title=data.get("title"),
            published=data.get("published"),
            outlet=data.get("outlet"),
            url=data.get("url"),
            language=data.get("language"),
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
            times=[Time.from_dict(t) for t in data.get("times", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
            themes=[Theme.from_dict(t) for t in data.get("themes", [])],
            brief_en=data.get("brief_en"),
            summary_ar=[Region.from_dict(r) for r in data.get("summary_ar", [])],
            paragraphs=[Paragraph.from_dict(p) for p in data.get("paragraphs", [])],
            sentences=[Sentence.from_dict(s) for s in data.get("sentences", [])],
            stages=[str(s) for s in data.get("stages", [])],
            warnings=[str(w) for w in data.get("warnings", [])],
            extra=_take_extra(data, cls._KNOWN),
        )

    def copy(self) -> Document:
        return Document.from_dict(self.to_dict())


def replace(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` re-exported for stages."""
    return dataclasses.replace(obj, **changes)
