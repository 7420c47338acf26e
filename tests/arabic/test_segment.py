from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.segment import dateline, quoted_spans, segment
from tests.strategies import arabic_article


def test_seed_paragraphs(seed_text: str) -> None:
    paras, sents = segment(seed_text)
    kinds = [p.kind for p in paras]
    assert kinds.count("body") == 11
    assert kinds[0] == "title"
    assert kinds[-1] == "byline" and seed_text[paras[-1].start : paras[-1].end] == "العربية"
    heads = [seed_text[p.start : p.end] for p in paras if p.kind == "headline"]
    assert heads == ["حماس", "حماس", "تنسيق للمرحلة المقبلة", "اجتماع ميامي", "ترتيبات حكم غزة"]
    body = [s for s in sents if s.kind == "body"]
    # each body paragraph of the seed is one sentence ending with a period
    assert len(body) == 11
    assert all(seed_text[s.end - 1] == "." for s in body)


def test_seed_quotes(seed_text: str) -> None:
    q = [seed_text[r.start : r.end] for r in quoted_spans(seed_text)]
    assert "المرحلة الثانية ركزت على الترتيبات الضرورية لضمان إدارة غزة من قبل سكانها" in q
    assert q.count("المصادر") == 2 and "رويترز" in q and "إكس" in q and q.count("كيشيلي") == 2


def test_sentence_split_rules() -> None:
    text = "قال د. محمد إن 3.5 مليون «شخص. زاروا» المكان. وأضاف: هل ترى؟ نعم! انتهى"
    _, sents = segment(text)
    got = [text[s.start : s.end] for s in sents]
    assert got == [
        "قال د. محمد إن 3.5 مليون «شخص. زاروا» المكان.",
        "وأضاف: هل ترى؟",
        "نعم!",
        "انتهى",
    ]


def test_stray_quote_does_not_swallow_paragraph() -> None:
    text = "قال «المسؤول إن " + "كلمة " * 200 + ". ثم جملة أخرى. وثالثة."
    _, sents = segment(text)
    assert len(sents) >= 2


def test_datelines() -> None:
    for text, head in [
        ("الرياض - واس: أعلن وزير الخارجية عن زيارة.", "الرياض - واس:"),
        ("(د ب أ) - أعلن اتحاد الصناعة عن خطة.", "(د ب أ) -"),
        ("القاهرة – «الشرق الأوسط»: قال مسؤول إن الوضع هادئ.", "القاهرة – «الشرق الأوسط»:"),
    ]:
        end = dateline(text, 0, len(text))
        assert text[:end].strip() == head
        _, sents = segment("عنوان الخبر\n" + text)
        assert [s.kind for s in sents][:2] == ["title", "dateline"]
    assert dateline("(مثال) هذا ليس سطر تاريخ.", 0, 25) == 0


@given(arabic_article)
@settings(max_examples=200, deadline=None)
def test_segments_are_ordered_and_in_range(text: str) -> None:
    paras, sents = segment(text)
    prev = 0
    for s in sents:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= prev
        assert text[s.start : s.end].strip() == text[s.start : s.end]
        prev = s.end
    for p in paras:
        assert text[p.start : p.end].strip()


def _sentences_by_char(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """sentences_of as it was written before it skipped between marks: one character at a time."""
    from marsad.arabic.segment import MAX_QUOTE, _is_abbreviation, punct

    pd = punct()
    out: list[tuple[int, int]] = []
    s = i = start
    stack: list[tuple[str, int]] = []
    while i < end:
        ch = text[i]
        if stack and ch == stack[-1][0]:
            stack.pop()
        elif ch in pd.quotes and not (ch == '"' and stack and stack[-1][0] == '"'):
            stack.append((pd.quotes[ch], i))
        elif ch in pd.finals:
            if stack and i - stack[-1][1] > MAX_QUOTE:
                stack.clear()
            j = i + 1
            while j < end and (text[j] in pd.finals or text[j] in pd.closers):
                if stack and text[j] == stack[-1][0]:
                    stack.pop()
                j += 1
            at_break = j >= end or text[j].isspace()
            if (
                at_break
                and not stack
                and not (ch == "." and _is_abbreviation(text, i, s))
                and not (ch == "." and i > start and text[i - 1].isdigit() and j < end and text[j + 1 : j + 2].isdigit())
            ):
                out.append((s, j))
                k = j
                while k < end and text[k].isspace():
                    k += 1
                s = i = k
                continue
            i = j
            continue
        i += 1
    if s < end:
        tail = text[s:end].rstrip()
        if tail:
            out.append((s, s + len(tail)))
    return out


def _quoted_by_char(text: str) -> list[tuple[int, int]]:
    """quoted_spans as it was written before it skipped between marks."""
    from marsad.arabic.segment import MAX_QUOTE, punct

    pd = punct()
    out: list[tuple[int, int]] = []
    i, end = 0, len(text)
    while i < end:
        closer = pd.quotes.get(text[i])
        if closer is None:
            i += 1
            continue
        opener, j, depth, found = text[i], i + 1, 0, -1
        while j < end and j - i <= MAX_QUOTE:
            c = text[j]
            if c == closer and depth == 0:
                found = j
                break
            if c == opener and opener != closer:
                depth += 1
            elif c == closer:
                depth -= 1
            elif c == "\n":
                break
            j += 1
        if found > i + 1:
            out.append((i + 1, found))
            i = found + 1
        else:
            i += 1
    return out


_MARKS = "«»“”„\"‹›.!?؟…۔)]' \nدم3ab"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MARKS, max_size=300) | arabic_article)
def test_mark_skipping_scans_match_the_character_scans(text: str) -> None:
    from marsad.arabic.segment import sentences_of

    assert sentences_of(text, 0, len(text)) == _sentences_by_char(text, 0, len(text))
    assert [(r.start, r.end) for r in quoted_spans(text)] == _quoted_by_char(text)


def test_long_open_quote_is_stray_in_both_scans() -> None:
    from marsad.arabic.segment import MAX_QUOTE, sentences_of

    for n in (MAX_QUOTE - 2, MAX_QUOTE - 1, MAX_QUOTE, MAX_QUOTE + 1):
        text = "«" + "ب" * n + "» جملة. وأخرى «" + "ت. " * n
        assert sentences_of(text, 0, len(text)) == _sentences_by_char(text, 0, len(text))
        assert [(r.start, r.end) for r in quoted_spans(text)] == _quoted_by_char(text)
