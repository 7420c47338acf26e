"""The ``counts`` stage: how many were killed, injured, kidnapped, arrested, displaced, released.

Counts are found in three shapes (see ``marsad/data/counts/lexicon.toml``)::

    A. TRIGGER [qualifier] NUMBER [who] [qualifier]   قُتل ثلاثة جنود على الأقل / وأصيب نحو عشرين
    B. [qualifier] NUMBER NOUN [من who]               سقوط 3 قتلى و12 جريحا / ما يقرب من ألفي نازح
    C. TALLY NOUN … إلى NUMBER                         ارتفعت حصيلة القتلى إلى 30

with numbers in digits, Eastern Arabic digits or words (``marsad.arabic.numbers``), the qualifier
kept (exact / at_least / about / more_than / up_to) and who they were where said.

Each count is attached to the event it belongs to: the nearest event triggered in the same
sentence (violent events first), else a violent event of the same paragraph. A count in a sentence
that speaks of a cumulative or older tally ("منذ بداية العام", "الأسبوع الماضي", a time expression
far from the event's date) is kept on the document (``Document.extra["counts"]``) but never added to
an event. Attached counts give the event ACLED-style ``fatalities`` and ``injured`` totals.
"""

from __future__ import annotations

import bisect
import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.numbers import could_be_number, number_words, parse_number
from marsad.arabic.phrases import Match, PhraseMatcher, forms
from marsad.arabic.tokenize import Token
from marsad.document import Count, Document, Event, Sentence
from marsad.pipeline import register

VERSION = "1"
STAGE = f"counts@{VERSION}"
DATA = Path(__file__).resolve().parent.parent / "data" / "counts" / "lexicon.toml"
VIOLENT_ROOTS = ("18", "19", "20")
ROOTS_BY_KIND: dict[str, tuple[str, ...]] = {
    "killed": VIOLENT_ROOTS,
    "injured": VIOLENT_ROOTS,
    "kidnapped": ("18",),
    "arrested": ("17", "14", "18"),
    "displaced": ("18", "19", "20", "17"),
    "released": ("08", "17", "06"),
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    trigger: PhraseMatcher[str]
    noun: PhraseMatcher[str]
    tally: frozenset[str]
    tally_gap: int
    qual_before: PhraseMatcher[str]
    qual_after: PhraseMatcher[str]
    who: PhraseMatcher[str]
    cumulative: PhraseMatcher[bool]
    confirmed: dict[str, tuple[str, frozenset[str]]]
    after: PhraseMatcher[str]
    not_people: PhraseMatcher[bool]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)

    def by_kind(section: dict[str, list[str]]) -> PhraseMatcher[str]:
        return PhraseMatcher([(w, kind) for kind, ws in section.items() for w in ws])

    from marsad.arabic.normalize import norm

    return Lexicon(
        trigger=by_kind(raw["trigger"]),
        noun=by_kind(raw["noun"]),
        tally=frozenset(norm(w) for w in raw["tally"]["words"]),
        tally_gap=int(raw["tally"]["max_gap"]),
        confirmed={
            norm(w): (v["kind"], frozenset(norm(c) for c in v["confirm"])) for w, v in raw["confirmed"].items()
        },
        after=by_kind(raw["after"]),
        not_people=PhraseMatcher([(w, True) for w in raw["not_people"]["words"]]),
        qual_before=PhraseMatcher(raw["qualifier"]["before"]),
        qual_after=PhraseMatcher(raw["qualifier"]["after"]),
        who=by_kind(raw["who"]),
        cumulative=PhraseMatcher([(p, True) for p in raw["cumulative"]["phrases"]]),
    )


def _bare(tok: Token) -> str:
    """Normalized base without the article: القتلى -> قتلي."""
    base = forms(tok)[1]
    return base[2:] if tok.det and base.startswith("ال") and len(base) > 3 else base


def _match_bare(pm: PhraseMatcher[str], toks: list[Token], i: int, hi: int) -> Match[str] | None:
    m = pm.match_at(toks, i, end=hi)
    if m is not None:
        return m
    if toks[i].det:
        # try without the article: "القتلى" against "قتلى"
        from marsad.arabic.tokenize import Token as T

        t = toks[i]
        shifted = T(t.start, t.end, t.text, _bare(t), t.kind, t.base_start, t.base_end, False)
        return pm.match_at([*toks[:i], shifted, *toks[i + 1 : hi]], i, end=hi)
    return None


