"""Longest-match phrase look-up over tokens, clitic-aware.

Lexicons are written in ordinary spelling; ``PhraseMatcher`` normalizes them and matches word by
word against tokens' normalized forms, accepting either the whole word or its clitic-stripped base
("لمقتل" matches "مقتل", "وأصيب" matches "أصيب"). Offsets come from the tokens, so matches point
into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from marsad.arabic.normalize import norm
from marsad.arabic.tokenize import Token

T = TypeVar("T")


@lru_cache(maxsize=100_000)
def _norm(s: str) -> str:
    return norm(s)


def forms(tok: Token) -> tuple[str, str]:
    """(normalized word, normalized base without clitics) of a token."""
    if tok.base_start == tok.start and tok.base_end == tok.end:
        return tok.norm, tok.norm
    return tok.norm, _norm(tok.base)


def bare(tok: Token) -> str:
    """Normalized base without clitics and without the article: "والمباحثات" -> "مباحثات"."""
    base = forms(tok)[1]
    if tok.det and base.startswith("ال") and len(base) > 3:
        return base[2:]
    if tok.det and base.startswith("ل") and len(base) > 2:  # لل + noun: base is "لمرحلة"
        return base[1:]
    return base


def _candidates(tok: Token) -> tuple[str, ...]:
    if tok.base_start == tok.start and tok.base_end == tok.end and not tok.det:
        return (tok.norm,)  # no clitics, no article: the word is its only form
    return _candidates_of(tok.norm, tok.text, tok.base_start - tok.start, tok.base_end - tok.start, tok.det)


@lru_cache(maxsize=200_000)
def _candidates_of(norm_word: str, text: str, b0: int, b1: int, det: bool) -> tuple[str, ...]:
    full = norm_word
    base = _norm(text[b0:b1]) if (b0, b1) != (0, len(text)) else full
    if det and base.startswith("ال") and len(base) > 3:
        b = base[2:]
    elif det and base.startswith("ل") and len(base) > 2:
        b = base[1:]
    else:
        b = base
    out = [full]
    if base != full:
        out.append(base)
    if b != base:
        out.append(b)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    start_token: int  # index into the token list
    end_token: int  # exclusive
    start: int  # original offsets (base of the first token .. end of the last token's base)
    end: int
    value: T


class PhraseMatcher(Generic[T]):
    def __init__(self, phrases: Mapping[str, T] | Iterable[tuple[str, T]]) -> None:
        items = phrases.items() if isinstance(phrases, Mapping) else phrases
        index: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, value in items:
            words = tuple(norm(phrase).split())
            if not words:
                continue
            index.setdefault(words[0], []).append((words[1:], value))
        for lst in index.values():
            lst.sort(key=lambda x: len(x[0]), reverse=True)
        self._index = index

    def __contains__(self, word: str) -> bool:
        return word in self._index

    def first_words(self) -> frozenset[str]:
        """The normalized words phrases start with (a token can start a match only when one of
        its forms, see :func:`starts_at`, is one of them)."""
        return frozenset(self._index)

    def starts_at(self, tok: Token) -> bool:
        """Whether some phrase may start at ``tok`` (:meth:`match_at` is ``None`` otherwise)."""
        index = self._index
        if tok.base_start == tok.start and tok.base_end == tok.end and not tok.det:
            return tok.norm in index
        return any(c in index for c in _candidates(tok))

    def match_at(self, toks: Sequence[Token], i: int, *, end: int | None = None) -> Match[T] | None:
        """The longest phrase starting at token ``i`` (not crossing token index ``end``)."""
        stop = len(toks) if end is None else end
        tok = toks[i]
        if tok.base_start == tok.start and tok.base_end == tok.end and not tok.det:
            if tok.norm not in self._index:
                return None  # the fast path of most tokens: a bare word no phrase starts with
            cands_first: tuple[str, ...] = (tok.norm,)
        else:
            cands_first = _candidates(tok)
        full = cands_first[0]
        for first in cands_first:
            cands = self._index.get(first)
            if not cands:
                continue
            for rest, value in cands:
                j = i + 1
                ok = True
                for w in rest:
                    if j >= stop:
                        ok = False
                        break
                    if w not in _candidates(toks[j]):
                        ok = False
                        break
                    j += 1
                if ok:
                    start = toks[i].start if first == full else toks[i].base_start
                    last = toks[j - 1]
                    end_off = last.base_end if rest else (toks[i].end if first == full else toks[i].base_end)
                    return Match(i, j, start, end_off, value)
        return None

    def find_all(self, toks: Sequence[Token], lo: int = 0, hi: int | None = None) -> list[Match[T]]:
        """Non-overlapping longest matches, left to right, in tokens[lo:hi]."""
        hi = len(toks) if hi is None else hi
        out: list[Match[T]] = []
        index = self._index
        i = lo
        while i < hi:
            tok = toks[i]
            if tok.base_start == tok.start and tok.base_end == tok.end and not tok.det and tok.norm not in index:
                i += 1  # match_at's fast exit, without the call
                continue
            m = self.match_at(toks, i, end=hi)
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.end_token
        return out
