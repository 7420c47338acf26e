"""Token-level view used by the quotes stage: matching forms, punctuation and entity look-ups.

``TokenView`` wraps ``doc.tokens`` with, for every token, the normalized forms under which it
may match a lexicon word (the whole word, without a و/ف conjunction, its base without clitics,
and those without the article ال), and answers the few questions the quote finder asks:
is this a comma, a quote mark, a cue, a word of this set; which entities overlap this stretch.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from marsad.arabic.normalize import norm
from marsad.arabic.segment import punct
from marsad.arabic.tokenize import Token
from marsad.document import Document, Entity
from marsad.extract.quote_lexicon import Cue, QuoteLexicon

COMMAS = frozenset({",", "،", "؛", ";"})
FINALS = frozenset({".", "!", "?", "؟", "…"})
COLONS = frozenset({":"})


def _forms(tok: Token) -> tuple[str, ...]:
    n = tok.norm
    out = [n]
    if len(n) > 2 and n[0] in "وفلب":
        out.append(n[1:])
    if tok.base_start != tok.start or tok.base_end != tok.end:
        b = norm(tok.base)
        if b and b not in out:
            out.append(b)
    for f in list(out):
        if f.startswith("ال") and len(f) > 4:
            out.append(f[2:])
        elif f.startswith("لل") and len(f) > 4:
            out.append(f[2:])
    return tuple(out)


class TokenView:
    """Tokens of one document with cached matching forms."""

    __slots__ = ("doc", "lex", "toks", "starts", "_forms", "_mentions", "_mention_starts", "opens", "closes")

    def __init__(self, doc: Document, lex: QuoteLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.toks: list[Token] = list(doc.tokens)
        self.starts = [t.start for t in self.toks]
        self._forms: list[tuple[str, ...] | None] = [None] * len(self.toks)
        pd = punct()
        self.opens = frozenset(pd.quotes)
        self.closes = frozenset(pd.quotes.values())
        mentions: list[tuple[int, int, Entity]] = []
        for ent in doc.entities:
            for m in ent.mentions:
                mentions.append((m.start, m.end, ent))
        mentions.sort(key=lambda x: (x[0], x[1]))
        self._mentions = mentions
        self._mention_starts = [m[0] for m in mentions]

    # -- tokens -----------------------------------------------------------------------------
    def forms(self, i: int) -> tuple[str, ...]:
        f = self._forms[i]
        if f is None:
            f = _forms(self.toks[i])
            self._forms[i] = f
        return f

    def has(self, i: int, words: frozenset[str]) -> bool:
        return any(f in words for f in self.forms(i))

    def norm(self, i: int) -> str:
        return self.toks[i].norm

    def is_word(self, i: int) -> bool:
        return self.toks[i].kind != "punct"

    def is_comma(self, i: int) -> bool:
        return self.toks[i].kind == "punct" and self.toks[i].text in COMMAS

    def is_final(self, i: int) -> bool:
        return self.toks[i].kind == "punct" and self.toks[i].text in FINALS

    def is_colon(self, i: int) -> bool:
        return self.toks[i].kind == "punct" and self.toks[i].text in COLONS

    def is_mark(self, i: int) -> bool:
        t = self.toks[i]
        return t.kind == "punct" and (t.text in self.opens or t.text in self.closes or t.text in "()[]")

    def cue(self, i: int) -> Cue | None:
        t = self.toks[i]
        if t.kind != "ar":
            return None
        cues = self.lex.cues
        n = t.norm
        c = cues.get(n)
        if c is None and len(n) > 3 and n[0] in "وف":
            c = cues.get(n[1:])
        return c

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def range_of(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    # -- entities ---------------------------------------------------------------------------
    def entities_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Entity mentions overlapping ``[start, end)``, in text order."""
        if not self._mentions:
            return []
        hi = bisect_right(self._mention_starts, end - 1)
        return [m for m in self._mentions[:hi] if m[1] > start]

