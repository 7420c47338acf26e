"""Tokenization with clitic splitting that keeps offsets into the original text.

``tokenize(text)`` returns orthographic words (:class:`Token`) with their offsets, normalized form
and clitic analysis: ``base_start``/``base_end`` delimit the word without proclitics and
enclitic, in original offsets -- for "وتركيا" at 10, the token spans [10, 16) and its base
"تركيا" spans [11, 16). ``segments(text)`` gives the flat list of clitic-level pieces
(و / تركيا) as :class:`Piece` objects.

Diacritics, tatweel and zero-width marks inside a word stay inside the token's span; the offset
arithmetic skips them.

A clitic written apart ("ب إسطنبول", "يملك ها") is joined to its word: one token spanning both,
whose ``text`` is the original span with the space written as tatweel (same length, so offsets
relative to the token hold) and whose ``norm`` is the word as written joined
(:mod:`marsad.arabic.detached`). For every other token ``text == original[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.clitics import split
from marsad.arabic.detached import join_detached
from marsad.arabic.normalize import charmap, norm

_AR_LETTER = "\u0621-\u063A\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF\uFB50-\uFDFF\uFE70-\uFEFC"
_AR_MARK = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C\u200D"
_DIGIT = "0-9\u0660-\u0669\u06F0-\u06F9"

TOKEN_RE = re.compile(
    rf"(?P<ar>[{_AR_LETTER}](?:[{_AR_LETTER}{_AR_MARK}]*[{_AR_LETTER}{_AR_MARK}])?)"
    rf"|(?P<num>[{_DIGIT}]+(?:[.,\u066B\u066C:/][{_DIGIT}]+)*)"
    rf"|(?P<lat>[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F0-9'\-]*[A-Za-z\u00C0-\u024F0-9])?)"
    r"|(?P<punct>[^\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u061C\u00AD])"
)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str
    kind: str  # "ar" | "num" | "lat" | "punct"
    base_start: int
    base_end: int
    det: bool = False

    @property
    def base(self) -> str:
        """The word without clitics, as in the original text."""
        return self.text[self.base_start - self.start : self.base_end - self.start]

    @property
    def has_clitics(self) -> bool:
        return self.base_start != self.start or self.base_end != self.end


@dataclass(slots=True)
class Piece:
    """A clitic-level segment: a proclitic, a stem or an enclitic."""

    start: int
    end: int
    text: str
    role: str  # "proclitic" | "stem" | "enclitic"


@lru_cache(maxsize=1)
def _deleted() -> frozenset[str]:
    return charmap().deleted


@lru_cache(maxsize=1)
def _deleted_chars() -> str:
    return "".join(sorted(_deleted()))


def _advance(word: str, letters: int) -> int:
    """Original code points covering the first ``letters`` normalized letters of ``word``."""
    deleted = _deleted()
    seen = 0
    i = 0
    n = len(word)
    while i < n and seen < letters:
        if word[i] not in deleted:
            seen += 1
        i += 1
    # marks attached to the last counted letter belong to it
    while i < n and word[i] in deleted:
        i += 1
    return i


def _retreat(word: str, letters: int) -> int:
    """Offset (from the start of ``word``) where the last ``letters`` normalized letters begin."""
    deleted = _deleted()
    seen = 0
    i = len(word)
    while i > 0 and seen < letters:
        i -= 1
        if word[i] not in deleted:
            seen += 1
    return i


@lru_cache(maxsize=200_000)
def _analyse(word: str) -> tuple[str, int, int, bool]:
    """(norm, base offset from start, base end offset from start, det) of an Arabic word."""
    n = norm(word)
    sp = split(n, final_ta=word.rstrip(_deleted_chars()).endswith("\u0629"))
    if not sp.pre and not sp.suf:
        return n, 0, len(word), sp.det
    if len(n) == len(word):
        return n, sp.pre, len(word) - sp.suf, sp.det
    b0 = _advance(word, sp.pre) if sp.pre else 0
    b1 = _retreat(word, sp.suf) if sp.suf else len(word)
    return n, b0, b1, sp.det


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    Clitics written apart from their word ("ب إسطنبول", "يملك ها", clitic-segmented corpora) are
    joined to it as one token (:func:`marsad.arabic.detached.join_detached`); text without a lone
    ب/ل/ف/س before a word or a lone ه/ها after one is tokenized exactly as :func:`tokenize_words`.
    """
    return join_detached(text, tokenize_words(text, start, end))


def tokenize_words(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` as written, each clitic written apart its own token."""
    out: list[Token] = []
    append = out.append
    analyse = _analyse
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        kind = m.lastgroup or "punct"
        s, e = m.span()
        w = m.group()
        if kind == "ar":
            n, b0, b1, det = analyse(w)
            append(Token(s, e, w, n, kind, s + b0, s + b1, det))
        else:
            append(Token(s, e, w, norm(w) if kind != "lat" else w, kind, s, e, False))
    return out


def iter_pieces(tokens: list[Token]) -> Iterator[Piece]:
    for t in tokens:
        if t.base_start > t.start:
            # each proclitic letter is its own piece (و / ب): split the prefix at letter boundaries
            prefix = t.text[: t.base_start - t.start]
            pos = t.start
            deleted = _deleted()
            i = 0
            while i < len(prefix):
                j = i + 1
                while j < len(prefix) and prefix[j] in deleted:
                    j += 1
                yield Piece(pos + i, pos + j, prefix[i:j], "proclitic")
                i = j
        yield Piece(t.base_start, t.base_end, t.text[t.base_start - t.start : t.base_end - t.start], "stem")
        if t.base_end < t.end:
            yield Piece(t.base_end, t.end, t.text[t.base_end - t.start :], "enclitic")


def segments(text: str) -> list[Piece]:
    """Clitic-level pieces of ``text`` (ATB-like D3 segmentation without morphology)."""
    return list(iter_pieces(tokenize(text)))
