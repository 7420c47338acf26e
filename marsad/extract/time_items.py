"""Lexical items of a normalized sentence for the time grammar (:mod:`marsad.extract.time_grammar`).

A sentence is cut into words, numbers and punctuation; each word is looked up in the lexicon
(``marsad/data/times/lexicon.toml``), stripping a proclitic (و ف ب ل ك) when the word as written
is unknown, and multi-word entries ("كانون الثاني", "أمس الأول") are joined.

Everything that depends on one token alone -- its readings, its categories, the context lists it
belongs to, the rules that can start at it -- is computed once per distinct token and kept on the
lexicon (word-level memo, emptied past :data:`CACHE_MAX` entries). An :class:`Item` therefore
carries no offsets: it is shared by every occurrence of its token; the offsets of a sentence's
items are computed only when a time was found in it (:func:`token_starts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marsad.extract.time_lexicon import PROCLITICS, Cats, Lexicon

TOKEN_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+|[0-9]+(?:[:./\-][0-9]+)*|[^\s]")
_WORDS_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")
_DIGIT_RE = re.compile(r"[0-9]")
CACHE_MAX = 200_000  # entries per cache before it is emptied
NO_CATS: Cats = {}  # shared by every item without a category: never mutated

# (categories, is a number) -> the rule functions that can start at such an item
Planner = Callable[[Cats, bool], tuple[Any, ...]]


class Item:
    """One word / number / punctuation mark of a sentence, shared by all its occurrences."""

    __slots__ = ("cats", "kind", "lists", "num", "plan", "pre", "shift", "w")

    def __init__(self, w: str, kind: str, cats: Cats, pre: str, num: int | None, shift: int,
                 lists: frozenset[str], plan: tuple[Any, ...]) -> None:
        self.w = w  # normalized word (proclitic removed) / number / punctuation
        self.kind = kind  # "w" | "n" | "p"
        self.cats = cats
        self.pre = pre  # the proclitic removed
        self.num = num  # value of an all-digit number
        self.shift = shift  # characters between the token's start and the item's start
        self.lists = lists  # names of the lexicon's context lists holding ``w``
        self.plan = plan  # rule functions that can start here


PAD = Item("", "p", NO_CATS, "", None, 0, frozenset(), ())
PADDING = 16  # PAD items after the last one: look-ahead and look-behind (negative) need no checks

_Base = tuple[str, str, int, list[tuple[tuple[str, ...], Cats]], Cats]
# a token's memo: phrase attempts in order [(following words, item)], then the item otherwise
_Entry = tuple[tuple[tuple[tuple[str, ...], Item], ...], Item]


def cache(lex: Lexicon, name: str) -> dict[Any, Any]:
    got = lex.cache.get(name)
    if got is None or len(got) > CACHE_MAX:
        got = lex.cache[name] = {}
    return got


def bases(lex: Lexicon, w: str) -> tuple[_Base, ...]:
    """Readings of word ``w`` that the lexicon knows: (base, proclitic, shift, phrases, cats),
    the word as written first, then without a proclitic."""
    cands: list[tuple[str, str, int]] = [(w, "", 0)]
    for p in PROCLITICS:
        if w.startswith(p) and len(w) - len(p) >= 2:
            cands.append((w[len(p):], p, len(p)))
    if w.startswith("لل") and len(w) > 3:
        cands.append(("ال" + w[2:], "ل", 0))
    out: list[_Base] = []
    for base, pre, shift in cands:
        phrases = lex.phrases.get(base, [])
        cats = lex.lookup(base)
        if phrases or cats:
            out.append((base, pre, shift, phrases, cats))
    return tuple(out)


def _starts(lex: Lexicon, w: str, start: frozenset[str]) -> bool:
    """Some reading of word ``w`` has a category in ``start`` (a rule can start at it)."""
    return any(
        any(c in start for c in cats) or any(c in start for _, pc in phrases for c in pc)
        for _, _, _, phrases, cats in bases(lex, w)
    )


def might_have_time(text: str, lex: Lexicon, start: frozenset[str]) -> bool:
    """False when no rule can start anywhere in the normalized ``text`` (no digit and no word
    with a category in ``start``): the sentence can be skipped."""
    if _DIGIT_RE.search(text):
        return True
    starts = cache(lex, "starts")
    for w in _WORDS_RE.findall(text):
        hit = starts.get(w)
        if hit is None:
            hit = starts[w] = _starts(lex, w, start)
        if hit:
            return True
    return False


# A chunk is the text between two spaces. Normalization maps characters one by one and keeps " ",
# and no token spans a space, so a sentence's normalized text, tokens and "might have a time" are
# those of its chunks: each distinct chunk is normalized and cut once (word-level memo).
# [normalized chunk, its tokens, might have a time, normalization kept its length and deleted or
#  expanded nothing, its items (UNSET until a sentence needs them; None when one of its tokens can
#  start a phrase)]
Chunk = list[Any]
UNSET = object()
_IRREGULAR: dict[int, re.Pattern[str]] = {}  # id(table) -> its deleted/expanded characters


def chunks(sub: str, lex: Lexicon, table: dict[int, str | None], start: frozenset[str]) -> list[Chunk]:
    """The memoized chunks of the original ``sub`` (see :data:`Chunk`)."""
    get = lex.cache["chunks"].get if "chunks" in lex.cache else {}.get
    out: list[Chunk] = []
    for c in sub.split(" "):
        got = get(c)
        if got is None:
            got = cache(lex, "chunks")[c] = _chunk(c, lex, table, start)
        out.append(got)
    return out


def irregular(table: dict[int, str | None]) -> re.Pattern[str]:
    """The characters that ``table`` deletes or expands (offsets shift after them)."""
    rx = _IRREGULAR.get(id(table))
    if rx is None:
        rx = _IRREGULAR[id(table)] = re.compile("[" + "".join(
            re.escape(chr(c)) for c, rep in sorted(table.items()) if rep is None or len(rep) != 1
        ) + "]")
    return rx


def _chunk(c: str, lex: Lexicon, table: dict[int, str | None], start: frozenset[str]) -> Chunk:
    nc = c.translate(table)
    return [nc, tuple(TOKEN_RE.findall(nc)), might_have_time(nc, lex, start),
            irregular(table).search(c) is None, UNSET]


def chunk_items(ch: Chunk, lex: Lexicon, planner: Planner) -> tuple[Item, ...] | None:
    """The items of chunk ``ch`` when none of its tokens can start a phrase, else None."""
    got = ch[4]
    if got is UNSET:
        entries = [_memo_entry(lex, planner, w) for w in ch[1]]
        got = ch[4] = None if any(trials for trials, _ in entries) else tuple(item for _, item in entries)
    return got  # type: ignore[no-any-return]


def _memo_entry(lex: Lexicon, planner: Planner, w: str) -> _Entry:
    memo = cache(lex, "tokens")
    got = memo.get(w)
    if got is None:
        got = memo[w] = _entry(lex, planner, w)
    return got  # type: ignore[no-any-return]


def _item(lex: Lexicon, planner: Planner, w: str, kind: str, cats: Cats, pre: str = "",
          num: int | None = None, shift: int = 0) -> Item:
    return Item(w, kind, cats, pre, num, shift, _lists_of(lex).get(w, _NO_LISTS), planner(cats, kind == "n"))


_NO_LISTS: frozenset[str] = frozenset()


def _lists_of(lex: Lexicon) -> dict[str, frozenset[str]]:
    """word -> names of the lexicon's context lists that hold it."""
    got = lex.cache.get("lists_of")
    if got is None:
        inv: dict[str, set[str]] = {}
        for name, words in lex.lists.items():
            for w in words:
                inv.setdefault(w, set()).add(name)
        got = lex.cache["lists_of"] = {w: frozenset(names) for w, names in inv.items()}
    return got  # type: ignore[no-any-return]


