from __future__ import annotations

from hypothesis import given, settings

from marsad.arabic.normalize import norm, normalize

from tests.strategies import arabic_text


def test_letter_forms() -> None:
    assert norm("أإآا") == "اااا"
    assert norm("مستشفى") == "مستشفي"
    assert norm("مدينة") == "مدينه"
    assert norm("مـــصـر") == "مصر"
    assert norm("مُحَمَّدٌ") == "محمد"
    assert norm("٢٠٢٥ و۱۴۰۴") == "2025 و1404"
    assert norm("قال\u200f: «نعم»؛ لماذا؟") == 'قال: "نعم"; لماذا?'
    assert norm("سؤال مسئول") == "سوال مسيول"


def test_offset_map_points_into_original() -> None:
    text = "قالَ الرئيسُ الـمـصـري\u200f إن ٣ جنود"
    nt = normalize(text)
    assert nt.text == norm(text)
    i = nt.text.index("المصري")
    s, e = nt.span(i, i + len("المصري"))
    assert text[s:e] == "الـمـصـري"
    j = nt.text.index("3")
    assert text[slice(*nt.span(j, j + 1))] == "٣"


def test_presentation_forms_expand() -> None:
    nt = normalize("ﻻ")
    assert nt.text == "لا"
    assert nt.span(0, 2) == (0, 1)


@given(arabic_text)
@settings(max_examples=300, deadline=None)
def test_idempotent(text: str) -> None:
    once = norm(text)
    assert norm(once) == once
    assert normalize(once).text == once


@given(arabic_text)
@settings(max_examples=300, deadline=None)
def test_offset_map_is_monotonic_and_in_range(text: str) -> None:
    nt = normalize(text)
    assert nt.text == norm(text)
    prev = -1
    for i in range(len(nt.text)):
        o = nt.to_original(i)
        assert 0 <= o < len(text)
        assert o >= prev
        prev = o
    assert nt.to_original(len(nt.text)) == len(text)
    for i in range(len(nt.text)):
        s, e = nt.span(i, i + 1)
        # the original code point normalizes to (a string containing) the normalized one
        assert nt.text[i] in norm(text[s:e]) or norm(text[s:e]) == ""
