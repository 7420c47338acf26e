"""Office holders of the 2015 workload: linked with their dates of office, and common phrases that
contain one of their surnames are not taken for them."""

from __future__ import annotations

import pytest

from marsad import analyze


def _persons(text: str, published: str) -> list[tuple[str, str | None, str | None]]:
    doc = analyze(text, published=published)
    return [(e.name_en, e.actor_code, e.kb_id) for e in doc.entities if e.type == "PER"]


def test_kerry_and_jubeir_in_2015() -> None:
    got = _persons("التقى وزير الخارجية الأميركي جون كيري نظيره السعودي عادل الجبير في الدوحة أمس.", "2015-08-03")
    assert ("John Kerry", "USAGOV") in [(n, c) for n, c, _ in got]
    assert ("Adel al-Jubeir", "SAUGOV") in [(n, c) for n, c, _ in got]


def test_a_second_tenure_is_its_own_row_chosen_by_the_publication_date() -> None:
    (_, _, kb_2015), = _persons("قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو إن الاتفاق خطأ.", "2015-07-15")
    (_, _, kb_2025), = _persons("قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو إن الاتفاق خطأ.", "2025-07-15")
    assert kb_2015 != kb_2025


@pytest.mark.parametrize(
    "text",
    [
        "روى عبد الله بن عمر الحديث.",
        "الحمد الله على السلامة، قال المواطن.",
        "وفق المذهب الجعفري والمذهب المالكي تختلف الأحكام.",
        "قتل عشرة أشخاص في هجوم لجماعة بوكو حرام في شمال الكاميرون أمس.",
    ],
)
def test_common_phrases_are_not_2015_office_holders(text: str) -> None:
    names = {n for n, _, _ in _persons(text, "2015-08-03")}
    assert not names & {"Jamal Benomar", "Rami Hamdallah", "Ibrahim al-Jaafari", "Nouri al-Maliki", "David Cameron"}


def test_a_lone_surname_of_an_office_holder_beats_a_small_foreign_town() -> None:
    # كيري: John Kerry (in office in 2015), not Chieri (Italy, ~36,000 people)
    (got,) = _persons("وقال كيري إن الولايات المتحدة ستسرع بيع الأسلحة لدول الخليج.", "2015-08-03")
    assert got[:2] == ("John Kerry", "USAGOV")


def test_region_words_are_not_homonymous_places() -> None:
    # GeoNames gives "الخليج" to Gulf Province (Papua New Guinea) and "شبه" to a village in Iran
    for text in ("وصل الوزير إلى الخليج أمس.", "قال الوزير إن منطقة الخليج تواجه تحديات.", "تقع اليمن في شبه الجزيرة العربية."):
        doc = analyze(text, published="2015-08-03")
        assert not {e.country for e in doc.entities} & {"PNG", "IRN"}, text
