"""Groups of people named by a nationality or a people (data/entity_rules/group_nouns.toml):
an entity with the country and a CAMEO actor code, used as an event actor. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from marsad.extract.entities import group_nouns
from marsad.pipeline import Pipeline, default_pipeline, make_document


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return default_pipeline()


def groups(pipe: Pipeline, text: str) -> list[tuple[str, str | None, str | None, str]]:
    doc = pipe(make_document(text))
    out = []
    for e in doc.entities:
        if e.type != "MISC" or e.country is None:
            continue
        for m in e.mentions:
            assert doc.text[m.start : m.end] == m.text
        out.append((e.mentions[0].text, e.country, e.actor_code, e.name_en or ""))
    return out


def test_plural_noun_and_nationality(pipe: Pipeline) -> None:
    got = groups(pipe, "طالب محامون إيرانيون بالإفراج عن زملائهم.")
    assert got == [("محامون إيرانيون", "IRN", "IRNJUD", "lawyers of Iran")]


def test_adjective_between_noun_and_nationality(pipe: Pipeline) -> None:
    got = groups(pipe, "وقع محامين إصلاحيين إيرانيين على رسالة مفتوحة.")
    assert [(g[0], g[2]) for g in got] == [("محامين إصلاحيين إيرانيين", "IRNJUD")]


def test_collective_noun_without_sector(pipe: Pipeline) -> None:
    got = groups(pipe, "دعت مجموعات سعودية إلى حماية البيئة.")
    assert [(g[0], g[1], g[2]) for g in got] == [("مجموعات سعودية", "SAU", "SAU")]


def test_offsets_skip_the_proclitic(pipe: Pipeline) -> None:
    got = groups(pipe, "خرج الطلاب إلى الشارع والمتظاهرون العراقيون يرفعون الأعلام.")
    assert [(g[0], g[2]) for g in got] == [("المتظاهرون العراقيون", "IRQOPP")]


def test_two_nationalities_joined_by_wa(pipe: Pipeline) -> None:
    got = groups(pipe, "التقى مستثمرين سوري و سعودي في دمشق.")
    assert [(g[0], g[2]) for g in got] == [("مستثمرين سوري", "SYRBUS"), ("سعودي", "SAUBUS")]


def test_plural_demonyms_standing_alone(pipe: Pipeline) -> None:
    text = "دعا الوزير إلى الحوار بين الإسرائيليين والفلسطينيين."
    got = groups(pipe, text)
    assert [(g[0], g[1]) for g in got] == [("الإسرائيليين", "ISR"), ("الفلسطينيين", "PSE")]
    doc = pipe(make_document(text))
    ids = {e.id: e.country for e in doc.entities}
    assert any({ids[t] for t in ev.target} == {"ISR", "PSE"} for ev in doc.events)


def test_people_noun_chechens(pipe: Pipeline) -> None:
    got = groups(pipe, "هاجم المقاتلون الشيشان قافلة عسكرية قرب غروزني.")
    assert got == [("المقاتلون الشيشان", "RUS", "RUSREBCNY", "Chechen fighters")]
    doc = pipe(make_document("هاجم المقاتلون الشيشان قافلة عسكرية قرب غروزني."))
    src = {e.id: e.actor_code for e in doc.entities}
    attacks = [ev for ev in doc.events if ev.cameo.startswith("19")]
    assert any([src[s] for s in ev.source] == ["RUSREBCNY"] for ev in attacks)


def test_group_is_the_event_source(pipe: Pipeline) -> None:
    doc = pipe(make_document("التقى وزير الخارجية السعودي مع المستثمرين الصينيين في الرياض."))
    codes = {e.id: e.actor_code for e in doc.entities}
    assert any([codes[t] for t in ev.target] == ["CHNBUS"] for ev in doc.events)


def test_broken_plural_people(pipe: Pipeline) -> None:
    got = groups(pipe, "وأدان الناشطون الأتراك اعتقال الصحفي.")
    assert [(g[0], g[2], g[3]) for g in got] == [("الناشطون الأتراك", "TUROPP", "Turkish activists")]


@pytest.mark.parametrize(
    "text",
    [
        "انتقد السياسيون الإسرائيليون القرار.",  # a noun not in the list: the adjective is no group
        "وقالت مصادر إيرانية إن الاتفاق قريب.",  # sources are the quotes stage's
        "زار الوفد المصانع الإسرائيلية القديمة.",  # a singular feminine adjective of a thing
        "يعمل في الشركة موظفون من غير السعوديين.",  # non-Saudis are no Saudi group
        "تابع الجمهور بمجريات المباراة.",  # a word that reads as a demonym (مجريات, Hungarian) without ال
        "أعلنت وزارة الخارجية الإسرائيلية موقفها.",  # a composed ministry keeps its nationality
    ],
)
def test_no_group(pipe: Pipeline, text: str) -> None:
    assert groups(pipe, text) == []


def test_word_lists_are_data() -> None:
    g = group_nouns()
    assert g.heads[("محامين",)] == ("JUD", "lawyers")
    assert g.peoples["شيشان"][0] == "RUS"
    assert "فلسطينيين" in g.plural_demonyms  # from data/kb/nationalities.tsv, not repeated
    assert "مصادر" not in {w for k in g.heads for w in k}
