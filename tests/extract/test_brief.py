from __future__ import annotations

from marsad.document import Count, Entity, Event, Quote, Region, Span
from marsad.extract.brief import count_phrase, story_brief
from marsad.pipeline import Pipeline, get_stage, make_document

TEXT = "قال المتحدث أونجو كيشيلي إن الاجتماع عقد أمس في ميامي. وقتل ثلاثة جنود على الأقل في هجوم."


def _doc():  # type: ignore[no-untyped-def]
    doc = Pipeline.build(["arabic"])(make_document(TEXT, published="2025-12-20", outlet="العربية"))
    k = TEXT.index("أونجو كيشيلي")
    m = TEXT.index("ميامي")
    doc.entities = [
        Entity(id="e1", type="PER", name="أونجو كيشيلي", name_en="Oncu Keceli", role="foreign ministry spokesman",
               mentions=[Span(k, k + 12, "أونجو كيشيلي")]),
        Entity(id="e2", type="LOC", name="ميامي", name_en="Miami", mentions=[Span(m, m + 5, "ميامي")]),
    ]
    c = TEXT.index("قال")
    doc.quotes = [Quote(id="q1", speaker="e1", speaker_text="أونجو كيشيلي", cue=Span(c, c + 3, "قال"),
                        content=Span(TEXT.index("إن"), TEXT.index("."), TEXT[TEXT.index("إن"):TEXT.index(".")]),
                        cue_en="said")]
    t = TEXT.index("الاجتماع")
    s1 = doc.sentences[0]
    doc.events = [Event(id="ev1", cameo="043", plover="CONSULT", source=["e1"], target=[], location="e2",
                        date="2025-12-19", status="asserted", trigger=Span(t, t + 8, "الاجتماع"),
                        sentence=Region(s1.start, s1.end), confidence=0.8,
                        summary_en="A meeting was held in Miami on 2025-12-19")]
    h = TEXT.index("هجوم")
    s2 = doc.sentences[1]
    q = TEXT.index("قتل")
    ev2 = Event(id="ev2", cameo="183", plover="ASSAULT", source=[], target=[], location=None, date="2025-12-20",
                status="asserted", trigger=Span(h, h + 4, "هجوم"), sentence=Region(s2.start, s2.end),
                confidence=0.7, summary_en="An attack on 2025-12-20")
    ev2.counts = [Count(kind="killed", value=3, qualifier="at_least", who="soldiers", start=q, end=q + 20,
                        text=TEXT[q:q + 20])]
    ev2.fatalities = 3
    doc.events.append(ev2)
    return doc


def test_brief_is_built_from_extractions_and_traceable() -> None:
    doc = get_stage("brief").factory()(_doc())
    b = doc.brief_en
    assert b is not None
    assert "A meeting was held in Miami on 2025-12-19." in b
    assert "At least 3 soldiers were killed." in b
    assert "Places named: Miami." in b
    trace = doc.extra["brief_trace"]
    assert " ".join(s["text"] for s in trace) == b
    for s in trace:
        assert s["spans"], s
        for r in s["spans"]:
            assert 0 <= r["start"] < r["end"] <= len(TEXT)
    assert [TEXT[r.start:r.end] for r in doc.summary_ar] == [TEXT[: TEXT.index(".") + 1], TEXT[TEXT.index("وقتل"):]]


def test_quote_in_brief_is_marked_arabic_with_gloss() -> None:
    doc = _doc()
    doc.events = []
    doc = get_stage("brief").factory()(doc)
    assert "Oncu Keceli (foreign ministry spokesman) said, in Arabic: «إن الاجتماع عقد أمس في ميامي»." in doc.brief_en


def test_count_phrase() -> None:
    c = Count(kind="injured", value=1, qualifier="exact", who="civilians", start=0, end=1, text="x")
    assert count_phrase(c) == "1 civilian was injured"


def test_story_brief_notes_disagreements() -> None:
    a, b = _doc(), _doc()
    b.outlet = "الشرق الأوسط"
    b.events[1].fatalities = 5
    b.events[0].date = "2025-12-18"
    out = story_brief([a, b])
    assert any("disagree on the number of dead" in d and "العربية" in d for d in out["disagreements"])
    assert any("disagree on the date" in d for d in out["disagreements"])
    assert len(out["reports"]) == 2
