"""Clitic-segmented Arabic ("و قال ... ب الحجارة") is tokenized as the same text written normally.

The sentences here are written for these tests (not from any corpus).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.detached import is_segmented
from marsad.arabic.normalize import norm
from marsad.arabic.tokenize import tokenize, tokenize_words

NORMAL = "وقال الوزير للصحافيين إن حكومته ستبدأ بإعادة بناء المدارس التي هدمها الزلزال وبالتعاون مع جيرانها"
SEGMENTED = "و قال الوزير ل الصحافيين إن حكومة ه س تبدأ ب إعادة بناء المدارس التي هدم ها الزلزال و ب التعاون مع جيران ها"


def _by_text(text: str) -> dict[str, object]:
    return {text[t.start : t.end]: t for t in tokenize(text)}


def _reading(text: str) -> list[tuple[str, bool, str]]:
    """(normalized word, article, normalized base without a leading article) of each Arabic token."""
    out = []
    for t in tokenize(text):
        if t.kind != "ar":
            continue
        b = norm(t.base)
        if t.det:  # لل: the normal spelling's base is "لصحافيين", the segmented one's "الصحافيين"
            b = b[2:] if b.startswith("ال") else b[1:]
        if t.base_end < t.end and b.endswith("ت"):  # حكومته: the base as written joined is "حكومت"
            b = b[:-1] + "ه"
        out.append((t.norm, t.det, b))
    return out


def test_joined_tokens_point_into_the_original() -> None:
    toks = _by_text(SEGMENTED)
    t = toks["ب إعادة"]
    assert SEGMENTED[t.start : t.end] == "ب إعادة"
    assert len(t.text) == t.end - t.start  # relative offsets into the token still hold
    assert t.base == "إعادة" and SEGMENTED[t.base_start : t.base_end] == "إعادة"
    assert t.base_start == SEGMENTED.index("ب إعادة") + 2
    assert t.norm == norm("بإعادة")
    # several proclitics and the article
    t = toks["و ب التعاون"]
    assert SEGMENTED[t.base_start : t.base_end] == "التعاون" and t.det and t.norm == norm("وبالتعاون")
    # an enclitic after its host; ta marbuta is written ت before it
    t = toks["حكومة ه"]
    assert t.norm == norm("حكومته") and SEGMENTED[t.base_start : t.base_end] == "حكومة"
    # ل + the article is written لل
    assert toks["ل الصحافيين"].norm == norm("للصحافيين")
    # the future prefix
    assert toks["س تبدأ"].norm == norm("ستبدأ") and norm(toks["س تبدأ"].base) == norm("ستبدأ")


def test_segmented_reads_as_normal() -> None:
    assert is_segmented(SEGMENTED, tokenize_words(SEGMENTED))
    assert _reading(SEGMENTED) == _reading(NORMAL)
    before = [t for t in tokenize_words(SEGMENTED) if t.kind == "ar"]
    assert len(before) > len(_reading(SEGMENTED))  # the joining did something


def test_more_synthetic_pairs() -> None:
    pairs = [
        ("و أكد المتحدث أن ه س يلتقي نظير ه في القاهرة", "وأكد المتحدث أنه سيلتقي نظيره في القاهرة"),
        ("ف قد رشق المحتجون الشرطة ب الحجارة و أحرقوا سيارات هم", "فقد رشق المحتجون الشرطة بالحجارة وأحرقوا سياراتهم"),
        ("و ل ذلك طالب ت الحكومة ب الإفراج عن هم", "ولذلك طالبت الحكومة بالإفراج عنهم"),
    ]
    for seg, normal in pairs[:2]:
        # words and articles agree; bases may not: a detached clitic is explicit where our splitter
        # keeps a word whole ("فقد", "وأحرقوا" with an unknown stem)
        assert [r[:2] for r in _reading(seg)] == [r[:2] for r in _reading(normal)], seg
    # "طالب ت" (a split verb ending) is not a pronoun: it stays two tokens, the rest is joined
    seg = pairs[2][0]
    words = [seg[t.start : t.end] for t in tokenize(seg)]
    assert "و ل ذلك" in words and "ب الإفراج" in words and "عن هم" in words and "ت" in words


def test_lone_letters_that_are_not_clitics_stay() -> None:
    for text in (
        "بيروت ( ا ف ب ) - قال مسؤول",  # agency dateline: ب before a bracket
        "س: ما رأيك؟ ج: لا تعليق",  # interview question mark
        "بلغ السعر 100 ل.س للكيلو",  # Syrian pound
        "توفي عام 1430 هـ في مكة",  # hijri year
    ):
        assert tokenize(text) == tokenize_words(text), text


def test_normal_text_with_a_detached_waw_is_unchanged() -> None:
    text = "قال الرئيس و هو في طريقه إلى المطار إن المحادثات كانت مثمرة " + "وإن الجانبين اتفقا على مواصلتها " * 5
    assert tokenize(text) == tokenize_words(text)
    # pronouns and words that look like enclitics stay words outside segmented text
    text = "قالوا إنهم هم من بدأ الحوار كما قال وزير الخارجية كم مرة التقى نظيره"
    assert tokenize(text) == tokenize_words(text)


def test_short_segmented_sentence_with_only_a_lone_waw() -> None:
    text = "و من المتوقع ان يعلن الوزير عن الاتفاق يوم الاثنين ."
    assert [text[t.start : t.end] for t in tokenize(text)][0] == "و من"
    long_text = text[2:] + " " + "وقال إن الاتفاق سيوقع في العاصمة خلال الأسبوع المقبل " * 4
    assert tokenize("و " + long_text) == tokenize_words("و " + long_text)  # one و in 40+ words


def test_definite_host_takes_no_enclitic() -> None:
    text = "و قال ل الصحافيين إن الشركتين المستثمرتين هما شركة ب بيروت و شركة ب دمشق"
    words = [text[t.start : t.end] for t in tokenize(text)]
    assert "المستثمرتين" in words and "هما" in words


# Words of normal running text: with clitics attached, pronouns and particles that look like
# enclitics (هم، كما، كم، ي), single letters, numbers, Latin, punctuation -- no lone ب/ل/ف/س/و and
# no lone ه/ها, the forms that signal detached clitics.
NORMAL_WORDS = [
    "وقال", "الوزير", "للصحافيين", "بإسطنبول", "وتركيا", "حكومته", "سيلتقي", "هم", "هما", "كما", "كم",
    "ك", "ي", "نا", "هـ", "1430", "٣", "Reuters", "،", ".", "(", ")", "«", "»", "ج", "د", "أ", "هو", "في",
    "مُحَمَّدٌ", "مـــصـر", "وبالتعاون", "عنهم", "إليه", "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NORMAL_WORDS), max_size=80), st.sampled_from([" ", "  ", "\t", " \u200f"]))
def test_text_without_lone_clitics_is_tokenized_as_before(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert tokenize(text) == tokenize_words(text)
