from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import example, given, settings

import marsad
from marsad.document import Document, Entity, Event, Quote, Region, Span, Time
from marsad.schema import SCHEMA_PATH, document_schema, schema_text
from tests.strategies import arabic_article


def _rich_doc() -> Document:
    text = "قال وزير الخارجية التركي إن الاجتماع عقد أمس في إسطنبول."
    ent = Entity(id="e1", type="LOC", name="إسطنبول", name_en="Istanbul", kb_id="geonames:745044",
                 country="TUR", actor_code="TUR", lat=41.01, lon=28.95,
                 mentions=[Span(48, 55, "إسطنبول")], stage="entities@1", extra={"x_custom": 1})
    t = Time(start=41, end=44, text="أمس", type="DATE", value="2025-12-19", stage="times@1")
    ev = Event(id="ev1", cameo="043", plover="CONSULT", source=[], target=[], location="e1",
               date="2025-12-19", status="reported", trigger=Span(29, 36, "الاجتماع"[:7]),
               sentence=Region(0, len(text)), confidence=0.8, summary_en="A meeting in Istanbul")
    ev.trigger = Span(29, 37, text[29:37])
    q = Quote(id="q1", speaker=None, speaker_text="وزير الخارجية التركي", cue=Span(0, 3, "قال"),
              content=Span(26, len(text) - 1, text[26 : len(text) - 1]), direct=False)
    return Document(text=text, id="d1", published="2025-12-20", outlet="العربية", entities=[ent],
                    times=[t], events=[ev], quotes=[q])


def test_round_trip_exact() -> None:
    doc = _rich_doc()
    d = doc.to_dict()
    again = Document.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert again.to_dict() == d
    assert d["entities"][0]["x_custom"] == 1  # unknown keys survive


def test_contract_fields_present() -> None:
    d = _rich_doc().to_dict()
    for key in ("schema_version", "id", "title", "text", "published", "outlet", "url", "entities",
                "times", "events", "quotes"):
        assert key in d
    assert d["schema_version"] == "1"
    for key in ("id", "type", "name", "name_en", "kb_id", "country", "actor_code", "lat", "lon", "mentions"):
        assert key in d["entities"][0]
    for key in ("id", "cameo", "plover", "source", "target", "location", "date", "status", "trigger",
                "sentence", "quote", "confidence", "summary_en"):
        assert key in d["events"][0]
    for key in ("id", "speaker", "speaker_text", "cue", "content", "direct", "via"):
        assert key in d["quotes"][0]


def test_check_spans_finds_bad_offsets() -> None:
    doc = _rich_doc()
    assert doc.check_spans() == []
    doc.entities[0].mentions.append(Span(0, 3, "xyz"))
    assert any("entity e1" in p for p in doc.check_spans())


def test_schema_is_current_and_validates() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m marsad.schema"
    jsonschema.validate(_rich_doc().to_dict(), document_schema())
    bad = _rich_doc().to_dict()
    bad["entities"][0]["type"] = "PERSON"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, document_schema())


def test_analyze_seed_spans_check_out(seed_text: str, seed_gold: dict) -> None:
    doc = marsad.analyze(seed_text, published=seed_gold["published"], outlet=seed_gold["outlet"])
    assert doc.check_spans() == []
    d = doc.to_dict()
    jsonschema.validate(d, document_schema())
    assert Document.from_dict(d).to_dict() == d
    assert doc.stages[0].startswith("arabic@")


@given(arabic_article)
@example("ب قال")  # a detached proclitic joined to its word (found by this test)
@settings(max_examples=60, deadline=None)
def test_analyze_any_text_keeps_valid_offsets(text: str) -> None:
    doc = marsad.analyze(text, published="2025-12-20")
    assert doc.check_spans() == []
    for t in doc.tokens:
        span = text[t.start : t.end]
        if span != t.text:  # a detached clitic joined to its word ("ب قال"): marsad/arabic/detached.py
            # writes the whitespace between the pieces as tatweel, one for one; all else is the span
            assert len(span) == len(t.text), (span, t.text)
            assert all(a == b or (a.isspace() and b == "\u0640") for a, b in zip(span, t.text)), (span, t.text)
            assert any(a.isspace() for a in span)
        assert t.start <= t.base_start <= t.base_end <= t.end
