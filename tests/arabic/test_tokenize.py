from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.tokenize import segments, tokenize
from tests.strategies import arabic_text


def bases(text: str) -> dict[str, str]:
    return {t.text: t.base for t in tokenize(text)}


def test_proclitics_split_with_offsets() -> None:
    text = "اجتمع ممثلون عن الولايات المتحدة وتركيا ومصر وقطر بإسطنبول"
    toks = tokenize(text)
    by = {t.text: t for t in toks}
    t = by["وتركيا"]
    assert t.base == "تركيا"
    assert text[t.base_start : t.base_end] == "تركيا"
    assert t.base_start == text.index("وتركيا") + 1
    assert by["بإسطنبول"].base == "إسطنبول"
    assert by["ومصر"].base == "مصر"
    assert by["وقطر"].base == "قطر"


def test_words_starting_with_clitic_letters_stay_whole() -> None:
    b = bases("وزير الخارجية في بغداد ولبنان وكالة واشنطن فرنسا لبنان بيروت")
    for word in ("وزير", "بغداد", "وكالة", "واشنطن", "فرنسا", "لبنان", "بيروت"):
        assert b[word] == word
    assert b["ولبنان"] == "لبنان"


def test_article_and_lam_article() -> None:
    toks = {t.text: t for t in tokenize("للرئيس والحكومة")}
    assert toks["للرئيس"].det and toks["للرئيس"].base_start == toks["للرئيس"].start + 1
    assert toks["والحكومة"].base == "الحكومة" and toks["والحكومة"].det


def test_enclitic_pronouns_and_ta_marbuta() -> None:
    b = bases("جرى خلاله بحث هويتها وحكومته في مدينة تركية")
    assert b["خلاله"] == "خلال"
    assert b["هويتها"] == "هويت"
    assert b["مدينة"] == "مدينة"  # ta marbuta is not a pronoun
    assert b["تركية"] == "تركية"


def test_diacritics_inside_clitic_words() -> None:
    text = "وَتُرْكِيا"
    (t,) = tokenize(text)
    assert t.norm == "وتركيا"
    assert text[t.base_start : t.base_end] == "تُرْكِيا"


def test_segments_pieces() -> None:
    pieces = segments("وتركيا")
    assert [(p.text, p.role) for p in pieces] == [("و", "proclitic"), ("تركيا", "stem")]


def test_numbers_latin_punct() -> None:
    toks = tokenize("في ١٠ أكتوبر 2025، قال Reuters: 3.5%")
    kinds = [(t.text, t.kind) for t in toks]
    assert ("١٠", "num") in kinds and ("2025", "num") in kinds and ("3.5", "num") in kinds
    assert ("Reuters", "lat") in kinds and ("،", "punct") in kinds


@given(arabic_text)
@settings(max_examples=300, deadline=None)
def test_every_token_span_checks_out(text: str) -> None:
    prev_end = 0
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text
        assert t.start >= prev_end
        assert t.start <= t.base_start <= t.base_end <= t.end
        assert t.base_end > t.base_start
        prev_end = t.end
    for p in segments(text):
        assert text[p.start : p.end] == p.text


@given(st.lists(st.sampled_from(["وتركيا", "بإسطنبول", "للرئيس", "والحكومة", "مدينة", "خلاله", "٣", "«قال»"]), max_size=20))
@settings(max_examples=100, deadline=None)
def test_known_words_in_any_order(words: list[str]) -> None:
    text = " ".join(words)
    for t in tokenize(text):
        assert text[t.base_start : t.base_end] == t.base