OPENERS = frozenset("«(\"“[")
CLOSERS = frozenset("»)\"”]")
STOPS = frozenset(".،,؛;:؟?!")


def _number(toks: list[Token], j: int, hi: int) -> tuple[int, int, bool] | None:
    """A number at token j (after an opening quote or bracket): (value, tokens used, vague).

    "tokens used" covers the brackets around the number: «14» and (3) count as one number.
    """
    k = j
    while k < hi and toks[k].kind == "punct" and toks[k].text in OPENERS:
        k += 1
    if k >= hi or toks[k].kind == "punct" or not could_be_number(toks[k].norm):
        return None
    ws = [t.norm for t in toks[k : min(hi, k + 6)]]
    got = parse_number(ws)
    if got is None:
        return None
    value, used, vague = got
    end = k + used
    while end < hi and toks[end].kind == "punct" and toks[end].text in CLOSERS:
        end += 1
    return value, end - j, vague


def _not_people(toks: list[Token], k: int, hi: int, lex: Lexicon) -> bool:
    return k < hi and lex.not_people.match_at(toks, k, end=hi) is not None


SUBJECT_GAP = 3  # words allowed between a count trigger and its number (the agent)
CONFIRM_GAP = 8  # words allowed between "لقي N …" and "مصرعهم"
CLAUSE_WORDS = frozenset({"ان", "بان", "لان", "الذي", "التي", "الذين", "حيث", "بينما", "فيما"})
AFTER_GAP = 10  # words allowed between a counted subject and its verb ("200 مسلح … لقوا مصرعهم")


def _qual_and_number(
    toks: list[Token], j: int, hi: int, lex: Lexicon
) -> tuple[str, int, tuple[int, int, bool] | None]:
    """An optional qualifier then a number at token j: (qualifier, index of the number, number)."""
    qual = "exact"
    if j >= hi:
        return qual, j, None
    q = lex.qual_before.match_at(toks, j, end=hi)
    if q is not None:
        qual, j = q.value, q.end_token
    return qual, j, (_number(toks, j, hi) if j < hi else None)


def _who(toks: list[Token], j: int, hi: int, lex: Lexicon) -> tuple[str | None, int]:
    """Category of the people named at token j (optionally after "من"), and the next index."""
    if j >= hi:
        return None, j
    k = j + 1 if forms(toks[j])[1] == "من" and j + 1 < hi else j
    m = _match_bare(lex.who, toks, k, hi)
    if m is not None:
        return m.value, m.end_token
    return None, j


def _qual_after(toks: list[Token], j: int, hi: int, lex: Lexicon) -> tuple[str | None, int]:
    if j >= hi:
        return None, j
    m = lex.qual_after.match_at(toks, j, end=hi)
    if m is None:
        return None, j
    return (m.value or None), m.end_token


def _qual_before_ending_at(toks: list[Token], j: int, lo: int, lex: Lexicon) -> tuple[str | None, int]:
    """A qualifier phrase ending right before token j: its meaning and first token."""
    for back in (3, 2, 1):
        s = j - back
        if s < lo:
            continue
        m = lex.qual_before.match_at(toks, s, end=j)
        if m is not None and m.end_token == j:
            return m.value, s
    return None, j


def _make(
    doc: Document, kind: str, value: int, qual: str, who: str | None, start: int, end: int
) -> Count:
    return Count(
        kind=kind, value=value, qualifier=qual, who=who, start=start, end=end,
        text=doc.text[start:end], stage=STAGE,
    )


def _tail(toks: list[Token], k: int, hi: int, lex: Lexicon, qual: str) -> tuple[str | None, str, int]:
    """After a number (and its noun): who, the qualifier (a trailing one wins), the next index."""
    who, k = _who(toks, k, hi, lex)
    qa, k2 = _qual_after(toks, k, hi, lex)
    if k2 > k:
        if qa:
            qual = qa
        k = k2
    return who, qual, k