def _entry(lex: Lexicon, planner: Planner, w: str) -> _Entry:
    """The memo of token ``w`` (the same choices as reading it in context, phrases last)."""
    first = w[0]
    if first.isdigit():
        num = int(w) if w.isascii() and w.isdigit() else None
        return (), _item(lex, planner, w, "n", NO_CATS, num=num)
    if not ("\u0621" <= first <= "\u06D3"):
        return (), _item(lex, planner, w, "p", lex.lookup(w) or NO_CATS)
    trials: list[tuple[tuple[str, ...], Item]] = []
    for base, pre, shift, phrases, cats in bases(lex, w):
        for words, pcats in phrases:
            trials.append((words[1:], _item(lex, planner, " ".join(words), "w", pcats, pre, shift=shift)))
        if cats:
            return tuple(trials), _item(lex, planner, base, "w", cats, pre, shift=shift)
    return tuple(trials), _item(lex, planner, w, "w", NO_CATS)


def items(toks: list[str], lex: Lexicon, planner: Planner) -> tuple[list[Item], list[int]]:
    """The items of a sentence's tokens, and for each the index of its first token (one more
    entry at the end: the number of tokens)."""
    out: list[Item] = []
    firsts: list[int] = []
    k = 0
    n = len(toks)
    memo = cache(lex, "tokens")
    get = memo.get
    while k < n:
        got = get(toks[k])
        if got is None:
            got = memo[toks[k]] = _entry(lex, planner, toks[k])
        trials, item = got
        firsts.append(k)
        if trials:
            for rest, pitem in trials:
                m = len(rest)
                if k + m < n and all(toks[k + 1 + x] == rest[x] for x in range(m)):
                    item = pitem
                    k += m
                    break
        out.append(item)
        k += 1
    firsts.append(n)
    return out, firsts


def token_starts(text: str, toks: list[str], upto: int) -> list[int]:
    """Start offsets in ``text`` of the tokens ``toks[:upto]`` (as :func:`items` cut them).

    Tokens are cut left to right with only whitespace between two of them, so each one is the
    first occurrence of its string after the end of the one before."""
    out: list[int] = []
    pos = 0
    find = text.find
    for x in range(upto):
        tok = toks[x]
        pos = find(tok, pos)
        out.append(pos)
        pos += len(tok)
    return out
