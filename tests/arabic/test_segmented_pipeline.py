"""The whole pipeline reads a clitic-segmented sentence as the same sentence written normally.

Sentences written for this test; each segmented copy writes every clitic our splitter finds apart,
as UniversalPetrarch's Arabic sample does.
"""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.document import Document
from marsad.ingest.article import document_from_input
from marsad.pipeline import default_pipeline

PAIRS = [
    (
        "وقصفت الطائرات الإسرائيلية مواقع لحركة حماس في قطاع غزة، وقال الجيش الإسرائيلي إن الغارات "
        "جاءت ردا على إطلاق صواريخ.",
        "و قصفت الطائرات الإسرائيلية مواقع ل حركة حماس في قطاع غزة، و قال الجيش الإسرائيلي إن الغارات "
        "جاءت ردا على إطلاق صواريخ.",
    ),
    (
        "واجتمع وزير الخارجية المصري بنظيره الأردني في عمان لبحث العلاقات بين البلدين، وأكد أن مصر "
        "ستواصل دعمها للأردن.",
        "واجتمع وزير الخارجية المصري ب نظير ه الأردني في عمان ل بحث العلاقات بين البلدين، و أكد أن مصر "
        "ستواصل دعم ها ل الأردن.",
    ),
]


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    return default_pipeline()


def _analyse(pipe, text: str) -> Document:  # noqa: ANN001
    doc = document_from_input(text, source="t", published="2024-05-01", outlet=None, url=None, html=False)
    return pipe(doc)


def _events(doc: Document) -> Counter:
    ents = {e.id: e for e in doc.entities}

    def countries(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted({ents[i].country or "-" for i in ids if i in ents}))

    return Counter((ev.cameo[:2], countries(ev.source), countries(ev.target)) for ev in doc.events)


def _entities(doc: Document) -> Counter:
    return Counter((e.kb_id or e.name, e.type) for e in doc.entities)


@pytest.mark.parametrize(("normal", "segmented"), PAIRS)
def test_segmented_sentence_gives_the_same_events_entities_and_quotes(pipe, normal: str, segmented: str) -> None:  # noqa: ANN001
    a, b = _analyse(pipe, normal), _analyse(pipe, segmented)
    assert a.events, "the normal sentence must have an event for this test to mean something"
    assert _events(a) == _events(b)
    assert _entities(a) == _entities(b)
    assert len(a.quotes) == len(b.quotes)
    for m in (m for e in b.entities for m in e.mentions):
        assert segmented[m.start : m.end] == m.text  # offsets into the segmented original
