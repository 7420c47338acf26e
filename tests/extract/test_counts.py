from __future__ import annotations

import pytest

from marsad.arabic.normalize import norm
from marsad.arabic.numbers import parse_number
from marsad.document import Event, Region, Span
from marsad.pipeline import Pipeline, get_stage, make_document

PIPE = Pipeline.build(["arabic", "counts"])


def loose(text: str, published: str | None = "2025-12-20") -> list[dict]:
    doc = PIPE(make_document(text, published=published))
    return doc.extra.get("counts", [])


@pytest.mark.parametrize(
    ("words", "value"),
    [("ثلاثة", 3), ("خمسة وعشرين", 25), ("ثلاثة آلاف", 3000), ("ألفي", 2000), ("١٢", 12), ("أحد عشر", 11),
     ("مئة وخمسين", 150), ("3 آلاف", 3000), ("مائتي", 200), ("عشرين", 20), ("۱۵", 15)],
)
def test_numbers(words: str, value: int) -> None:
    got = parse_number(norm(words).split())
    assert got is not None and got[0] == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قُتل ثلاثة جنود على الأقل وأصيب نحو عشرين آخرين في هجوم.",
         [("killed", 3, "at_least", "soldiers"), ("injured", 20, "about", None)]),
        ("أعلنت الشرطة سقوط 3 قتلى و12 جريحا في الانفجار.", [("killed", 3, "exact", None), ("injured", 12, "exact", None)]),
        ("أدت المعارك إلى نزوح ما يقرب من ألفي نازح.", [("displaced", 2000, "about", None)]),
        ("وأسفر الهجوم عن مقتل ٥ مدنيين.", [("killed", 5, "exact", "civilians")]),
        ("اعتقلت الشرطة 12 شخصا متهمين بالتهريب.", [("arrested", 12, "exact", "civilians")]),
        ("أفرجت السلطات عن 50 أسيرا فلسطينيا.", [("released", 50, "exact", "prisoners")]),
        ("تم إطلاق سراح 20 رهينة.", [("released", 20, "exact", "hostages")]),
        ("اختطف مسلحون عشرات المدنيين.", [("kidnapped", 10, "at_least", "civilians")]),
        ("ارتفعت حصيلة القتلى إلى أكثر من 30 شخصا.", [("killed", 30, "more_than", None)]),
        ("وقال الوزير إن الاجتماع كان مثمرا.", []),
        ("قتل الرئيس السابق في هجوم.", []),
    ],
)
def test_counts_found(text: str, expected: list[tuple]) -> None:
    got = [(c["kind"], c["value"], c["qualifier"], c["who"]) for c in loose(text)]
    assert got == expected
    for c in loose(text):
        assert text[c["start"] : c["end"]] == c["text"]


def test_cumulative_tallies_are_not_today() -> None:
    found = loose("وقالت الأمم المتحدة إن 1200 مدني قتلوا منذ بداية العام.")
    assert found and all(c["scope"] == "cumulative" for c in found)


def _assault_doc(text: str):  # type: ignore[no-untyped-def]
    doc = make_document(text, published="2025-12-20")
    doc = Pipeline.build(["arabic"])(doc)
    i = text.index("هجوم")
    sent = doc.sentences[0]
    doc.events.append(Event(id="ev1", cameo="183", plover="ASSAULT", source=[], target=[], location=None,
                            date="2025-12-20", status="asserted", trigger=Span(i, i + 4, "هجوم"),
                            sentence=Region(sent.start, sent.end), summary_en="An attack"))
    return doc


def test_attached_to_event_with_totals() -> None:
    text = "قُتل ثلاثة جنود على الأقل وأصيب نحو عشرين آخرين في هجوم بسيارة مفخخة على حاجز للجيش."
    doc = get_stage("counts").factory()(_assault_doc(text))
    ev = doc.events[0]
    assert ev.fatalities == 3 and ev.injured == 20
    assert [(c.kind, c.qualifier) for c in ev.counts] == [("killed", "at_least"), ("injured", "about")]
    assert "counts" not in doc.extra
    assert doc.check_spans() == []


def test_older_event_counts_not_added() -> None:
    text = "وقع هجوم اليوم. وكانت هجمات الأسبوع الماضي قد أسفرت عن مقتل 40 شخصا."
    doc = _assault_doc(text)
    doc.events[0].sentence = Region(doc.sentences[0].start, doc.sentences[0].end)
    doc = get_stage("counts").factory()(doc)
    assert doc.events[0].fatalities is None
    assert doc.extra["counts"][0]["value"] == 40 and doc.extra["counts"][0]["scope"] == "cumulative"


def test_done_when_sentence_with_the_default_pipeline() -> None:
    import marsad

    doc = marsad.analyze(
        "قُتل ثلاثة جنود على الأقل وأصيب نحو عشرين آخرين في هجوم بسيارة مفخخة على حاجز للجيش.",
        published="2025-12-20",
    )
    assault = [e for e in doc.events if e.plover == "ASSAULT"]
    assert assault, [e.cameo for e in doc.events]
    ev = assault[0]
    assert ev.fatalities == 3 and ev.injured == 20
    quals = {c.kind: c.qualifier for c in ev.counts}
    assert quals == {"killed": "at_least", "injured": "about"}
    assert "At least 3 soldiers were killed" in (doc.brief_en or "")