def _shape_a(doc: Document, toks: list[Token], i: int, hi: int, lex: Lexicon) -> tuple[Count, int] | None:
    """TRIGGER [agent] [عن] [qualifier] NUMBER [noun] [who] [qualifier]."""
    m = lex.trigger.match_at(toks, i, end=hi)
    if m is None:
        return None
    j = m.end_token
    if j < hi and forms(toks[j])[1] == "عن":
        j += 1
    # "مقتل وإصابة 10": two kinds share one number -> ambiguous, skip both
    if j < hi and toks[j].text.startswith("و") and lex.trigger.match_at(toks, j, end=hi) is not None:
        return None
    qual, j, num = _qual_and_number(toks, j, hi, lex)
    if num is None:
        # the agent may stand between: "اعتقلت الشرطة 12 شخصا", "أفرجت السلطات عن 50 أسيرا"
        for skip in range(1, SUBJECT_GAP + 1):
            jj = m.end_token + skip
            if jj >= hi or toks[jj - 1].kind != "ar" or lex.trigger.match_at(toks, jj - 1, end=hi):
                break
            if forms(toks[jj])[1] in ("عن", "علي") and jj + 1 < hi:
                jj += 1
            qual, j, num = _qual_and_number(toks, jj, hi, lex)
            if num is not None:
                break
    if num is None:
        return None
    value, used, vague = num
    k = j + used
    if _not_people(toks, k, hi, lex):
        return None
    if vague and qual == "exact":
        qual = "at_least"
    nm = _match_bare(lex.noun, toks, k, hi) if k < hi else None
    if nm is not None and nm.value == m.value:
        k = nm.end_token
    who, qual, k = _tail(toks, k, hi, lex, qual)
    return _make(doc, m.value, value, qual, who, m.start, toks[k - 1].end), k


def _shape_confirmed(doc: Document, toks: list[Token], i: int, hi: int, lex: Lexicon) -> tuple[Count, int] | None:
    """لقي [qualifier] NUMBER [who …] مصرعهم: the trigger needs its confirming word."""
    conf = lex.confirmed.get(forms(toks[i])[1])
    if conf is None:
        return None
    kind, confirm = conf
    qual, j, num = _qual_and_number(toks, i + 1, hi, lex)
    if num is None:
        return None
    value, used, vague = num
    if vague and qual == "exact":
        qual = "at_least"
    k = j + used
    who, qual, k = _tail(toks, k, hi, lex, qual)
    for c in range(k, min(hi, k + CONFIRM_GAP)):
        if toks[c].kind == "punct" and toks[c].text in STOPS:
            break
        if forms(toks[c])[1] in confirm:
            return _make(doc, kind, value, qual, who, toks[i].start, toks[c].end), c + 1
    return None


def _shape_c(doc: Document, toks: list[Token], i: int, hi: int, lex: Lexicon) -> tuple[Count, int] | None:
    """TALLY NOUN … [إلى|بلغ] [qualifier] NUMBER: "ارتفعت حصيلة القتلى إلى 30"."""
    if _bare(toks[i]) not in lex.tally or i + 1 >= hi:
        return None
    nm = _match_bare(lex.noun, toks, i + 1, hi)
    if nm is None:
        return None
    for j in range(nm.end_token, min(hi, nm.end_token + lex.tally_gap)):
        if toks[j].kind == "punct" and toks[j].text in STOPS:
            return None
        qual, jj, num = _qual_and_number(toks, j, hi, lex)
        if num is not None:
            value, used, vague = num
            k = jj + used
            if _not_people(toks, k, hi, lex):
                return None
            return _make(doc, nm.value, value, qual, None, toks[i].start, toks[k - 1].end), k
    return None


