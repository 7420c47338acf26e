"""The ``arabic`` stage: paragraphs, sentences and clitic-aware tokens of the document."""

from __future__ import annotations

from collections.abc import Callable

from marsad.arabic.segment import segment
from marsad.arabic.tokenize import tokenize
from marsad.document import Document
from marsad.pipeline import register

VERSION = "1"


@register("arabic", version=VERSION, needs=("text",), adds=("paragraphs", "sentences", "tokens"))
def make_arabic_stage(*, tokens: bool = True) -> Callable[[Document], Document]:
    """Segment the article into paragraphs and sentences and tokenize it (clitics split)."""

    def run(doc: Document) -> Document:
        doc.paragraphs, doc.sentences = segment(doc.text, title=doc.title)
        if tokens:
            doc.tokens = tokenize(doc.text)
        if doc.language is None:
            doc.language = detect_language(doc.text)
        return doc

    return run


def detect_language(text: str) -> str | None:
    """"ar" when Arabic letters dominate the letters of ``text``, "en"/"other" otherwise."""
    sample = text[:5000]
    arabic = latin = other = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            arabic += 1
        elif o < 0x250:
            latin += 1
        else:
            other += 1
    total = arabic + latin + other
    if total == 0:
        return None
    if arabic / total >= 0.5:
        return "ar"
    if latin / total >= 0.5:
        return "en"
    return "other"
