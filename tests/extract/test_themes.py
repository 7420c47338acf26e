from __future__ import annotations

import tomllib

from marsad.extract.themes import DATA, score_of, taxonomy
from marsad.pipeline import Pipeline, make_document

PIPE = Pipeline.build(["arabic", "themes"])


def test_taxonomy_is_documented_and_sized() -> None:
    tax = taxonomy()
    assert 45 <= len(tax.themes) <= 70
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for tid, t in raw["theme"].items():
        assert t["en"] and t["ar"] and t["terms"], tid
    gkg = [t.gkg for t in tax.themes.values() if t.gkg]
    assert "CEASEFIRE" in gkg and "PROTEST" in gkg and "TERROR" in gkg and "REFUGEES" in gkg


def test_seed_themes(seed_text: str) -> None:
    doc = PIPE(make_document(seed_text, published="2025-12-20"))
    got = {t.theme: t for t in doc.themes}
    for expected in ("ceasefire", "negotiations", "peace_process"):
        assert expected in got
    assert got["ceasefire"].gkg == "CEASEFIRE"
    for t in doc.themes:
        assert 0 < t.score <= 1
        for e in t.evidence:
            assert seed_text[e.start : e.end] == e.text
    assert "elections" not in got and "drugs" not in got


def test_title_weighs_more_and_unrelated_text_has_no_theme() -> None:
    doc = PIPE(make_document("مظاهرات في العاصمة\n\nخرج محتجون إلى الشوارع.", published="2025-12-20"))
    assert doc.themes and doc.themes[0].theme == "protests"
    doc = PIPE(make_document("ذهب أحمد إلى البيت وأكل التفاح.", published="2025-12-20"))
    assert doc.themes == []
    assert score_of(0) == 0 and score_of(10) > score_of(2)