def _shape_bd(
    doc: Document, toks: list[Token], i: int, lo: int, hi: int, lex: Lexicon
) -> tuple[Count, int] | None:
    """[qualifier] NUMBER [حالات] NOUN [who] (shape B), or NUMBER [who …] VERB (shape D)."""
    if toks[i].kind not in ("num", "ar") and toks[i].text not in OPENERS:
        return None
    num = _number(toks, i, hi)
    if num is None:
        return None
    value, used, vague = num
    k = i + used
    if _not_people(toks, k, hi, lex):
        return None
    qual, qs = _qual_before_ending_at(toks, i, lo, lex)
    qual = qual or ("at_least" if vague else "exact")
    start = toks[qs].start if qs < i else toks[i].base_start
    kk = k + 1 if k < hi and _bare(toks[k]) in ("حالات", "حالة", "حالتي", "حالتين") else k
    nm = _match_bare(lex.noun, toks, kk, hi) if kk < hi else None
    if nm is not None:
        kind = _rekind(nm.value, toks, max(lo, i - 6), i, lex)
        who, qual, k = _tail(toks, nm.end_token, hi, lex, qual)
        return _make(doc, kind, value, qual, who, start, toks[k - 1].end), k
    # shape D: the counted people come first, their verb follows
    who, k2 = _who(toks, k, hi, lex)
    for c in range(k2, min(hi, k2 + AFTER_GAP)):
        if toks[c].kind == "punct" and toks[c].text in STOPS:
            break
        if c > k2 and (toks[c].kind == "num" or forms(toks[c])[1] in CLAUSE_WORDS):
            break  # another number or a new clause: the verb is not this number's
        tm = lex.after.match_at(toks, c, end=hi)
        if tm is not None:
            return _make(doc, tm.value, value, qual, who, start, toks[tm.end_token - 1].end), tm.end_token
        if c > k2 and lex.trigger.match_at(toks, c, end=hi) is not None:
            break
    return None


@lru_cache(maxsize=1)
def _plain_starts() -> tuple[frozenset[str], frozenset[str]]:
    """For a token without clitics or article (its forms, candidates and bare form are all its
    normalized word): the words that may start a count (a confirmed trigger: shape "confirmed";
    a trigger's first word: A; a tally word: C; and, for words and numbers, a number word: B/D),
    without and with the number words."""
    lex = lexicon()
    nws = number_words()
    words = frozenset(lex.confirmed) | lex.trigger.first_words() | lex.tally
    return words, words | nws | {"و" + w for w in nws}


GATE_MEMO = 100_000  # tokens with clitics or article whose _may_start is memoized
# (text, base offsets, article, kind) -> _may_start: these determine every form the shapes test
_GATE: dict[tuple[str, int, int, bool, str], bool] = {}


def _may_start(t: Token, lex: Lexicon, plain: tuple[frozenset[str], frozenset[str]]) -> bool:
    """False when no shape can match at token ``t`` (each shape's own first test fails)."""
    if t.base_start == t.start and t.base_end == t.end and not t.det:
        w = t.norm
        if t.kind == "ar" or t.kind == "num":
            # could_be_number(w) is "w starts with a digit, or w is a number word (with و)"
            return w in plain[1] or (bool(w) and w[0].isdigit())
        return w in plain[0] or t.text in OPENERS
    if forms(t)[1] in lex.confirmed or lex.trigger.starts_at(t) or _bare(t) in lex.tally:
        return True
    if t.kind == "num" or t.kind == "ar":
        return could_be_number(t.norm)
    return t.text in OPENERS


def counts_in(doc: Document, toks: list[Token], lo: int, hi: int) -> list[Count]:
    """Counts found in tokens[lo:hi] (one sentence), left to right, not overlapping."""
    lex = lexicon()
    plain = _plain_starts()
    out: list[Count] = []
    i = lo
    words = plain[1]
    memo = _GATE
    while i < hi:
        t = toks[i]
        # _may_start, inlined for tokens without clitics or article (words in ``words`` may start)
        if t.base_start == t.start and t.base_end == t.end and not t.det:
            w = t.norm
            if w not in words and not (
                (w[:1].isdigit() if t.kind == "ar" or t.kind == "num" else t.text in OPENERS)
            ):
                i += 1
                continue
        else:
            key = (t.text, t.base_start - t.start, t.base_end - t.start, t.det, t.kind)
            may = memo.get(key)
            if may is None:
                if len(memo) > GATE_MEMO:
                    memo.clear()
                may = memo[key] = _may_start(t, lex, plain)
            if not may:
                i += 1
                continue
        found = (
            _shape_confirmed(doc, toks, i, hi, lex)
            or _shape_a(doc, toks, i, hi, lex)
            or _shape_c(doc, toks, i, hi, lex)
            or _shape_bd(doc, toks, i, lo if not out else max(lo, _index_after(toks, out[-1].end, lo)), hi, lex)
        )
        if found is None:
            i += 1
            continue
        count, nxt = found
        out.append(count)
        i = max(nxt, i + 1)
    return out


