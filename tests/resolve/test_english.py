"""KB entities in English text (marsad.resolve.english): for putting English articles in stories."""

from __future__ import annotations

import pytest

from marsad.resolve.english import STOPLIST, english_index


def _keys(text: str, date: str | None = "2015-08-03") -> list[str]:
    return [h.record.key for h in english_index().find(text, date)]


def test_people_places_and_organizations_get_the_arabic_entities_kb_ids() -> None:
    text = "US Secretary of State John Kerry met Gulf Cooperation Council ministers in Doha, Qatar. The GCC welcomed it."
    hits = english_index().find(text, "2015-08-03")
    assert [(h.text, h.record.key) for h in hits] == [
        ("John Kerry", "actor:kerry"), ("Gulf Cooperation Council", "actor:gcc"), ("Doha", "place:290030"),
        ("Qatar", "country:QAT"), ("GCC", "actor:gcc")]
    assert all(text[h.start : h.end] == h.text for h in hits)
    assert english_index().kb_ids(text, "2015-08-03") >= {"actor:kerry", "actor:gcc", "geonames:290030"}


def test_word_boundaries_and_case() -> None:
    assert _keys("Qatari officials and Dohan visitors") == []  # a name inside a longer word is no match
    assert _keys("doha, qatar and the gcc") == []  # names are capitalized; acronyms are written in capitals
    assert _keys("Gcc said") == []
    assert _keys("Kerry's visit") == ["actor:kerry"]  # possessive: the surname alone, known to the KB
    assert _keys("Khaled Bahah said in Aden") == ["actor:bahah", "place:415189"]  # the city, not the province


def test_longest_match_wins() -> None:
    assert _keys("the UN Security Council voted") == ["actor:unsc"]
    assert _keys("Al-Qaeda in the Arabian Peninsula claimed it") == ["actor:aqap"]
    assert _keys("Abdullah bin Zayed Al Nahyan arrived") == ["actor:abz"]


@pytest.mark.parametrize("word", ["Mobile", "Reading", "Split", "Nice", "Sale", "Central", "Unity"])
def test_place_names_that_are_common_words_do_not_match(word: str) -> None:
    assert word.lower() in STOPLIST
    assert _keys(f"{word} phones were discussed on Monday.") == []


def test_the_office_holder_of_the_date() -> None:
    assert _keys("Benjamin Netanyahu said", "2015-08-03") == ["actor:netanyahu_2009"]
    assert _keys("Benjamin Netanyahu said", "2025-12-20") == ["actor:netanyahu"]
    assert _keys("Joe Biden said", "2015-08-03") == ["actor:biden_vp"]


def test_small_places_are_left_out_provinces_of_the_region_are_kept() -> None:
    assert _keys("They met in Lahij province") == ["place:6201197"]  # a Yemeni province (no population given)
    assert _keys("Boneh-ye Alvan residents") == []  # a village (under the population floor)
