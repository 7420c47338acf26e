"""The ``times`` stage: Arabic time expressions with TIMEX3 values resolved against ``published``.

Each sentence is normalized on a copy (the character map of ``marsad.arabic.normalize``) and
parsed by :mod:`marsad.extract.time_grammar` with the lexicon of ``marsad/data/times/lexicon.toml``;
spans are mapped back past the characters normalization deleted or expanded, so
``doc.text[t.start:t.end] == t.text`` always holds. Word-level work (normalizing and cutting a
space-separated chunk, reading a token in the lexicon) is memoized per distinct word
(:mod:`marsad.extract.time_items`); nothing is cached per sentence or per expression.
See :mod:`marsad.extract.time_grammar` for the value conventions and resolution choices.

Public helpers:

- :func:`find_times` -- the expressions of a text (no Document needed);
- :func:`normalize_expression` -- the value of one expression (used by the benchmark);
- :func:`clause_date` -- for the events stage: the day a trigger/clause refers to, with a
  confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from marsad.arabic.normalize import charmap, norm
from marsad.document import Document, Time
from marsad.errors import BadDateError
from marsad.extract.time_grammar import Match, Parser, chunk_items, chunks, items, might_have_time
from marsad.extract.time_items import TOKEN_RE, UNSET, Item, irregular, token_starts
from marsad.extract.time_lexicon import Lexicon, load_lexicon
from marsad.pipeline import register
from marsad.timeutil import check_date

VERSION = "1"
STAGE = f"times@{VERSION}"

# confidences given by clause_date
CONF_GOVERNING = 0.9  # a time right after the trigger, or before it in the same clause
CONF_SENTENCE = 0.7  # another time in the same sentence
CONF_PUBLISHED = 0.5  # no time in the sentence: the publication date
AFTER_TOKENS = 6  # "a few tokens" after the trigger
PUB_YEARS = (1000, 9000)  # publication dates outside these years resolve nothing
_CLAUSE_BREAK = re.compile(r"[،,;؛:.!?؟\n«»\"“”()]")
_WORD = re.compile(r"\S+")
_TRAILING_MARK = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_WHEN_RE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?=$|T|/)")
_LAST_WORD = re.compile(r"([\u0600-\u06FF]+)[^\u0600-\u06FF]*$")


def _pub_date(published: str | dt.date | None) -> dt.date | None:
    """The publication date, or None when missing, malformed or outside :data:`PUB_YEARS`."""
    if published is None or published == "":
        return None
    if isinstance(published, str):
        return _pub_date_str(published)
    try:
        day = dt.date.fromisoformat(check_date(published))
    except BadDateError:
        return None
    return day if PUB_YEARS[0] <= day.year <= PUB_YEARS[1] else None


_TABLE = charmap().table  # normalization (marsad.arabic.normalize.norm) as a translate table
_IRREGULAR = irregular(_TABLE)  # characters that normalization deletes or expands


def _original_span(sub: str, a: int, b: int) -> tuple[int, int]:
    """Offsets in ``sub`` of the span ``[a, b)`` of its normalized copy (``b > a``): the same as
    ``normalize(sub).span(a, b)``, from the deleted/expanded characters alone."""
    last = b - 1
    ra = rb = -1
    pos_o = pos_n = 0  # an original offset and the normalized offset it maps to
    for m in _IRREGULAR.finditer(sub):
        o = m.start()
        at = pos_n + (o - pos_o)  # normalized offset of the irregular character
        if ra < 0 and a < at:
            ra = pos_o + (a - pos_n)
        if last < at:
            rb = pos_o + (last - pos_n)
            break
        rep = _TABLE.get(ord(sub[o]))
        width = len(rep) if rep else 0
        if ra < 0 and a < at + width:
            ra = o
        if last < at + width:
            rb = o
            break
        pos_n, pos_o = at + width, o + 1
    if ra < 0:
        ra = pos_o + (a - pos_n)
    if rb < 0:
        rb = pos_o + (last - pos_n)
    return ra, rb + 1


@lru_cache(maxsize=4096)
def _pub_date_str(published: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(check_date(published))
    except BadDateError:
        return None
    return day if PUB_YEARS[0] <= day.year <= PUB_YEARS[1] else None


def find_times(
    text: str,
    *,
    published: str | dt.date | None = None,
    spans: Iterable[tuple[int, int]] | None = None,
    lexicon: str | None = None,
    standalone: bool = False,
    problems: list[str] | None = None,
) -> list[Time]:
    """Time expressions of ``text`` (within ``spans``, e.g. sentences; else each line).

    ``standalone``: each span is known to be a time expression, so a bare year ("2014"), month
    name ("تموز") or unit ("شهر") at its start is accepted without the context normally required.
    A sentence the parser fails on is skipped (never raised) and noted in ``problems`` if given.
    """
    if not isinstance(text, str) or not text:
        return []
    lex = load_lexicon(lexicon)
    pub = _pub_date(published)
    if spans is None:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out: list[Time] = []
    for s, e in spans:
        if 0 <= s < e <= len(text):
            _scan(text, s, e, lex, pub, standalone, problems, out)
    return out


def _scan(text: str, s: int, e: int, lex: Lexicon, pub: dt.date | None, standalone: bool,
          problems: list[str] | None, out: list[Time]) -> None:
    """Append the times of ``text[s:e]`` (one sentence) to ``out``."""
    sub = text[s:e]
    firsts: list[int] | range
    ntext: str | None = None
    if standalone:
        # a short span known to be a time expression: its chunks are memoized (normalized text,
        # tokens, items when no token of them can start a phrase)
        parts = chunks(sub, lex, _TABLE)
        toks: list[str] = []
        its: list[Item] = []
        direct = aligned = True
        for part in parts:
            toks += part[1]
            if not part[3]:
                aligned = False
            if direct:
                pitems = part[4] if part[4] is not UNSET else chunk_items(part, lex)
                if pitems is None:
                    direct = False
                else:
                    its += pitems
        if direct:
            firsts = range(len(its) + 1)  # item x is token x
        else:
            its, firsts = items(toks, lex)
    else:
        # a sentence: normalized whole (one C call), skipped when no rule can start in it
        ntext = sub.translate(_TABLE)  # = norm(sub)
        if not might_have_time(ntext, lex):
            return
        toks = TOKEN_RE.findall(ntext)
        its, firsts = items(toks, lex)
        aligned = len(ntext) == len(sub) and not _IRREGULAR.search(sub)
    if not its:
        return
    try:
        found = Parser(its, lex, pub, standalone).run()
    except (OverflowError, ValueError, TypeError, IndexError, KeyError) as exc:
        # calendar arithmetic off the ends of the calendar, or a parser bug: never let one
        # sentence break the document
        if problems is not None:
            problems.append(f"times: sentence [{s},{e}) skipped ({type(exc).__name__}: {exc})")
        return
    if not found:
        return
    # the offset map, only for sentences with a time, and only when normalization changed
    # the length or deleted/expanded something
    if ntext is None:
        ntext = " ".join([p[0] for p in parts])  # = norm(sub)
    m0 = found[0]
    if len(found) == 1 and m0.i == 0 and firsts[m0.j] == len(toks):
        # the whole sentence (the usual case of a standalone expression): no token walk
        _emit(text, sub, s, e, aligned, len(ntext) - len(ntext.lstrip()) + its[0].shift,
              len(ntext.rstrip()), m0, out)
        return
    starts = token_starts(ntext, toks, firsts[found[-1].j])
    for m in found:
        last = firsts[m.j] - 1
        _emit(text, sub, s, e, aligned, starts[firsts[m.i]] + its[m.i].shift,
              starts[last] + len(toks[last]), m, out)


def _emit(text: str, sub: str, s: int, e: int, aligned: bool, a: int, b: int, m: Match,
          out: list[Time]) -> None:
    """Append the Time of match ``m``, at ``[a, b)`` of the normalized ``text[s:e]``."""
    if not aligned:
        a, b = _original_span(sub, a, b)
    a, b = s + a, s + b
    while b < e and _TRAILING_MARK.match(text, b):
        b += 1  # diacritics and tatweel after the last letter ("هـ")
    if b > a:
        # a Match is fresh and dropped here: its lists/dicts are handed over, not copied
        out.append(Time(a, b, text[a:b], m.type, m.value, STAGE, m.warnings, m.extra))


def normalize_expression(expr: str, *, published: str | dt.date | None = None) -> Time | None:
    """The first time expression found in ``expr`` (None if there is none)."""
    if not isinstance(expr, str) or not expr:
        return None
    out: list[Time] = []
    pub = _pub_date_str(published) if published.__class__ is str and published else _pub_date(published)
    _scan(expr, 0, len(expr), load_lexicon(None), pub, True, None, out)
    return out[0] if out else None


@register("times", version=VERSION, needs=("sentences",), adds=("times",))
def make_times_stage(*, lexicon: str | None = None) -> Callable[[Document], Document]:
    """Find time expressions (DATE, TIME, DURATION, SET) and resolve them against ``published``."""
    load_lexicon(lexicon)  # fail at build time on a bad data file

    def run(doc: Document) -> Document:
        spans = [(s.start, s.end) for s in doc.sentences] or None
        if doc.published and _pub_date(doc.published) is None:
            doc.warnings.append(
                f"times: publication date {doc.published!r} is not usable; relative times left unresolved"
            )
        doc.times = find_times(doc.text, published=doc.published, spans=spans, lexicon=lexicon,
                               problems=doc.warnings)
        return doc

    return run


def _when(t: Time) -> str | None:
    """The calendar date a time gives, at its granularity: ``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY`` (the day of a TIME, the first day of an interval, the anchor of "منذ ..."). Weeks,
    quarters, seasons, decades and null values give None."""
    cand = t.value if t.type in ("DATE", "TIME") else t.extra.get("anchor")
    if not isinstance(cand, str):
        return None
    m = _WHEN_RE.match(cand)
    return m.group(1) if m else None


def _neighbour_shift(doc: Document, start: int) -> int:
    """-1 when the trigger follows "غداة" (the day after it), +1 after "عشية" (its eve)."""
    m = _LAST_WORD.search(doc.text, max(0, start - 30), start)
    if not m:
        return 0
    w = norm(m.group(1))
    lex = load_lexicon()
    for cand in (w, w[1:] if w[:1] in ("و", "ف") else w):
        if lex.has("day_after", cand):
            return -1
        if lex.has("day_before", cand):
            return 1
    return 0


def clause_date(doc: Document, start: int, end: int, *, partial: bool = False) -> tuple[str | None, float]:
    """The date that the clause/trigger ``doc.text[start:end]`` refers to, with a confidence.

    Looks at the dated times of the trigger's sentence (``doc.times`` must be filled):

    1. the governing time: the nearest one starting at most ``AFTER_TOKENS`` words after the
       trigger ("استضافت، أمس") or ending before it with no clause break (، , ; : quote) in
       between -> confidence 0.9;
    2. otherwise the nearest day-granularity time anywhere in the same sentence (with
       ``partial``, a coarser one when there is no day) -> 0.7;
    3. otherwise the publication date -> 0.5; with no publication date -> ``(None, 0.0)``.

    Values are days (``YYYY-MM-DD``). When the governing time is coarser ("في يونيو", "العام
    الماضي") the answer is that month/year with ``partial=True`` and ``(None, 0.0)`` without it
    (the clause has a date, just not a day). A trigger right after "غداة" is the day before the
    date found, after "عشية" the day after.
    """
    sent = doc.sentence_at(start)
    s0, s1 = (sent.start, sent.end) if sent else (start, end)
    cands = [(t, w) for t in doc.times if s0 <= t.start < s1 and (w := _when(t))]
    shift = _neighbour_shift(doc, start)

    def finish(when: str, conf: float) -> tuple[str | None, float]:
        if len(when) == 10:
            if shift:
                day = dt.date.fromisoformat(when) + dt.timedelta(days=shift)
                return day.isoformat(), conf
            return when, conf
        return (when, conf) if partial else (None, 0.0)

    best: tuple[int, str] | None = None
    for t, w in cands:
        if t.start >= end:
            if len(_WORD.findall(doc.text, end, t.start)) <= AFTER_TOKENS:
                dist = t.start - end
                if best is None or dist < best[0]:
                    best = (dist, w)
        elif t.end <= start and not _CLAUSE_BREAK.search(doc.text, t.end, start):
            dist = start - t.end
            if best is None or dist < best[0]:
                best = (dist, w)
    if best is not None:
        return finish(best[1], CONF_GOVERNING)
    near = [(t, w) for t, w in cands if len(w) == 10] or ([(t, w) for t, w in cands] if partial else [])
    if near:
        def dist(tw: tuple[Time, str]) -> int:
            t = tw[0]
            return t.start - end if t.start >= end else start - t.end

        return finish(min(near, key=dist)[1], CONF_SENTENCE)
    pub = _pub_date(doc.published)
    if pub is not None:
        return pub.isoformat(), CONF_PUBLISHED
    return None, 0.0