def _index_after(toks: list[Token], offset: int, lo: int) -> int:
    j = lo
    while j < len(toks) and toks[j].start < offset:
        j += 1
    return j


def _rekind(kind: str, toks: list[Token], lo: int, i: int, lex: Lexicon) -> str:
    """Prisoners and hostages counted after "أفرج عن"/"إطلاق سراح" are released, not held."""
    if kind not in ("kidnapped", "arrested"):
        return kind
    for j in range(i - 1, lo - 1, -1):
        if toks[j].kind == "punct":
            break
        m = lex.trigger.match_at(toks, j, end=i)
        if m is not None and m.value == "released":
            return "released"
    return kind


def _is_cumulative(doc: Document, toks: list[Token], lo: int, hi: int, sent: Sentence) -> bool:
    lex = lexicon()
    if lex.cumulative.find_all(toks, lo, hi):
        return True
    if doc.published:
        pub = dt.date.fromisoformat(doc.published)
        for t in doc.times:
            if not (sent.start <= t.start < sent.end):
                continue
            if t.type == "DURATION":
                return True
            if t.type == "DATE" and t.value and len(t.value) >= 10 and "/" not in t.value:
                try:
                    day = dt.date.fromisoformat(t.value[:10])
                except ValueError:
                    continue
                if abs((pub - day).days) > 2:
                    return True
            elif t.type == "DATE" and t.value and ("/" in t.value or len(t.value) < 10):
                return True  # a month, a year, a range: a tally over a period
    return False


def _attach(doc: Document, count: Count, sent: Sentence) -> Event | None:
    roots = ROOTS_BY_KIND.get(count.kind, VIOLENT_ROOTS)

    def in_sentence(ev: Event) -> bool:
        regions = [ev.sentence, *ev.evidence]
        return any(r.start <= count.start < r.end for r in regions)

    same = [ev for ev in doc.events if in_sentence(ev)]
    if same:
        preferred = [ev for ev in same if ev.cameo[:2] in roots] or same
        return min(preferred, key=lambda ev: abs(ev.trigger.start - count.start))
    para = [
        ev for ev in doc.events
        if ev.cameo[:2] in VIOLENT_ROOTS and (s := doc.sentence_at(ev.trigger.start)) is not None
        and s.paragraph == sent.paragraph
    ]
    if para:
        return min(para, key=lambda ev: abs(ev.trigger.start - count.start))
    return None


def totals(counts: list[Count], kind: str) -> int | None:
    """Sum of distinct counts of ``kind`` (a repeated figure is counted once)."""
    seen: set[tuple[int, str | None]] = set()
    total = 0
    for c in counts:
        if c.kind != kind:
            continue
        key = (c.value, c.who)
        if key in seen:
            continue
        seen.add(key)
        total += c.value
    return total if seen else None


@register("counts", version=VERSION, needs=("tokens", "sentences"), adds=("counts",))
def make_counts_stage() -> Callable[[Document], Document]:
    """Casualty, arrest, displacement and release counts, attached to their events."""

    def run(doc: Document) -> Document:
        toks: list[Token] = doc.tokens
        starts = [t.start for t in toks]
        loose: list[dict] = []
        for sent in doc.sentences:
            if sent.kind not in ("body", "title", "headline"):
                continue
            lo = bisect.bisect_left(starts, sent.start)
            hi = bisect.bisect_left(starts, sent.end)
            found = counts_in(doc, toks, lo, hi)
            if not found:
                continue
            cumulative = _is_cumulative(doc, toks, lo, hi, sent)
            for c in found:
                ev = None if cumulative else _attach(doc, c, sent)
                if ev is None:
                    d = c.to_dict()
                    d["scope"] = "cumulative" if cumulative else "unattached"
                    loose.append(d)
                else:
                    ev.counts.append(c)
        for ev in doc.events:
            if ev.counts:
                ev.fatalities = totals(ev.counts, "killed")
                ev.injured = totals(ev.counts, "injured")
        if loose:
            doc.extra["counts"] = loose
        return doc

    return run
