"""Matching normalization with an offset map back to the original text.

``normalize(text)`` returns a :class:`NormText`: the normalized copy and, for every code point of
the copy, the offset of the original code point it came from. Annotations found on the copy are
mapped back with :meth:`NormText.span`; the original text is never changed.

``norm(word)`` is the fast path for a word whose offsets are not needed (look-ups, lexicons).

The character knowledge is data: ``marsad/data/arabic/charmap.toml``.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "arabic"


@dataclass(frozen=True, slots=True)
class CharMap:
    table: dict[int, str | None]  # for str.translate
    deleted: frozenset[str]
    version: int


def _expansions() -> dict[int, str]:
    """Arabic presentation forms (ligatures, contextual forms) -> their NFKC letters."""
    out: dict[int, str] = {}
    for block in (range(0xFB50, 0xFE00), range(0xFE70, 0xFEFF)):
        for cp in block:
            ch = chr(cp)
            if unicodedata.category(ch) == "Cn":
                continue
            nk = unicodedata.normalize("NFKC", ch).strip()
            if nk and nk != ch:
                out[cp] = nk
    return out


@lru_cache(maxsize=1)
def charmap() -> CharMap:
    with (DATA / "charmap.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    table: dict[int, str | None] = {}
    deleted: set[str] = set()
    # presentation forms first, then our map applied to what they expand to
    mapping = {k: v for k, v in raw["map"].items()}
    for group in raw["delete"].values():
        for ch in group:
            table[ord(ch)] = None
            deleted.add(ch)
    for src, dst in mapping.items():
        table[ord(src)] = dst
    for cp, expanded in _expansions().items():
        if cp in table:
            continue
        table[cp] = "".join(
            (mapping.get(c, c) if c not in deleted else "") for c in expanded
        )
    return CharMap(table=table, deleted=frozenset(deleted), version=int(raw.get("version", 1)))


def norm(text: str) -> str:
    """Normalized form of ``text`` (no offsets). Idempotent: ``norm(norm(t)) == norm(t)``."""
    return text.translate(charmap().table)


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalized copy of ``original`` with ``index[i]`` = original offset of ``text[i]``.

    ``index`` has one extra final entry, ``len(original)``, so that end offsets map too.
    ``index`` is ``None`` when the copy is aligned one-to-one with the original.
    """

    original: str
    text: str
    index: tuple[int, ...] | None

    def to_original(self, pos: int) -> int:
        """Original offset of normalized offset ``pos`` (0 <= pos <= len(text))."""
        if self.index is None:
            return pos
        return self.index[pos]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalized span ``[start, end)``."""
        if self.index is None:
            return start, end
        if end <= start:
            s = self.index[start]
            return s, s
        # end maps to just after the last original code point of the span
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str) -> NormText:
    """Normalize ``text`` on a copy, with the offset map back to it."""
    table = charmap().table
    out = text.translate(table)
    if len(out) == len(text):
        # Same length: aligned one-to-one unless deletions and expansions cancel out.
        if all(len(v or "") == 1 for v in (table.get(ord(c), c) for c in set(text) if ord(c) in table)):
            return NormText(original=text, text=out, index=None)
    index: list[int] = []
    pieces: list[str] = []
    get = table.get
    for i, ch in enumerate(text):
        rep = get(ord(ch), ch)
        if rep is None or rep == "":
            continue
        if len(rep) == 1:
            pieces.append(rep)
            index.append(i)
        else:
            pieces.append(rep)
            index.extend([i] * len(rep))
    index.append(len(text))
    return NormText(original=text, text="".join(pieces), index=tuple(index))
