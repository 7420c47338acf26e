"""PETRARCH / UniversalPetrarch sentence XML.

The validation and sample files of UniversalPetrarch (and PETRARCH 2's input) are::

    <Sentences>
      <Sentence date="20000715" id="AFP_ARB_20000715.0015_2" source="afp" sentence="True">
        <Text>و قال مسيكا ل صحافيين ...</Text>
        <Parse>...</Parse>            (optional, ignored)
      </Sentence>
    </Sentences>

Each ``<Sentence>`` is read as one document: ``text`` = its ``<Text>`` (stripped), ``published`` =
its ``date`` (YYYYMMDD -> YYYY-MM-DD), ``outlet`` = its ``source``, ``id`` = its ``id``. Sentences
are not grouped into articles: the events of these sets are coded and scored sentence by sentence,
and one document per sentence keeps that one-to-one. (Grouping by the id's article prefix,
``AFP_ARB_20000715.0015``, would give the extractors more context -- a later sentence's pronoun
could find its antecedent -- but would mix the sentences' events.) A sentence without text is
reported as a failure and reading goes on.

``marsad analyze FILE.xml`` keeps the sentence id as the document id. ``marsad ingest`` stores each
sentence like any record without a URL (id from its text; identical sentences are duplicates) and
names the sentence id in the record's source (``FILE#ID``) for its log.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from marsad.errors import BadRecordError
from marsad.ingest.records import Failure, Record

_HEAD = re.compile(rb"<Sentences?\b[^>]*>", re.I)
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


def looks_like_petrarch(data: bytes) -> bool:
    """True when ``data`` is PETRARCH sentence XML (a ``<Sentences>`` / ``<Sentence>`` root)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    return _HEAD.match(head) is not None


@dataclass(slots=True)
class Sentence:
    id: str | None
    text: str
    published: str | None
    outlet: str | None


def _date(raw: str | None) -> str | None:
    m = _DATE.match(raw or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def parse_sentences(data: bytes, *, source: str) -> Iterator[Sentence | Failure]:
    """The ``<Sentence>`` elements of a PETRARCH XML file, in document order."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        yield Failure.of(BadRecordError(f"malformed PETRARCH XML: {exc}"), source)
        return
    elems = [root] if root.tag == "Sentence" else root.iter("Sentence")
    for i, el in enumerate(elems):
        sid = (el.get("id") or "").strip() or None
        where = f"{source}#{sid or i}"
        node = el.find("Text")
        text = (node.text or "").strip() if node is not None else ""
        if not text:
            yield Failure.of(BadRecordError("<Sentence> has no <Text>"), where)
            continue
        yield Sentence(id=sid, text=text, published=_date(el.get("date")), outlet=el.get("source") or None)


def petrarch_records(data: bytes, *, source: str) -> Iterator[Record | Failure]:
    """One :class:`Record` per ``<Sentence>`` (see the module docstring)."""
    for s in parse_sentences(data, source=source):
        if isinstance(s, Failure):
            yield s
        else:
            yield Record(text=s.text, source=f"{source}#{s.id}" if s.id else source, published=s.published,
                         outlet=s.outlet)
