"""Flat rows of an analysed Document: the tables ``marsad batch`` writes.

One Document gives one ``documents`` row and rows in ``entities`` (one per mention), ``times``,
``events`` and ``quotes``, each keyed by ``doc_id`` with code-point offsets into the article text
and the codes (CAMEO, PLOVER, actor codes, ISO countries). Lists of entity ids (event sources and
targets, quote relays) are joined with ``|`` so that every column is a scalar: the tables load
into PostgreSQL with COPY and into any Parquet reader without nested types.

The column lists below are the single definition of the tables: the pyarrow schemas (local
engine), the Spark schemas and the PostgreSQL staging tables are all made from them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.document import Document

LIST_SEP = "|"

# (column, type) with type one of: str, int, float, bool
Column = tuple[str, str]

DOCUMENTS: tuple[Column, ...] = (
    ("doc_id", "str"),
    ("title", "str"),
    ("published", "str"),
    ("outlet", "str"),
    ("url", "str"),
    ("language", "str"),
    ("n_chars", "int"),
    ("n_sentences", "int"),
    ("n_tokens", "int"),
    ("n_entities", "int"),
    ("n_times", "int"),
    ("n_events", "int"),
    ("n_quotes", "int"),
    ("stages", "str"),
    ("source", "str"),
    ("doc_json", "str"),
)
ENTITIES: tuple[Column, ...] = (
    ("doc_id", "str"),
    ("entity_id", "str"),
    ("type", "str"),
    ("name", "str"),
    ("name_en", "str"),
    ("kb_id", "str"),
    ("country", "str"),
    ("actor_code", "str"),
    ("lat", "float"),
    ("lon", "float"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
)
TIMES: tuple[Column, ...] = (
    ("doc_id", "str"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("type", "str"),
    ("value", "str"),
)
EVENTS: tuple[Column, ...] = (
    ("doc_id", "str"),
    ("event_id", "str"),
    ("cameo", "str"),
    ("root", "str"),
    ("plover", "str"),
    ("source_ids", "str"),
    ("target_ids", "str"),
    ("location_id", "str"),
    ("date", "str"),
    ("published", "str"),
    ("status", "str"),
    ("trigger_start", "int"),
    ("trigger_end", "int"),
    ("trigger_text", "str"),
    ("sentence_start", "int"),
    ("sentence_end", "int"),
    ("quote_id", "str"),
    ("confidence", "float"),
    ("goldstein", "float"),
    ("fatalities", "int"),
    ("injured", "int"),
    ("summary_en", "str"),
)
QUOTES: tuple[Column, ...] = (
    ("doc_id", "str"),
    ("quote_id", "str"),
    ("speaker_id", "str"),
    ("speaker_text", "str"),
    ("cue_start", "int"),
    ("cue_end", "int"),
    ("cue_text", "str"),
    ("content_start", "int"),
    ("content_end", "int"),
    ("content_text", "str"),
    ("direct", "bool"),
    ("via_ids", "str"),
)
SKIPPED: tuple[Column, ...] = (
    ("source", "str"),
    ("code", "str"),
    ("reason", "str"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENTS,
    "entities": ENTITIES,
    "times": TIMES,
    "events": EVENTS,
    "quotes": QUOTES,
    "skipped": SKIPPED,
}
# the tables that hold analyses (``skipped`` holds the records that were not analysed)
ANALYSIS_TABLES: tuple[str, ...] = ("documents", "entities", "times", "events", "quotes")

Row = tuple[Any, ...]


@dataclass(slots=True)
class Rows:
    """The rows of one input record: its analysis, or why it was skipped."""

    documents: list[Row]
    entities: list[Row]
    times: list[Row]
    events: list[Row]
    quotes: list[Row]
    skipped: list[Row]

    @classmethod
    def empty(cls) -> Rows:
        return cls([], [], [], [], [], [])

    def table(self, name: str) -> list[Row]:
        rows: list[Row] = getattr(self, name)
        return rows

    def extend(self, other: Rows) -> None:
        for name in TABLES:
            self.table(name).extend(other.table(name))

    def __len__(self) -> int:
        return len(self.documents) + len(self.skipped)


def _ids(values: Sequence[str]) -> str:
    return LIST_SEP.join(values)


def document_rows(doc: Document, *, source: str | None = None, keep_json: bool = True) -> Rows:
    """The flat rows of an analysed Document."""
    d = doc.id
    data = doc.to_dict() if keep_json else None
    rows = Rows.empty()
    rows.documents.append((
        d, doc.title, doc.published, doc.outlet, doc.url, doc.language,
        len(doc.text), len(doc.sentences), len(doc.tokens), len(doc.entities), len(doc.times),
        len(doc.events), len(doc.quotes), ",".join(doc.stages), source,
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data is not None else None,
    ))
    for ent in doc.entities:
        for m in ent.mentions:
            rows.entities.append((
                d, ent.id, ent.type, ent.name, ent.name_en, ent.kb_id, ent.country, ent.actor_code,
                ent.lat, ent.lon, m.start, m.end, m.text,
            ))
    for t in doc.times:
        rows.times.append((d, t.start, t.end, t.text, t.type, t.value))
    for ev in doc.events:
        rows.events.append((
            d, ev.id, ev.cameo, ev.cameo[:2], ev.plover, _ids(ev.source), _ids(ev.target), ev.location,
            ev.date, doc.published, ev.status, ev.trigger.start, ev.trigger.end, ev.trigger.text,
            ev.sentence.start, ev.sentence.end, ev.quote, float(ev.confidence),
            ev.goldstein, ev.fatalities, ev.injured, ev.summary_en,
        ))
    for q in doc.quotes:
        rows.quotes.append((
            d, q.id, q.speaker, q.speaker_text, q.cue.start, q.cue.end, q.cue.text,
            q.content.start, q.content.end, q.content.text, bool(q.direct), _ids(q.via),
        ))
    return rows


def skipped_row(*, source: str, code: str, reason: str) -> Rows:
    rows = Rows.empty()
    rows.skipped.append((source, code, reason))
    return rows
