"""Boundaries of people's names against verbs and common-noun phrases (data/entity_rules)."""

from __future__ import annotations

import pytest

from marsad.extract.entities import Finder, _not_name_words, make_finder
from marsad.pipeline import Pipeline, make_document


class SpanTagger:
    """A tagger that tags given words as one person (B-PER, I-PER ...): the slip of a real model
    ("رأى كيري" as one name), to test the boundary rule on its own."""

    def __init__(self, words: list[str]) -> None:
        self.words = words

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        out = []
        for toks in sentences:
            tags = ["O"] * len(toks)
            n = len(self.words)
            for k in range(len(toks) - n + 1):
                if toks[k : k + n] == self.words:
                    tags[k : k + n] = ["B-PER"] + ["I-PER"] * (n - 1)
            out.append(tags)
        return out


@pytest.fixture(scope="module")
def arabic() -> Pipeline:
    return Pipeline.build(["arabic"])


def people(arabic: Pipeline, text: str, words: list[str]) -> list[str]:
    base = make_finder(use_ner=False)
    finder = Finder(base.kb, SpanTagger(words), freq=base.freq)
    doc = arabic(make_document(text, outlet="alriyadh", published="2015-08-01"))
    return [m.text for e in finder.find(doc) if e.type == "PER" for m in e.mentions]


def test_data_list_is_built() -> None:
    verbs, written, phrases = _not_name_words()
    assert {"قال", "راي", "اكد"} <= verbs and len(verbs) > 500
    assert "رأى" in written  # matched as written: "راي" may be Ray
    assert "حسن" not in verbs and "يحيي" not in verbs  # given names are left out
    assert ("حسن", "جوار") in phrases


@pytest.mark.parametrize(
    ("text", "tagged", "person"),
    [
        ("وفي القاهرة رأى كيري أن الاتفاق جيد.", ["رأى", "كيري"], "كيري"),
        ("وفي القاهرة كيري رأى أن الاتفاق جيد.", ["كيري", "رأى"], "كيري"),
        ("وقال جونسون إن الحوار مستمر.", ["وقال", "جونسون"], "جونسون"),
        ("وأكد مارك جونسون أن الحوار مستمر.", ["وأكد", "مارك", "جونسون"], "مارك جونسون"),
    ],
)
def test_a_verb_is_not_part_of_a_name(arabic: Pipeline, text: str, tagged: list[str], person: str) -> None:
    assert people(arabic, text, tagged) == [person]


def test_a_name_that_is_a_given_name_stays(arabic: Pipeline) -> None:
    """يحيى is a verb form ("lives") and a given name: not cut."""
    assert people(arabic, "وصل يحيى الراعي إلى صنعاء.", ["يحيى", "الراعي"]) == ["يحيى الراعي"]


def test_good_neighbourliness_is_no_person(arabic: Pipeline) -> None:
    assert people(arabic, "أكد الوزير أهمية علاقات حسن جوار بين البلدين.", ["حسن", "جوار"]) == []
    assert people(arabic, "أكد الوزير أهمية حسن الجوار بين البلدين.", ["حسن", "الجوار"]) == []
    assert people(arabic, "وصل حسن روحاني إلى نيويورك.", ["حسن", "روحاني"]) == ["حسن روحاني"]


def test_an_office_of_the_person_before_is_not_taken(arabic: Pipeline) -> None:
    """ "وزير الإعلام عادل الطريفي، والدكتور سامي العبيدي": Sami is a doctor, not the minister."""
    base = make_finder(use_ner=False)
    finder = Finder(base.kb, SpanTagger(["سامي", "العبيدي"]), freq=base.freq)
    doc = arabic(make_document("حضر وزير الإعلام عادل الطريفي، والدكتور سامي العبيدي.", outlet="alriyadh"))
    sami = next(e for e in finder.find(doc) if e.type == "PER" and "العبيدي" in e.name)
    assert sami.actor_code is None and sami.role == "doctor"
