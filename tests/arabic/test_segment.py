from __future__ import annotations

from hypothesis import given, settings

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
