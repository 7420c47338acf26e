"""The ``events`` stage: CAMEO/PLOVER-coded events with actors, place, date, status and evidence.

Per sentence, triggers are found in the event lexicon (``marsad.extract.event_lexicon``): verbs in
every inflection, verbs that need a complement ("شن غارة", "أطلق النار"), event nouns with a
support verb ("عقد لقاءً", "الاجتماع الذي عُقد") or alone when the noun is an event by itself
("مظاهرات", "انفجار"). Overlapping matches keep the longest. Arguments come from the entities
stage: the source is the nearest actor before the trigger in its clause (SVO) or the first after it
(VSO); targets are the other actors after it (``مع``، ``ب``، ``على``، ``ضد`` phrases, objects,
coordinations); "الجانبين"/"الطرفين" stand for the actors of the previous event. The place is the
nearest LOC after a locative cue (في، ب، مدينة ...). The date is
``marsad.extract.times.clause_date`` (else the publication date, with lower confidence).

The same event told twice in a document is one event: triggers of the same CAMEO root merge when
they are in one sentence, or when their dates, places and actors do not conflict (definite
anaphoric nouns like "الاجتماع" merge into the last such event). Further sentences are kept in
``evidence``.

Status: ``denied`` (a negation just before the trigger, or inside a denial quote), ``hypothetical``
(إذا، لو، في حال ...), ``planned`` (future prefix س، سوف، من المقرر ...), ``reported`` (inside a quote's
content -- the quote id is linked -- or resting on unnamed sources), else ``asserted``.

Confidence is a sum of evidence features, capped at 0.95:

====================================  =====
trigger: noun with its support verb     0.45
trigger: hand-written verb              0.35
trigger: hand-written standalone noun   0.30
trigger: weak or UniversalPetrarch verb 0.20
a source actor                          +0.15
a target actor (or 2+ participants)     +0.15
date from a time expression             +0.10
a place                                 +0.05
each further evidence sentence (max 2)  +0.05
violent event (18-20) whose sentence    +0.15
gives a casualty figure (``counts``)
or names a weapon (grammar ``weapons``)
====================================  =====

This raw evidence score is mapped to the event's ``confidence`` by the calibrated map of
``marsad/data/events/confidence.toml`` (Platt scaling, ``1 / (1 + exp(-(a * raw + b)))``, fitted by
``scripts/events_reliability.py --fit`` on gold events and hand-labelled SaudiNewsNet sentences), so
that the confidence estimates the share of such events that are right. The stage drops events under
``min_confidence``; by default the map's ``default_cut`` (0.459), which keeps exactly the events of
raw score 0.4 and up. Reliability tables and what a threshold means: ``docs/quality.md`` (Events).
"""

from __future__ import annotations

import bisect
import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import norm as _norm
from marsad.document import Document, Entity, Event, Quote, Region, Span
from marsad.errors import DataFileError
from marsad.extract.event_lexicon import FUTURE, IMPERFECT, NOUN, Lexicon, Trigger, load_lexicon
from marsad.pipeline import register

VERSION = "4"  # 3: calibrated confidence (confidence.toml); 4: newswire patterns, CAMEO 010 statements, visits (session 3)
STAGE = f"events@{VERSION}"

DATA = Path(__file__).resolve().parent.parent / "data" / "events"


@dataclass(frozen=True, slots=True)
class Grammar:
    """Word cues for argument finding (``marsad/data/events/grammar.toml``), normalized."""

    locative: frozenset[str]
    topic: frozenset[str]
    topic_heads: frozenset[str]
    topic_transparent: frozenset[str]
    accidents: frozenset[str]
    event_relatives: frozenset[str]
    weapons: frozenset[str]
    crowds: frozenset[str]
    purpose_exceptions: frozenset[str]
    announce_verbs: frozenset[str]
    speech_cues: frozenset[tuple[str, ...]]
    aggregate_cues: frozenset[tuple[str, ...]]
    media: frozenset[str]
    complementizers: frozenset[str]
    clause_breaks: frozenset[tuple[str, ...]]
    both_sides: frozenset[str]
    anaphoric_nouns: frozenset[str]
    denial_cues: frozenset[str]
    participation: frozenset[str]
    prepositions: frozenset[str]
    agent_markers: frozenset[tuple[str, ...]]
    appeals: frozenset[str]
    border_words: frozenset[str]
    sports: frozenset[tuple[str, ...]]
    particles: frozenset[str]
    nisba: dict[str, str]
    self_reference: frozenset[str]
    country_aliases: frozenset[str]
    breaks_by_first: dict[str, tuple[tuple[str, ...], ...]]
    agents_by_first: dict[str, tuple[tuple[str, ...], ...]]
    dateline_agencies: frozenset[tuple[str, ...]] = frozenset()
    state_bodies: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    from marsad.arabic.normalize import norm

    try:
        with (DATA / "grammar.toml").open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"cannot read grammar.toml: {exc}", value=str(DATA)) from exc

    def words(key: str) -> frozenset[str]:
        return frozenset(norm(w) for w in raw.get(key, []))

    return Grammar(
        locative=words("locative"),
        topic=words("topic"),
        topic_heads=words("topic_heads"),
        topic_transparent=words("topic_transparent"),
        accidents=words("accidents"),
        event_relatives=words("event_relatives"),
        weapons=words("weapons"),
        crowds=words("crowds"),
        purpose_exceptions=words("purpose_exceptions"),
        announce_verbs=words("announce_verbs"),
        speech_cues=frozenset(tuple(norm(w).split()) for w in raw.get("speech_cues", [])),
        aggregate_cues=frozenset(tuple(norm(w).split()) for w in raw.get("aggregate_cues", [])),
        media=words("media"),
        complementizers=words("complementizers"),
        clause_breaks=frozenset(tuple(norm(w).split()) for w in raw.get("clause_breaks", [])),
        both_sides=words("both_sides"),
        anaphoric_nouns=words("anaphoric_nouns"),
        denial_cues=words("denial_cues"),
        participation=words("participation"),
        prepositions=words("prepositions"),
        appeals=words("appeals"),
        border_words=words("border_words"),
        particles=words("particles"),
        sports=frozenset(tuple(norm(w).split()) for w in raw.get("sports", [])),
        nisba={norm(k): v for k, v in raw.get("nisba", {}).items()},
        self_reference=words("self_reference"),
        agent_markers=frozenset(tuple(norm(w).split()) for w in raw.get("agent_markers", [])),
        country_aliases=frozenset(raw.get("country_aliases", [])),
        breaks_by_first=_by_first(raw.get("clause_breaks", [])),
        agents_by_first=_by_first(raw.get("agent_markers", [])),
        dateline_agencies=frozenset(tuple(norm(w).split()) for w in raw.get("dateline_agencies", [])),
        state_bodies=_by_first(raw.get("state_bodies", [])),
    )


def _by_first(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    from marsad.arabic.normalize import norm

    out: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases:
        words = tuple(norm(ph).split())
        out.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(slots=True)
class Match:
    start: int  # char offsets of the whole trigger span
    end: int
    ti: int  # token index of the head (verb or noun)
    t0: int  # first and last token index of the span
    t1: int
    trig: Trigger
    mood: str
    code: str
    weak: bool
    passive: bool = False
    support_before: bool = False
    anchor: int = -1  # end of a support verb after the noun ("الاجتماع الذي عُقد"): the date anchor


@dataclass(slots=True)
class Draft:
    """An event being built (before merging)."""

    match: Match
    sent: int
    code: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    date_conf: float = 0.0
    date_explicit: bool = False
    status: str = "asserted"
    quote: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    anaphoric: bool = False
    base_conf: float = 0.45
    casualties: bool = False  # a violent event whose sentence gives a casualty figure or names a weapon
    act: bool = True  # the code comes from the act, not from an outcome noun ("مقتل")
    crowd: bool = False  # a protest whose clause names its crowd ("خرج المئات"، "آلاف الطلاب") or place


# ---------------------------------------------------------------------------- helpers
def _specificity(code: str) -> tuple[int, int]:
    return (len(code), 0 if code.endswith("0") else 1)


def _strip_pp(form: str) -> str:
    """A word without conjunction / preposition proclitics (for need/cue comparison)."""
    f = form
    if len(f) > 3 and f[0] in "وف":
        f = f[1:]
    if len(f) > 3 and f[0] in "بلك":
        f = f[1:]
    return f


def _ends_in_ta(text: str) -> bool:
    return text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640").endswith("\u0629")


def _has_damma_first(text: str) -> bool:
    """Passive voice marked in the text: a damma on the first letter (عُقد، اعتُقل is not caught)."""
    return len(text) > 1 and ("\u064f" in text[1:3])


class _Ctx:
    """Per-document indexes used by argument finding."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.starts = [t.start for t in doc.tokens]
        mentions: list[tuple[int, int, Entity]] = []
        for ent in doc.entities:
            for m in ent.mentions:
                mentions.append((m.start, m.end, ent))
        mentions.sort(key=lambda x: (x[0], -x[1]))
        self.mentions = mentions
        self.m_starts = [m[0] for m in mentions]
        self.by_id = {e.id: e for e in doc.entities}
        self.grammar = grammar()
        self.names = [(a, b) for a, b, e in mentions if e.type in ("PER", "ORG", "LOC")]
        self.name_starts = [a for a, _b in self.names]
        self.relays = {v for q in doc.quotes for v in q.via}
        self._dateline: str | None | bool = False

    def dateline(self) -> str | None:
        """The entity of a wire dateline's place ("هراري 15 - 7 ( اف ب ) -"): the first LOC with a
        country, named before an agency in parentheses within the first 12 tokens; else None."""
        if self._dateline is not False:
            return self._dateline  # type: ignore[return-value]
        self._dateline = None
        toks = [t for t in self.tokens[:16] if t.kind != "space"]
        words = [t.norm for t in toks]
        for k, w in enumerate(words[:12]):
            if w != "(":
                continue
            for ag in self.grammar.dateline_agencies:
                if tuple(words[k + 1 : k + 1 + len(ag)]) == ag and words[k + 1 + len(ag) : k + 2 + len(ag)] == [")"]:
                    for _a, _b, ent in self.mentions_in(0, toks[k].start):
                        if ent.type == "LOC" and ent.country:
                            home = next((e for e in self.doc.entities if e.country == ent.country and e.type == "LOC" and _country_like(self, e)), ent)
                            self._dateline = home.id
                            break
                    return self._dateline
        return None

    def tok_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        i = bisect.bisect_left(self.m_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i][0] < end:
            if self.mentions[i][1] <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def prev_words(self, offset: int, n: int) -> list[str]:
        """Normalized forms of the ``n`` word tokens before ``offset`` (nearest first)."""
        i = bisect.bisect_left(self.starts, offset) - 1
        out: list[str] = []
        while i >= 0 and len(out) < n:
            t = self.tokens[i]
            if t.kind in ("ar", "lat", "num"):
                out.append(t.norm)
            elif t.text in ".؟?!;؛":
                break
            i -= 1
        return out


def _cue_before(ctx: _Ctx, start: int) -> tuple[str, str]:
    """(proclitic letters attached to the mention's word, normalized previous word)."""
    ti = bisect.bisect_right(ctx.starts, start) - 1
    pro = ""
    if 0 <= ti < len(ctx.tokens):
        tok = ctx.tokens[ti]
        if tok.start < start < tok.end:  # "بغزة"، "وبمدينة"
            pro = ctx.doc.text[tok.start : start]
    prev = ctx.prev_words(start, 1)
    return pro, (prev[0] if prev else "")


def _is_place(ctx: _Ctx, start: int, ent: Entity) -> bool:
    """A LOC mention used as a place (after a locative cue) rather than as an actor."""
    if ent.type != "LOC":
        return False
    g = ctx.grammar
    mention = next((m for m in ent.mentions if m.start == start), None)
    words = _norm(mention.text).split() if mention else []
    if words and _strip_pp(words[0]) in g.locative:
        # "مدينة" alone tagged as a place name is a cue, not a place; "مدينة إسطنبول" is a place
        return len(words) > 1
    pro, prev = _cue_before(ctx, start)
    if "ب" in pro:
        return True
    if prev in g.locative or _strip_pp(prev) in g.locative:
        return True
    kind = str(ent.extra.get("loc_kind") or ent.extra.get("feature") or "")
    return kind in {"city", "region", "facility"}


def _country_like(ctx: _Ctx, ent: Entity) -> bool:
    kind = str(ent.extra.get("loc_kind") or "")
    if kind:
        return kind == "country"
    if not ent.name_en:
        return False
    if ent.name_en in ctx.grammar.country_aliases:
        return True
    return _pycountry_code(ent.name_en) is not None


@lru_cache(maxsize=4096)
def _pycountry_code(name: str) -> str | None:
    try:
        import pycountry

        return str(pycountry.countries.lookup(name).alpha_3)
    except (ImportError, LookupError):
        return None


def _is_actor(ctx: _Ctx, start: int, ent: Entity) -> bool:
    if ent.id in ctx.relays:
        return False
    g = ctx.grammar
    _pro, prev = _cue_before(ctx, start)
    if prev in g.topic or _strip_pp(prev) in g.topic:
        return False
    if prev == "مع":
        before = ctx.prev_words(start, 2)
        if len(before) > 1 and before[1] in g.border_words:  # "الحدود مع إيران"
            return False
    if ent.type == "PER":
        return True
    if ent.type == "ORG":
        if prev in g.media or _strip_pp(prev) in g.media or (ent.actor_code or "").endswith("MED"):
            return False
        return True
    if ent.type == "LOC":
        return _country_like(ctx, ent) and not _is_place(ctx, start, ent)
    # a group named by its nationality ("محامين إيرانيين", "الفلسطينيين"): the entities stage
    # gives it a country and a CAMEO actor code; other MISC spans (events, laws) have neither
    return ent.type == "MISC" and ent.country is not None and ent.actor_code is not None


# ---------------------------------------------------------------------------- trigger finding
def _needs_ok(trig: Trigger, words: list[str], pos: int) -> int:
    """Index of the last token of a satisfied need after ``pos`` (-1 if none; pos if no needs)."""
    if not trig.needs:
        return pos
    limit = min(len(words), pos + 1 + trig.window)
    for j in range(pos + 1, limit):
        for need in trig.needs:
            k = 0
            while k < len(need) and j + k < len(words) and (words[j + k] == need[k] or _strip_pp(words[j + k]) == need[k]):
                k += 1
            if k == len(need):
                return j + k - 1
    return -1


def find_triggers(
    doc: Document,
    lex: Lexicon,
    t_lo: int,
    t_hi: int,
    *,
    use_weak: bool,
    names: list[tuple[int, int]] | None = None,
    name_starts: list[int] | None = None,
) -> list[Match]:
    """Trigger matches among tokens ``[t_lo, t_hi)`` (longest wins on overlap). A word inside a
    PER/ORG/LOC mention (``names``: sorted spans) is a name, never a trigger ("قباد طالباني")."""
    toks = doc.tokens
    idx = [i for i in range(t_lo, t_hi) if toks[i].kind in _WORD_KINDS]
    words = [toks[i].norm for i in idx]
    starts = name_starts if name_starts is not None else [n[0] for n in names] if names else []
    info = lex.word_info
    cands: list[Match] = []
    for p, i in enumerate(idx):
        w = words[p]
        hit = info.get(w)
        if hit is None:
            hit = _word_info(lex, w)
        keys, known = hit
        # multi-word nouns
        for key in keys:
            for parts, trig in lex.phrases.get(key, []):
                n = len(parts)
                if p + n <= len(words) and all(words[p + k] == parts[k] for k in range(1, n)):
                    cands.append(Match(toks[i].start, toks[idx[p + n - 1]].end, i, p, p + n - 1, trig, NOUN, trig.cameo, False))
        if not known:
            continue  # most words: no entry at all
        if starts:
            k = bisect.bisect_right(starts, toks[i].start) - 1
            if k >= 0 and names[k][0] <= toks[i].start and toks[i].end <= names[k][1]:  # type: ignore[index]
                continue
        entries = lex.lookup(w, final_ta=w.endswith("ه") and _ends_in_ta(toks[i].text))
        if not entries:
            continue
        best: tuple[tuple[int, ...], Match] | None = None
        for trig, mood in entries:
            if trig.weak and trig.origin != "extra" and not use_weak:
                continue
            last = _needs_ok(trig, words, p)
            if last < 0:
                continue
            if trig.blocked_by and any(words[q] in trig.blocked_by for q in range(p + 1, min(len(words), p + 5))):
                continue  # "احتل (الجيش) المركز الأول": within 4 words, past a VSO subject
            if trig.blocked_next and p + 1 < len(words) and _blocked(words[p + 1], trig.blocked_next):
                continue  # "فجر أمس" (dawn), "هجوما لاذعا" (a verbal attack)
            if trig.blocked_prev and p > 0 and _blocked(words[p - 1], trig.blocked_prev):
                continue  # "خط الهجوم" (a team's attack line), "منذ فجر"
            if trig.blocked_before and any(_blocked(words[q], trig.blocked_before) for q in range(max(0, p - 3), p)):
                continue  # "موجات الجفاف التي ضربت"، "المشكلة التي انفجرت"
            if trig.kind == "verb" and not trig.attach and p > 0 and words[p - 1] in _RELATIVES and trig.cameo[:2] in VIOLENT_ROOTS:
                continue  # "الزعيم ... الذي اغتالته إسرائيل قبل ثلاثة أعوام": describes a person (background)
            m = Match(toks[i].start, toks[idx[last]].end, i, p, last, trig, mood, trig.cameo, trig.weak)
            rank = (int(trig.origin == "extra"), int(not trig.weak), len(trig.needs) > 0, *_specificity(trig.cameo))
            if best is None or rank > best[0]:
                best = (rank, m)
        if best is not None:
            cands.append(best[1])
    # nouns: attach support verbs, drop non-standalone nouns without one
    topic_heads, transparent = grammar().topic_heads, grammar().topic_transparent
    out: list[Match] = []
    for m in cands:
        if m.trig.kind == "noun":
            sup = None
            for q in range(m.t0 - 1, max(-1, m.t0 - 1 - SUPPORT_WINDOW), -1):
                if lex.support_lemma(words[q]) and words[q] in m.trig.support or _support_in(lex, words[q], m.trig):
                    sup = q
                    break
                if m.code[:2] not in VIOLENT_ROOTS and _violent_word(lex, words[q]):
                    break  # "طالب بالتحقيق في مقتل المتظاهرين": the killing stands between, not a support
            if sup is not None:
                m.support_before = True
                m.start = toks[idx[sup]].start
                m.t0 = sup
                m.passive = _has_damma_first(toks[idx[sup]].text)
                vent = lex.lookup(words[sup])
                for vt, _mood in vent:
                    if vt.kind == "verb" and _specificity(vt.cameo) > _specificity(m.code) and vt.cameo[:2] == m.code[:2]:
                        m.code = vt.cameo
                m.mood = lex.lookup(words[sup])[0][1] if vent else m.mood
                sw = words[sup][1:] if words[sup][:1] in "وف" else words[sup]  # "وسينظم"
                if sw[:1] in lex.future_prefixes and sw[1:2] in "يتن":
                    m.mood = FUTURE
            else:
                after = [q for q in range(m.t1 + 1, min(len(words), m.t1 + 4)) if _support_in(lex, words[q], m.trig)]
                if not (m.trig.standalone or after):
                    continue
                if _topic_before(words, m.t0, topic_heads, transparent):
                    continue  # "جريمة اغتيال"، "خطر الاعتداءات"، "التحقيق في اغتيال": a topic, not a report
                if after:
                    m.anchor = toks[idx[after[0]]].end
            out.append(m)
        else:
            m.passive = _has_damma_first(toks[m.ti].text)
            out.append(m)
    # longest match first, then stronger lexicon entries
    out.sort(key=lambda m: (-(m.t1 - m.t0), m.weak, m.start))
    kept: list[Match] = []
    for m in out:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    kept.sort(key=lambda m: m.start)
    # the word positions are local to idx: convert t0/t1/ti to global token indices
    for m in kept:
        m.t0, m.t1 = idx[m.t0], idx[m.t1]
    return kept


def _violent_word(lex: Lexicon, w: str) -> bool:
    """``w`` is a violent trigger word (CAMEO 18-20: "مقتل"، "قصف")."""
    keys, known = _word_info(lex, w)
    if known and any(t.cameo[:2] in VIOLENT_ROOTS for t, _mood in lex.lookup(w)):
        return True
    return any(trig.cameo[:2] in VIOLENT_ROOTS and len(parts) == 1 for k in keys for parts, trig in lex.phrases.get(k, []))


def _blocked(word: str, words: frozenset[str]) -> bool:
    return word in words or _strip_pp(word) in words


def _topic_before(words: list[str], t0: int, heads: frozenset[str], transparent: frozenset[str]) -> bool:
    """A topic head within 3 words before position ``t0``, past prepositions and words like
    "عملية"، "وقوع" only ("تحقق في اغتيال"، "تخوفا من وقوع هجمات")."""
    for q in range(t0 - 1, max(-1, t0 - 4), -1):
        if _blocked(words[q], heads):
            return True
        if not _blocked(words[q], transparent):
            return False
    return False


_WORD_KINDS = frozenset({"ar", "num", "lat"})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"})


def _word_info(lex: Lexicon, w: str) -> tuple[tuple[str, ...], bool]:
    """(first words of multi-word triggers ``w`` can be, whether ``w`` has any lexicon entry),
    cached on the lexicon: one dict look-up per token in ``find_triggers``."""
    hit = lex.word_info.get(w)
    if hit is None:
        cands = {w, _strip_pp(w)}
        if w.startswith("لل"):
            cands.add("ا" + w[1:])
        keys = tuple(c for c in cands if c in lex.phrases)
        known = bool(lex.lookup(w)) or (w.endswith("ه") and bool(lex.lookup(w, final_ta=True)))
        hit = (keys, known)
        if len(lex.word_info) < 500_000:
            lex.word_info[w] = hit
    return hit


def _is_sport(ctx: _Ctx, t_lo: int, t_hi: int) -> bool:
    toks = ctx.tokens
    words = [_strip_pp(toks[i].norm) for i in range(t_lo, t_hi) if toks[i].kind == "ar"]
    sports = ctx.grammar.sports
    for k, w in enumerate(words):
        if (w,) in sports or (k + 1 < len(words) and (w, words[k + 1]) in sports):
            return True
    return False


def _support_in(lex: Lexicon, word: str, trig: Trigger) -> bool:
    if word in trig.support:
        return True
    lem = lex.support_lemma(word)
    return lem is not None and any(lem == s for s in trig.support)


# ---------------------------------------------------------------------------- arguments
def _clause_left(ctx: _Ctx, sent_start: int, prev_end: int, trig_start: int) -> int:
    """Left edge of the trigger's clause: after the previous trigger and after a complementizer."""
    left = max(sent_start, prev_end)
    lo, hi = ctx.tok_range(left, trig_start)
    for i in range(hi - 1, lo - 1, -1):
        t = ctx.tokens[i]
        if t.norm in ctx.grammar.complementizers:
            return t.end
    return left


def _arguments(ctx: _Ctx, d: Draft, left: int, right: int) -> None:
    m = d.match
    trig = m.trig
    # the verb whose subject we look for: the support verb of a noun, else the trigger itself
    head_start = m.start
    clause_right = right
    right = _right_limit(ctx, m, right)
    left_m = [x for x in ctx.mentions_in(left, head_start) if _is_actor(ctx, x[0], x[2])]
    right_m = [x for x in ctx.mentions_in(m.end, right) if _is_actor(ctx, x[0], x[2])]
    inner: list[tuple[int, int, Entity]] = []
    if trig.kind == "noun" and m.support_before:  # "عقد إبراهيم قالن لقاءً": actors between verb and noun
        verb_end = ctx.tokens[m.t0].end
        noun_start = ctx.tokens[m.ti].start
        inner = [x for x in ctx.mentions_in(verb_end, noun_start) if _is_actor(ctx, x[0], x[2])]
    elif trig.kind == "verb" and ctx.tokens[m.ti].end < m.end:  # "حرر الجيش النيجيري 178 شخصا محتجزين"
        inner = [x for x in ctx.mentions_in(ctx.tokens[m.ti].end, m.end) if _is_actor(ctx, x[0], x[2])]
    src: list[str] = []
    tgt: list[str] = []
    noun_alone = trig.kind == "noun" and not m.support_before
    if noun_alone:
        ids = _dedup([x[2].id for x in right_m if _linked_to_noun(ctx, m, x[0])])
        if trig.of or trig.cameo[:2] not in ("04", "05", "06", "14", "19"):
            tgt = ids
        elif ids:
            src, tgt = ids[:1], ids[1:]
    elif m.passive:
        tgt = _dedup([x[2].id for x in inner + right_m])
    else:
        if left_m:
            src = [left_m[-1][2].id]
            rest = inner + right_m
        elif inner and (trig.kind == "noun" or _subject_like(ctx, ctx.tokens[m.ti].end, inner[0][0])):
            src = [inner[0][2].id]
            rest = inner[1:] + right_m
        elif right_m and not _svo_clause(ctx, m, left) and _subject_like(ctx, m.end, right_m[0][0]):
            src = [right_m[0][2].id]
            rest = right_m[1:]
            # "الأمين العام للأمم المتحدة بان كي مون": an organisation then the person who heads it
            if rest and right_m[0][2].type in ("ORG", "LOC") and rest[0][2].type == "PER":
                if _words_between(ctx, right_m[0][1], rest[0][0]) <= 1:
                    src = [rest[0][2].id, right_m[0][2].id]
                    rest = rest[1:]
        else:  # "قصفت طائرات حربية تركية مواقع لتنظيم داعش": the subject is not a known actor
            rest = inner + right_m
            nis = None if _svo_clause(ctx, m, left) else _nisba_subject(ctx, ctx.tokens[m.ti].end, right)
            if nis is not None:
                src = [nis]
        tgt = _dedup([x[2].id for x in rest if x[2].id not in src])
    if not src and not noun_alone:
        sp = _self_speaker(ctx, m.start)
        if sp is not None:
            src = [sp]
            tgt = [t for t in tgt if t != sp]
    if trig.of and trig.kind == "noun" and m.support_before:  # "وصفته بانتهاكات إسرائيل": Israel is the target
        gen = [x for x in right_m if _linked_to_noun(ctx, m, x[0])]
        if gen:
            gid = gen[0][2].id
            src = [i for i in src if i != gid]
            tgt = _dedup([gid] + [i for i in tgt if i != gid])
    agent = _agent(ctx, left, right)
    if agent is not None and (not src or noun_alone or m.passive):
        src = [agent]
        tgt = [t for t in tgt if t != agent]
    # "الجانبين" / "الطرفين": the sides of the previous event
    lo, hi = ctx.tok_range(left, right)
    sides = ctx.grammar.both_sides
    d.anaphoric = any(ctx.tokens[i].norm in sides or _strip_pp(ctx.tokens[i].norm) in sides for i in range(lo, hi))
    d.source, d.target = src, tgt
    # place: nearest LOC after a locative cue, preferring the right side
    near_r = _word_offset(ctx, m.end, PLACE_WINDOW)
    near_l = _word_offset(ctx, m.start, -PLACE_WINDOW)
    places_r = [x for x in ctx.mentions_in(m.end, min(right, near_r)) if _is_place(ctx, x[0], x[2])]
    places_l = [x for x in ctx.mentions_in(max(left, near_l), m.start) if _is_place(ctx, x[0], x[2])]
    if places_r:
        d.location = places_r[0][2].id
    elif places_l:
        d.location = places_l[-1][2].id
    elif m.code[:2] == "17":
        # "ألقت الشرطة التركية القبض على ...": police and security forces arrest in their own country
        d.location = _home_country(ctx, d.source)
    if m.code == VISIT and not d.target and trig.kind == "verb" and not m.passive:
        _visited(ctx, d, m, clause_right)


VISIT = "042"  # CAMEO "make a visit": the place visited is where it happens, and its country the host


def _visited(ctx: _Ctx, d: Draft, m: Match, right: int) -> None:
    """ "زار وزير الخارجية الروسي إيغور إيفانوف أنقرة": the visited place is the verb's object (the
    first place after the verb and its subject, without a preposition before it); it is the
    event's location and, as the host, its target (a city stands for its country's government)."""
    for start, _end, ent in ctx.mentions_in(m.end, right):
        if ent.id in d.source:
            continue
        if ent.type != "LOC":
            if ent.type == "PER":
                return  # "زار الرئيس ... نظيره": a person visited, not a place
            continue
        pro, prev = _cue_before(ctx, start)
        if pro or prev in ctx.grammar.locative or _strip_pp(prev) in ctx.grammar.locative:
            return  # "زار ... في أنقرة" / "بأنقرة": a place phrase, not the object
        if ent.country:
            d.location = d.location or ent.id
            if d.source:  # the host only beside a visitor ("Riyadh held a meeting" otherwise)
                d.target = [ent.id]
        return


RAW_CUT = 0.4  # the stage's cut on the raw evidence score (the calibrated map's default_cut keeps the same events)
BASE_VERB = 0.35  # trigger-type part of the confidence (see the module docstring)
BASE_SUPPORTED = 0.45
PUBLISHED_CONF = 0.5  # clause_date's confidence for the publication-date fallback
PLACE_WINDOW = 16  # a place is looked for within this many words of the trigger (titles: "خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود، في قصر السلام بجدة")


def _word_offset(ctx: _Ctx, offset: int, n: int) -> int:
    """Offset ``n`` word tokens after (n > 0) or before (n < 0) ``offset``."""
    i = bisect.bisect_left(ctx.starts, offset)
    step = 1 if n > 0 else -1
    if step < 0:
        i -= 1
    seen = 0
    while 0 <= i < len(ctx.tokens):
        if ctx.tokens[i].kind == "ar":
            seen += 1
            if seen >= abs(n):
                return ctx.tokens[i].end if step > 0 else ctx.tokens[i].start
        i += step
    return len(ctx.doc.text) if step > 0 else 0


def _right_limit(ctx: _Ctx, m: Match, right: int) -> int:
    """End of the trigger's argument region: the first clause break after it, unless the break
    opens a relative clause that carries the event ("الاجتماع الذي عُقد"، "الذي شارك فيه")."""
    g = ctx.grammar
    lo, hi = ctx.tok_range(m.end, right)
    words = [(i, ctx.tokens[i]) for i in range(lo, hi) if ctx.tokens[i].kind in ("ar", "lat", "num")]
    for k, (_i, t) in enumerate(words):
        for br in g.breaks_by_first.get(t.norm, ()):
            n = len(br)
            if tuple(w.norm for _j, w in words[k : k + n]) != br:
                continue
            if br[0] in ("الذي", "التي") and k + 1 < len(words):
                nxt = words[k + 1][1].norm
                if nxt in m.trig.support or nxt in g.participation or _strip_pp(nxt) in g.participation:
                    continue
                if m.trig.kind == "noun" and _blocked(nxt, g.event_relatives):
                    continue  # "للتفجير الإرهابي الذي استهدف مسجد قوات الطوارئ بمنطقة عسير"
            if k == 0 and n == 1 and br[0] not in ("الذي", "التي", "الذين"):
                continue
            return t.start
    return right


def _linked_to_noun(ctx: _Ctx, m: Match, start: int) -> bool:
    """An actor after an event noun belongs to it: as its genitive (within 3 words), after one of
    its prepositions (مع، بين ...), or after a participation verb ("شارك فيه ممثلون عن")."""
    g = ctx.grammar
    lo, hi = ctx.tok_range(m.end, start)
    n_words = 0
    for i in range(lo, hi):
        t = ctx.tokens[i]
        if t.kind != "ar":
            continue
        n_words += 1
        w = t.norm
        if w in m.trig.with_ or w in ("بين", "مع") or w in g.participation or _strip_pp(w) in g.participation:
            return True
        if w in g.prepositions:
            return False
    return n_words <= 2


SUPPORT_WINDOW = 4  # words between a support verb and its noun ("أعربت الجمهورية العراقية عن استنكارها")
VSO_WINDOW = 4  # words between a verb and an actor that can still be its subject


def _words_between(ctx: _Ctx, a: int, b: int) -> int:
    lo, hi = ctx.tok_range(a, b)
    return sum(1 for i in range(lo, hi) if ctx.tokens[i].kind == "ar" and ctx.tokens[i].end <= b)


def _svo_clause(ctx: _Ctx, m: Match, left: int) -> bool:
    """An imperfect verb after a noun phrase ("خادم الحرمين يستقبل رئيس الحزب"): SVO, the subject is
    before the verb (even when it is not a known actor), so an actor after it is the object."""
    if m.mood != IMPERFECT or m.trig.kind != "verb":
        return False
    lo, hi = ctx.tok_range(left, m.start)
    words = [ctx.tokens[i].norm for i in range(lo, hi) if ctx.tokens[i].kind == "ar"]
    particles = ctx.grammar.particles
    return any(w not in particles for w in words)


def _subject_like(ctx: _Ctx, verb_end: int, start: int) -> bool:
    """Can the actor at ``start`` be the subject of the verb ending at ``verb_end`` (VSO)? Only a few
    words (titles: "خادم الحرمين الشريفين الملك سلمان") and no preposition may stand between."""
    lo, hi = ctx.tok_range(verb_end, start)
    # only whole words before the mention (not "للأمم" whose ل is outside the mention "لأمم المتحدة")
    words = [ctx.tokens[i] for i in range(lo, hi) if ctx.tokens[i].kind in ("ar", "num") and ctx.tokens[i].end <= start]
    if len(words) > VSO_WINDOW:
        return False
    for t in words:
        if t.kind == "num" or t.norm in ctx.grammar.prepositions:
            return False
        if t.norm in ctx.grammar.state_bodies:  # "اعتقلت السلطات محاميين إيرانيين": the body is the subject
            return False
        if t.base_start > t.start and t.norm[:1] in "بل" and t.norm[:2] != "ال":
            return False
    return True


def _self_speaker(ctx: _Ctx, start: int) -> str | None:
    """"أعلن الجيش أنه قتل ..."، "أعلنت الوزارة أن أجهزتها ضبطت ...": the speaker is the doer."""
    q = _quote_at(ctx.doc, start, start + 1)
    if q is None or q.speaker is None or q.speaker in ctx.relays:
        return None
    lo, hi = ctx.tok_range(q.content.start, start)
    words = [ctx.tokens[i] for i in range(lo, hi) if ctx.tokens[i].kind == "ar"]
    if len(words) > 4:
        return None
    for t in words:
        if t.norm in ctx.grammar.self_reference or (t.base_end < t.end and t.norm.endswith(("ها", "ه", "هم"))):
            return q.speaker
    return None


def _nisba_subject(ctx: _Ctx, verb_end: int, right: int) -> str | None:
    """A VSO subject without a named actor but with a nationality adjective ("طائرات حربية تركية"):
    the document's entity for that country, when there is one."""
    g = ctx.grammar
    lo, hi = ctx.tok_range(verb_end, right)
    n = 0
    for i in range(lo, hi):
        t = ctx.tokens[i]
        if t.kind != "ar":
            continue
        n += 1
        if n > 6 or t.norm in g.prepositions:
            return None
        if ctx.mentions_in(t.start, t.end) or any(a <= t.start and t.end <= b for a, b, _e in ctx.mentions_in(max(0, t.start - 60), t.end)):
            continue  # "حزب القوات اللبنانية": the adjective belongs to a name
        form = t.norm[2:] if t.norm.startswith("ال") else t.norm
        code = g.nisba.get(form) or g.nisba.get(form[:-1] + "ه" if form.endswith("ه") else form)
        if code:
            for e in ctx.doc.entities:
                if e.country == code and e.type == "LOC" and _country_like(ctx, e):
                    return e.id
            return None
    return None


def _nisba_entity(ctx: _Ctx, t: Any) -> str | None:
    """The document's country entity of a nationality adjective token ("الايرانية" -> إيران)."""
    g = ctx.grammar
    form = t.norm[2:] if t.norm.startswith("ال") else t.norm
    code = g.nisba.get(form) or g.nisba.get(form[:-1] + "ه" if form.endswith("ه") else form)
    if not code:
        return None
    for e in ctx.doc.entities:
        if e.country == code and e.type == "LOC" and _country_like(ctx, e):
            return e.id
    return None


def _nisba_before(ctx: _Ctx, left: int, start: int) -> str | None:
    """An SVO subject with a nationality adjective just before the verb ("مسؤول عسكري اسرائيلي يحذر")."""
    lo, hi = ctx.tok_range(left, start)
    n = 0
    for i in range(hi - 1, lo - 1, -1):
        t = ctx.tokens[i]
        if t.kind != "ar":
            continue
        n += 1
        if n > 3 or t.norm in ctx.grammar.prepositions:
            return None
        if ctx.mentions_in(t.start, t.end):
            return None
        eid = _nisba_entity(ctx, t)
        if eid is not None:
            return eid
    return None


def _bare_state_body(ctx: _Ctx, m: Match, left: int, right: int) -> bool:
    """The verb's subject is a state body named without its country ("نشرت الحكومة"، "الشرطة اعتقلت"):
    within 3 words after the verb (VSO) or just before it, and not followed by a country name or a
    nationality adjective ("الحكومة السورية")."""
    g = ctx.grammar
    if not g.state_bodies:
        return False
    lo, _hi = ctx.tok_range(left, right)
    hi = min(len(ctx.tokens), m.ti + 6)
    idx = [i for i in range(max(lo, m.ti - 4), hi) if ctx.tokens[i].kind == "ar" and i != m.ti]
    for n, i in enumerate(idx):
        w = ctx.tokens[i].norm
        if w[:1] in "وف" and w[1:] in g.state_bodies:
            w = w[1:]
        for body in g.state_bodies.get(w, ()):
            parts = [w] + [ctx.tokens[j].norm for j in idx[n + 1 : n + len(body)]]
            if tuple(parts) != body:
                continue
            nxt = idx[n + len(body)] if n + len(body) < len(idx) else None
            if nxt is not None:
                t = ctx.tokens[nxt]
                form = t.norm[2:] if t.norm.startswith("ال") else t.norm
                if ctx.mentions_in(t.start, t.end) or g.nisba.get(form):
                    return False
            return True
    return False


def _statement_about(ctx: _Ctx, d: Draft, left: int, right: int, sent_end: int) -> bool:
    """A statement event (CAMEO 01): its source is the speaker (named, or a nationality adjective:
    "اعلن مسؤول عسكري اسرائيلي"), its target the first country of its complement that is not the
    speaker's (named or by adjective: "القدرة النووية الايرانية"). False when there is none or the
    speaker's country is unknown."""
    m = d.match
    # the complement starts at the first complementizer or quotation mark after the verb: the speaker
    # is named before it ("أوضح المسؤول " ان ايران ..."), the country it speaks about after it
    lo, hi = ctx.tok_range(m.end, sent_end)
    comp = sent_end
    for i in range(lo, hi):
        t = ctx.tokens[i]
        if t.norm in ctx.grammar.complementizers or t.text in ('"', "«", ":", "“"):
            comp = t.start
            break
    g = ctx.grammar
    own_c: set[str] = set()
    lo, hi = ctx.tok_range(m.end, comp)
    for i in range(lo, hi):
        t = ctx.tokens[i]
        if t.kind != "ar":
            continue
        if t.norm in g.media or _strip_pp(t.norm) in g.media:
            return False  # "أوضحت وكالة أنباء الأناضول أن ...": a relayed report, not a statement
        form = t.norm[2:] if t.norm.startswith("ال") else t.norm
        code = g.nisba.get(form)
        if code:  # "وكيل وزارة الخارجية البحرينية": the speaker's country
            own_c.add(code)
    # the quotes stage's speaker of this cue ("قال كيشيلي إن ..."), never the statement's target
    speakers = [q.speaker for q in ctx.doc.quotes if q.speaker and q.cue is not None and q.cue.start <= m.start < q.cue.end]
    after = [(a, e.id) for a, _b, e in ctx.mentions_in(m.end, sent_end)]
    src = [i for i in d.source if not any(e == i for _a, e in after) or any(e == i and a < comp for a, e in after)]
    if not src and speakers:
        src = speakers[:1]
    if not src:
        nis = _nisba_before(ctx, left, m.start) or _nisba_subject(ctx, ctx.tokens[m.ti].end, right)
        if nis is not None:
            src = [nis]
    own = _countries(ctx, src) | own_c
    if not own:
        return False  # a speaker of no known country ("قال محللون"، "قال المسؤول"): too vague to code
    lo, hi = ctx.tok_range(comp, sent_end)
    target = None
    for i in range(lo, hi):
        t = ctx.tokens[i]
        if t.kind != "ar":
            continue
        for s0, _e0, ent in ctx.mentions_in(t.start, t.end):
            if ent.country and ent.country not in own and ent.id not in src and ent.id not in speakers and _is_actor(ctx, s0, ent):
                target = ent.id
                break
        if target is None and not ctx.mentions_in(t.start, t.end):
            eid = _nisba_entity(ctx, t)
            if eid is not None and ctx.by_id[eid].country not in own:
                target = eid
        if target is not None:
            break
    if target is None:
        return False
    d.source, d.target = src, [target]
    return True


def _home_country(ctx: _Ctx, source: list[str]) -> str | None:
    """The document's country entity of a source organisation's country ("الشرطة التركية" -> تركيا)."""
    for sid in source:
        ent = ctx.by_id.get(sid)
        if ent is None or ent.type != "ORG" or not ent.country:
            continue
        for e in ctx.doc.entities:
            if e.country == ent.country and e.type == "LOC" and _country_like(ctx, e):
                return e.id
    return None


def _agent(ctx: _Ctx, left: int, right: int) -> str | None:
    """The actor introduced by an agent marker ("على يد المقاومة"، "من قبل الشرطة") in the clause."""
    lo, hi = ctx.tok_range(left, right)
    words = [ctx.tokens[i] for i in range(lo, hi) if ctx.tokens[i].kind == "ar"]
    for k in range(len(words)):
        for mk in ctx.grammar.agents_by_first.get(words[k].norm, ()):
            if tuple(w.norm for w in words[k : k + len(mk)]) == mk:
                after = words[k + len(mk) - 1].end
                for s0, _e, ent in ctx.mentions_in(after, min(right, _word_offset(ctx, after, 4))):
                    if _is_actor(ctx, s0, ent):
                        return ent.id
    return None


def _is_state(ctx: _Ctx, eid: str) -> bool:
    e = ctx.by_id.get(eid)
    if e is None:
        return False
    if e.type == "LOC":
        return _country_like(ctx, e)
    return "GOV" in (e.actor_code or "")


def _object_pronoun(lex: Lexicon, form: str) -> bool:
    """The verb carries an object pronoun: it is known to the lexicon only without one."""
    base = form[1:] if form[:1] in lex.conjunctions and form not in lex.words else form
    if base in lex.words:
        return False
    return any(base.endswith(e) and base[: -len(e)] in lex.words for e in lex.enclitics)


def _last_actor_before(ctx: _Ctx, offset: int, *, exclude: set[str]) -> str | None:
    """The last actor mentioned before ``offset`` in the same paragraph."""
    sent = ctx.doc.sentence_at(offset) or ctx.doc.sentence_at(max(0, offset - 1))
    para_start = offset
    if sent is not None:
        para = [s for s in ctx.doc.sentences if s.paragraph == sent.paragraph]
        para_start = para[0].start if para else sent.start
    for s0, _e, ent in reversed(ctx.mentions_in(para_start, offset)):
        if ent.id not in exclude and _is_actor(ctx, s0, ent):
            return ent.id
    return None


def _dedup(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i in ids:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


# ---------------------------------------------------------------------------- status, date
def _quote_at(doc: Document, start: int, end: int) -> Quote | None:
    best = None
    for q in doc.quotes:
        if q.content.start <= start and end <= q.content.end:
            if best is None or (q.content.end - q.content.start) < (best.content.end - best.content.start):
                best = q
    return best


def _status(ctx: _Ctx, lex: Lexicon, d: Draft, sent_start: int, left: int) -> None:
    m = d.match
    before = ctx.prev_words(m.start, lex.status_window)
    # stay inside the clause
    clause_words: list[str] = []
    lo, hi = ctx.tok_range(left, m.start)
    clause_words = [ctx.tokens[i].norm for i in range(lo, hi) if ctx.tokens[i].kind == "ar"]
    neg = lex.status.get("denied", [])
    neg1 = {w[0] for w in neg if len(w) == 1}
    # "ولم يخرج": the negation may carry the conjunction
    near = [w[1:] if w[:1] in "وف" and w[1:] in neg1 else w for w in before[:2]]
    q = _quote_at(ctx.doc, m.start, m.end)
    if any(w in neg1 - {"عدم"} for w in near) or (before[:1] and before[0] in ("عدم", "بعدم", "وعدم", "لعدم")):
        d.status = "denied"
    elif q is not None and _strip_pp(norm_cue(q)) in ctx.grammar.denial_cues:
        d.status = "denied"
        d.quote = q.id
    elif _phrase_in(clause_words, lex.status.get("hypothetical", []), single_ok={"اذا", "لو"}) or _hedged_after(ctx, lex, m):
        d.status = "hypothetical"
    elif (
        m.mood == FUTURE
        or _phrase_in(list(reversed(before)), lex.status.get("planned", []))
        or _called_for(ctx, m.start)
        or _purpose(ctx, lex, m, before)
        or _announced(ctx, m)
    ):
        d.status = "planned"
    elif q is not None:
        d.status = "reported"
        d.quote = q.id
    else:
        lo2, _ = ctx.tok_range(sent_start, m.start)
        head = {ctx.tokens[i].norm for i in range(lo2, hi)}
        unnamed = {w[0] for w in lex.status.get("unnamed_sources", []) if len(w) == 1}
        if unnamed & head and head & {"مصادر", "مصدر", "المصادر", "المصدر", "شهود", "ناشطون", "تقارير"}:
            d.status = "reported"


def _announced(ctx: _Ctx, m: Match) -> bool:
    """A bare event noun right after "عن" with an announcing verb within 6 words before it
    ("أعلنت نقابة الموظفين عن تظاهرة أمام البرلمان مساء اليوم")."""
    if m.trig.kind != "noun" or m.support_before:
        return False
    prev = ctx.prev_words(m.start, 6)
    return bool(prev) and prev[0] == "عن" and any(_blocked(w, ctx.grammar.announce_verbs) for w in prev[1:])


def _purpose(ctx: _Ctx, lex: Lexicon, m: Match, before: list[str]) -> bool:
    """A bare violent noun with the preposition ل tells a purpose ("ضوءا أخضر للهجوم"، "خطط لاغتيال"),
    unless a head of ``purpose_exceptions`` stands within 8 words before it ("نتيجة للهجوم")."""
    if m.trig.kind != "noun" or m.support_before or m.code[:2] not in VIOLENT_ROOTS or m.trig.consequence:
        return False
    w = ctx.tokens[m.ti].norm
    if w[:1] in "وف" and len(w) > 4:
        w = w[1:]
    if not (w.startswith("لل") or w.startswith("ل") and lex.lookup(w[1:])):
        return False
    exc = ctx.grammar.purpose_exceptions
    return not any(_blocked(x, exc) for x in ctx.prev_words(m.start, 8))  # "تعرضت قرى ... لقصف مدفعي"


INTERROGATIVES = frozenset({"هل", "أهل", "ماذا", "لماذا", "كيف", "متى", "أين", "ألم", "أليس", "أم"})


def _asked(text: str, start: int, end: int, trig_end: int) -> bool:
    """The trigger is inside a question: the sentence ends with a question mark (closing quotes
    aside) and either opens with an interrogative ("ثم هل كان ... اغتيال ...؟") or no clause
    boundary (.. : ؛ !) stands between the trigger and the mark ("من يقف وراء الاغتيال؟"; but not
    "تفاصيل اجتماع ... .. ماذا دار خلف الأبواب؟")."""
    tail = text[start:end].rstrip(" \t\n\u00bb\"')]\u201d.")
    if not tail.endswith(("\u061f", "?")):
        return False
    first = [w for w in text[start:trig_end].split()[:2] if w not in ("ثم", "و", "ف")]
    if first and first[0].lstrip("وف") in INTERROGATIVES:
        return True
    between = text[trig_end : start + len(tail)]
    return not any(b in between for b in ("..", ":", "\u061b", "!", "\u2026"))


def _hedged_after(ctx: _Ctx, lex: Lexicon, m: Match) -> bool:
    """A noun trigger followed (within 2 words) by "محتمل"، "مزعوم" ..."""
    if m.trig.kind != "noun":
        return False
    after = {w[0] for w in lex.status.get("hypothetical_after", []) if len(w) == 1}
    i, n = bisect.bisect_left(ctx.starts, m.end), 0
    while i < len(ctx.tokens) and n < 2:
        t = ctx.tokens[i]
        if t.kind == "ar":
            if t.norm in after:
                return True
            n += 1
        elif t.text in ".،,؛":
            return False
        i += 1
    return False


def _called_for(ctx: _Ctx, start: int) -> bool:
    """The trigger is what an appeal asks for: "دعا ... إلى شن هجمات" (within 8 words)."""
    prev = ctx.prev_words(start, 8)
    if "الي" not in prev[:3] and not any(w.startswith("لل") or w.startswith("ل") and len(w) > 3 for w in prev[:1]):
        return False
    return any(w in ctx.grammar.appeals or _strip_pp(w) in ctx.grammar.appeals for w in prev)


def norm_cue(q: Quote) -> str:
    from marsad.arabic.normalize import norm

    return norm(q.cue.text)


_BY_FIRST: dict[int, tuple[list[tuple[str, ...]], dict[str, list[tuple[str, ...]]]]] = {}


def _phrase_in(words: list[str], phrases: list[tuple[str, ...]], single_ok: set[str] | None = None) -> bool:
    """One of ``phrases`` occurs in ``words`` (single words only when in ``single_ok``, if given)."""
    hit = _BY_FIRST.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for ph in phrases:
            index.setdefault(ph[0], []).append(ph)
        hit = (phrases, index)
        _BY_FIRST[id(phrases)] = hit
    index = hit[1]
    n_words = len(words)
    for i, w in enumerate(words):
        for ph in index.get(w, ()):
            n = len(ph)
            if n == 1:
                if single_ok is None or w in single_ok:
                    return True
            elif i + n <= n_words and tuple(words[i : i + n]) == ph:
                return True
    return False


def _clause_date_fn() -> Callable[[Document, int, int], tuple[str | None, float]] | None:
    try:
        from marsad.extract.times import clause_date
    except ImportError:
        return None
    return clause_date  # type: ignore[no-any-return]


def _date(doc: Document, d: Draft, sent: Region, fn: Callable[..., tuple[str | None, float]] | None) -> None:
    m = d.match
    value: str | None = None
    conf = 0.0
    if fn is not None:
        try:
            value, conf = fn(doc, m.start, max(m.end, m.anchor))
        except Exception:  # noqa: BLE001 - a times bug must not lose the event
            value, conf = None, 0.0
    else:
        best = None
        for t in doc.times:
            if t.type == "DATE" and t.value and len(t.value) == 10 and sent.start <= t.start < sent.end:
                dist = abs(t.start - m.start)
                if best is None or dist < best[0]:
                    best = (dist, t.value)
        if best:
            value, conf = best[1], 0.7
    if value and len(value) >= 10 and value[4] == "-":
        # clause_date falls back to the publication date with confidence 0.5: not explicit
        d.date, d.date_conf, d.date_explicit = value[:10], conf or 0.7, conf > PUBLISHED_CONF
        if d.date_explicit and _report_date_only(doc, m.start, value[:10]):
            d.date_conf, d.date_explicit = PUBLISHED_CONF, False
    elif doc.published:
        d.date, d.date_conf, d.date_explicit = doc.published, 0.3, False


def _report_date_only(doc: Document, start: int, value: str) -> bool:
    """"أفاد مصدر اليوم الجمعة بمقتل ...": the day belongs to the report (the quote's cue clause),
    not to the event inside the quote's content -- unless the content itself names that day."""
    q = _quote_at(doc, start, start + 1)
    if q is None:
        return False
    for t in doc.times:
        if t.value and t.value.startswith(value) and q.content.start <= t.start < q.content.end:
            return False
    sent = doc.sentence_at(start)
    lo = sent.start if sent else 0
    return any(t.value and t.value.startswith(value) and lo <= t.start < q.content.start for t in doc.times)


# ---------------------------------------------------------------------------- merging
def _countries(ctx: _Ctx, ids: list[str]) -> set[str]:
    out = set()
    for i in ids:
        e = ctx.by_id.get(i)
        if e is not None and e.country:
            out.add(e.country)
    return out


def _family(code: str) -> str:
    """Roots that merge with each other: 18/19/20 (PLOVER ASSAULT) are one family."""
    return "assault" if code[:2] in ("18", "19", "20") else code[:2]


FACTUAL = ("asserted", "reported")


def _compatible(ctx: _Ctx, a: Draft, b: Draft) -> bool:
    if _family(a.code) != _family(b.code):
        return False
    if (a.status in FACTUAL) != (b.status in FACTUAL):
        return False  # a planned / denied / hypothetical event is not the one that happened
    if a.location and b.location and a.location != b.location:
        la, lb = ctx.by_id.get(a.location), ctx.by_id.get(b.location)
        if not (la and lb and _same_place(ctx, la, lb)):
            return False
    pa, pb = set(a.source + a.target), set(b.source + b.target)
    if _in_title(ctx, a) != _in_title(ctx, b):
        return True  # the title announces the body's first event of the same family
    if not pa and not pb and a.match.code == b.match.code and _bare_noun(a) and _bare_noun(b):
        return True  # "وقف إطلاق النار" told again: the same thing, whatever the clause dates say
    if a.date_explicit and b.date_explicit and a.date != b.date:
        return False
    if not pa or not pb:
        if _in_title(ctx, a) or _in_title(ctx, b):  # the title announces the body's event
            return True
        return b.anaphoric or a.anaphoric or _is_anaphoric_noun(ctx, b) or _is_anaphoric_noun(ctx, a)
    if pa & pb:
        return True
    ca, cb = _countries(ctx, list(pa)), _countries(ctx, list(pb))
    return bool(ca & cb) and (a.date_explicit and b.date_explicit or bool(a.location and a.location == b.location))


NEAR_KM = 25.0  # places closer than this are one place when merging events


def _km(a: Entity, b: Entity) -> float:
    import math

    la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(ctx: _Ctx, a: Entity, b: Entity) -> bool:
    """Equal places, or a country and a place inside it ("تركيا" and "إقليم اغري")."""
    if a.name_en and a.name_en == b.name_en:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon) and _km(a, b) <= NEAR_KM:
        return True  # "مدينة الضالع" and "منطقة سناح": one battlefield
    for big, small in ((a, b), (b, a)):
        if big.country and big.country == small.country and _country_like(ctx, big) and not _country_like(ctx, small):
            return True
    return False


def _in_title(ctx: _Ctx, d: Draft) -> bool:
    return ctx.doc.sentences[d.sent].kind in ("title", "headline")


def _bare_noun(d: Draft) -> bool:
    return d.match.trig.kind == "noun" and not d.match.support_before


def _is_anaphoric_noun(ctx: _Ctx, d: Draft) -> bool:
    t = ctx.tokens[d.match.ti]
    ana = ctx.grammar.anaphoric_nouns
    return d.match.trig.kind == "noun" and (t.norm in ana or _strip_pp(t.norm) in ana)


def _absorb(into: Draft, other: Draft, ctx: _Ctx) -> None:
    into.casualties = into.casualties or other.casualties
    sents = ctx.doc.sentences
    if sents[into.sent].kind in ("title", "headline") and sents[other.sent].kind not in ("title", "headline"):
        # the body tells the event; the title only announces it
        into.match, other.match = other.match, into.match
        into.sent, other.sent = other.sent, into.sent
        into.status, other.status = other.status, into.status
        into.quote, other.quote = other.quote, into.quote
        into.source, other.source = other.source, into.source
        into.target, other.target = other.target, into.target
    into.source = _dedup(into.source + [s for s in other.source if s not in into.target])
    into.target = _dedup(into.target + [t for t in other.target if t not in into.source])
    if (other.act, *_specificity(other.code)) > (into.act, *_specificity(into.code)):
        into.code = other.code  # the act's code ("غارات" 195) wins over an outcome's ("القتلى" 1823)
    into.act = into.act or other.act
    if into.location and other.location and into.location != other.location:
        big = ctx.by_id.get(into.location)
        if big is not None and _country_like(ctx, big):
            into.location = other.location  # the more precise place
    into.location = into.location or other.location
    if other.date_explicit and not into.date_explicit:
        into.date, into.date_conf, into.date_explicit = other.date, other.date_conf, True
    told_anew = bool(other.source or other.target) and sents[other.sent].kind not in ("title", "headline")
    if other.status == "asserted" and into.status == "reported" and told_anew:
        into.status, into.quote = "asserted", None
    into.base_conf = max(into.base_conf, other.base_conf)
    into.evidence.append((other.sent, other.match.start))


# ---------------------------------------------------------------------------- summary
@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    with (DATA / "summary_en.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):
        return code
    if c is None:
        return code
    name = str(getattr(c, "common_name", None) or c.name).replace("Türkiye", "Turkey")
    return name.split(",")[0]  # "Palestine, State of" -> "Palestine"


def _actor_en(e: Entity) -> str:
    name = e.name_en or e.name
    bits = []
    if e.country and e.type != "LOC":
        bits.append(_country_name(e.country))
    if e.role:
        bits.append(e.role)
    return f"{name} ({', '.join(bits)})" if bits else name


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def summary_en(doc: Document, ev: Event) -> str:
    t = _templates()
    by_id = {e.id: e for e in doc.entities}
    src = [_actor_en(by_id[i]) for i in ev.source if i in by_id]
    tgt = [_actor_en(by_id[i]) for i in ev.target if i in by_id]
    if src:
        table = t["verbs"] if tgt else {**t["verbs"], **t.get("no_target", {})}
    else:
        table = t.get("no_source", {}) if tgt else t.get("no_actors", {})
    key = next((ev.cameo[:k] for k in (4, 3, 2) if ev.cameo[:k] in table), None)
    if key is None:  # no template for this code: the CAMEO name
        info = load_lexicon().code(ev.cameo)
        name = info.name if info else f"CAMEO {ev.cameo}"
        parts = [_join(src) or t["unknown"]["actor"], f"({name.lower()})"]
        if tgt:
            parts.append("towards " + _join(tgt))
        tmpl = " ".join(parts).replace("{", "{{").replace("}", "}}")
    else:
        tmpl = table[key]
    if src and not tgt and "{tgt}" in tmpl:
        tmpl = tmpl.replace(" {tgt}", "").replace(" with", "").replace(" to", "").replace(" against", "").replace(" on", "")
    text = tmpl.format(src=_join(src), tgt=_join(tgt))
    if ev.location and ev.location in by_id and ev.location not in ev.target:  # not "visited Ankara in Ankara"
        loc = by_id[ev.location]
        text += f" in {loc.name_en or loc.name}"
    if ev.date:
        text += f" on {ev.date}"
    prefix = t["status"].get(ev.status, "")
    if prefix and not tmpl.startswith("{"):  # "Reportedly, people were killed"
        text = text[:1].lower() + text[1:]
    return prefix + text


VIOLENT_ROOTS = ("18", "19", "20")


def _has_casualty_figure(doc: Document, t_lo: int, t_hi: int) -> bool:
    """The sentence reports people killed or injured with a figure ("قُتل ثلاثة جنود")."""
    from marsad.extract.counts import counts_in

    return any(c.kind in ("killed", "injured") for c in counts_in(doc, doc.tokens, t_lo, t_hi))


OUTCOME_CODES = frozenset({"180", "1823"})  # killed / injured: also by accidents and disasters


def _names_accident(ctx: _Ctx, t_lo: int, t_hi: int, matches: list[Match]) -> bool:
    """The sentence names an accident or a disaster and no act of violence (only outcome triggers,
    no weapon)."""
    if any(mm.code not in OUTCOME_CODES and mm.code[:2] in VIOLENT_ROOTS for mm in matches):
        return False
    if _names_weapon(ctx, t_lo, t_hi):
        return False  # "قتل سائق مركبة برصاص مسلحين"
    acc = ctx.grammar.accidents
    return any(_blocked(ctx.tokens[i].norm, acc) for i in range(t_lo, t_hi) if ctx.tokens[i].kind == "ar")


def _aggregate(ctx: _Ctx, t_lo: int, t_hi: int, matches: list[Match]) -> bool:
    """The sentence tells a toll over a period ("منذ بداية"، "خلال العام"، "إحصائية") with only
    outcome triggers (killed / injured), no act of violence."""
    if any(mm.code not in OUTCOME_CODES and mm.code[:2] in VIOLENT_ROOTS for mm in matches):
        return False
    return _has_phrase(ctx, t_lo, t_hi, ctx.grammar.aggregate_cues)


def _names_weapon(ctx: _Ctx, t_lo: int, t_hi: int, skip: tuple[int, int] = (0, 0)) -> bool:
    """The sentence names a weapon ("بقذائف الهاون"، "عبوة ناسفة"، "بعدة طعنات"); the tokens
    ``[skip[0], skip[1])`` (the trigger's own words: "سيارة مفخخة") do not count."""
    weapons = ctx.grammar.weapons
    return any(
        _blocked(ctx.tokens[i].norm, weapons)
        for i in range(t_lo, t_hi)
        if ctx.tokens[i].kind == "ar" and not skip[0] <= i < skip[1]
    )


def _has_phrase(ctx: _Ctx, t_lo: int, t_hi: int, phrases: frozenset[tuple[str, ...]]) -> bool:
    """One of ``phrases`` (one or two words, proclitics stripped) among tokens ``[t_lo, t_hi)``."""
    if not phrases:
        return False
    toks = ctx.tokens
    raw = [toks[i].norm for i in range(t_lo, t_hi) if toks[i].kind == "ar"]
    for words in (raw, [_strip_pp(w) for w in raw]):  # "كلمة" is no "ك" + "لمة"
        for k, w in enumerate(words):
            if (w,) in phrases or (k + 1 < len(words) and (w, words[k + 1]) in phrases):
                return True
    return False


def _verbal(ctx: _Ctx, m: Match, t_lo: int, t_hi: int) -> bool:
    """A verbal attack ("هاجم الوزير سياسة الحكومة"، "شن هجوما على حماس في كلمة ألقاها"): an
    abstract object within 4 words after the trigger, or a speech cue in a sentence that names no
    weapon and no casualty figure."""
    trig = m.trig
    if trig.verbal_by:
        lo = m.t1 + 1
        n = 0
        for i in range(lo, t_hi):
            t = ctx.tokens[i]
            if t.kind != "ar":
                continue
            if _blocked(t.norm, trig.verbal_by):
                return True
            n += 1
            if n >= 4:
                break
    if not _has_phrase(ctx, t_lo, t_hi, ctx.grammar.speech_cues):
        return False
    return not (_names_weapon(ctx, t_lo, t_hi) or _has_casualty_figure(ctx.doc, t_lo, t_hi))


CROWD_WINDOW = 4  # words on either side of a protest trigger where its crowd may be named


def _crowd(ctx: _Ctx, d: Draft, left: int, right: int) -> bool:
    """A protest whose clause names its crowd within 4 words of the trigger ("تظاهر المئات"، "آلاف
    الطلاب"، "خرج الأهالي في مسيرة"; not the trigger's own words)."""
    m = d.match
    crowds = ctx.grammar.crowds
    lo, hi = ctx.tok_range(max(left, _word_offset(ctx, m.start, -CROWD_WINDOW)), min(right, _word_offset(ctx, m.end, CROWD_WINDOW)))
    return any(
        _blocked(ctx.tokens[i].norm, crowds)
        for i in range(lo, hi)
        if ctx.tokens[i].kind == "ar" and not m.t0 <= i <= m.t1
    )


def confidence_features(d: Draft, plover: str | None) -> dict[str, float]:
    """The evidence features the confidence is computed from (``scripts/events_reliability.py``
    fits the calibrated map on them)."""
    base = d.base_conf
    return {
        "verb": float(base == BASE_VERB),
        "bare_noun": float(base == 0.30),
        "weak": float(base == 0.20),
        "source": float(bool(d.source) or d.crowd),
        "target": float(bool(d.target) or len(d.source) > 1),
        "date": float(d.date_explicit),
        "place": float(bool(d.location)),
        "evidence": float(min(2, len(d.evidence))),
        "casualties": float(d.casualties),
        "reported": float(d.status == "reported"),
        "assault": float(plover == "ASSAULT"),
        "protest": float(plover == "PROTEST"),
    }


@lru_cache(maxsize=4)
def calibration(data_dir: str | None = None) -> tuple[float, float, float] | None:
    """(a, b, default cut) of the calibrated map ``sigmoid(a * raw + b)`` in ``confidence.toml``
    (written by ``scripts/events_reliability.py --fit``), or None when the file is absent."""
    path = (Path(data_dir) if data_dir else DATA) / "confidence.toml"
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        return float(raw["a"]), float(raw["b"]), float(raw["default_cut"])
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"cannot read confidence.toml: {exc}", value=str(path)) from exc


def calibrate(raw: float, cal: tuple[float, float, float] | None) -> float:
    """The calibrated confidence of a raw evidence score (the raw score itself without a map)."""
    if cal is None:
        return raw
    return round(1.0 / (1.0 + math.exp(-(cal[0] * raw + cal[1]))), 3)


def _confidence(d: Draft) -> float:
    c = d.base_conf
    if d.source or d.crowd:
        c += 0.15
    if d.target or len(d.source) > 1:
        c += 0.15
    if d.date_explicit:
        c += 0.10
    if d.location:
        c += 0.05
    c += 0.05 * min(2, len(d.evidence))
    if d.casualties:
        c += 0.15
    return round(min(c, 0.95), 3)


# ---------------------------------------------------------------------------- the stage
def extract_events(
    doc: Document,
    *,
    lex: Lexicon,
    use_weak: bool = False,
    min_confidence: float = 0.0,
    explain: bool = False,
    calibrated: tuple[float, float, float] | None = None,
) -> list[Event]:
    """Events of ``doc`` (needs sentences, tokens; uses entities, times and quotes when present).
    ``calibrated``: the map of :func:`calibration` (None: the raw evidence score is the confidence).
    ``explain``: keep the confidence features (and the raw score) in ``event.extra["confidence_features"]``."""
    if not doc.sentences or not doc.tokens:
        return []
    ctx = _Ctx(doc)
    date_fn = _clause_date_fn()
    drafts: list[Draft] = []
    for si, sent in enumerate(doc.sentences):
        t_lo, t_hi = ctx.tok_range(sent.start, sent.end)
        matches = find_triggers(doc, lex, t_lo, t_hi, use_weak=use_weak, names=ctx.names, name_starts=ctx.name_starts)
        if matches and any(x.trig.statement for x in matches):
            if any(not x.trig.statement for x in matches):
                # the sentence reports an event: the statement verbs around it are only its frame
                matches = [x for x in matches if not x.trig.statement]
            else:  # the first statement verb, and only when its sentence names two countries (speaker's, target's)
                first = matches[0]
                named = {e.country for _a, _b, e in ctx.mentions_in(sent.start, sent.end) if e.country}
                after = len(named) > 1 and any(e.country for _a, _b, e in ctx.mentions_in(first.end, sent.end))
                matches = [first] if after else []
        if matches and _is_sport(ctx, t_lo, t_hi):
            continue
        sent_drafts: list[Draft] = []
        for k, m in enumerate(matches):
            prev_end = matches[k - 1].end if k else sent.start
            nxt = matches[k + 1].start if k + 1 < len(matches) else sent.end
            left = _clause_left(ctx, sent.start, prev_end, m.start)
            d = Draft(match=m, sent=si, code=m.code, base_conf=BASE_VERB if m.trig.kind == "verb" else BASE_SUPPORTED)
            info0 = lex.code(m.code)
            d.act = not m.trig.consequence and (m.code[:2] not in VIOLENT_ROOTS or bool(info0 and info0.plover == "ASSAULT"))
            if m.trig.origin != "extra" or m.weak:
                d.base_conf = 0.20
            elif m.trig.kind == "noun" and not m.support_before and m.anchor < 0:
                d.base_conf = 0.30
            _arguments(ctx, d, left, nxt)
            if not d.source and _bare_state_body(ctx, m, left, nxt):
                home = ctx.dateline()
                if home is not None:  # "هراري ( اف ب ) - نشرت الحكومة": the dateline's country, a weak fallback
                    d.source = [home]
                    d.target = [t for t in d.target if t != home]
            if m.trig.verbal_cameo and _verbal(ctx, m, t_lo, t_hi):
                d.code = m.trig.verbal_cameo  # "هاجم ماكين رغبة أوباما": criticism, not an assault
            if d.code[:2] == "14" and not d.source:
                d.crowd = _crowd(ctx, d, left, nxt)
            if not d.target and m.trig.kind == "verb" and _object_pronoun(lex, ctx.tokens[m.ti].norm):
                prior = _last_actor_before(ctx, left, exclude=set(d.source))
                if prior is not None:  # "واستقبله الرئيس": the pronoun is the actor named just before
                    d.target = [prior]
            if sent_drafts and m.trig.kind == "verb" and not m.passive:
                head = ctx.tokens[m.ti].norm
                prev = sent_drafts[-1]
                # "حرر الجيش ... رهائن لدى بوكو حرام ... واعتقل": a verb with a conjunction (known only
                # without it) shares the subject of the verb before it, when the actor just before it
                # is that verb's object
                if head[:1] in "وف" and head not in lex.words and prev.source:
                    if not d.source or set(d.source) <= set(prev.target):
                        d.source = list(prev.source)
                        d.target = [t for t in d.target if t not in d.source]
            if m.trig.statement:
                if any(x.match.trig.statement for x in sent_drafts):
                    continue  # "اعلن ... ان اسرائيل تعتبر ان ايران ...": the first statement frames the others
                if not _statement_about(ctx, d, left, nxt, sent.end):
                    continue  # "قال الوزير إن ...": a statement about nobody in particular is no event
            if m.trig.state_cameo and any(_is_state(ctx, i) for i in d.source):
                d.code = m.trig.state_cameo
            if m.trig.adverbial and sent_drafts:
                continue  # "تظاهر ... احتجاجا على": the protest is the event before it
            if m.trig.attach and sent_drafts:
                prev = sent_drafts[-1]
                prev.target = _dedup(prev.target + [t for t in d.target + d.source if t not in prev.source])
                prev.location = prev.location or d.location  # "... الذي استهدف مسجدًا في عسير"
                continue
            if m.weak and not (d.source and d.target):
                continue  # a weak trigger is an event only with both its actors
            _status(ctx, lex, d, sent.start, left)
            if d.status in FACTUAL and _asked(doc.text, sent.start, sent.end, m.end):
                d.status = "hypothetical"  # "هل كان حزب الله يتوقع ... اغتيال ...؟"، "من يقف وراء الاغتيال؟"
            _date(doc, d, Region(sent.start, sent.end), date_fn)
            if d.code[:2] in VIOLENT_ROOTS:
                if d.code in OUTCOME_CODES and _names_accident(ctx, t_lo, t_hi, matches):
                    continue  # "مصرع شخص في حادث مروري"، "قتل 16 ألف شخص في كارثة تسونامي"
                if d.code in OUTCOME_CODES and _aggregate(ctx, t_lo, t_hi, matches):
                    continue  # "مقتل 488 عنصراً" in a monthly statistic, "قتل 76 صحافيا منذ الغزو"
                d.casualties = _names_weapon(ctx, t_lo, t_hi, (m.t0, m.t1 + 1)) or _has_casualty_figure(doc, t_lo, t_hi)
            if (
                sent_drafts
                and _family(sent_drafts[-1].code) == _family(d.code)
                and (sent_drafts[-1].status in FACTUAL) == (d.status in FACTUAL)
                and (d.match.start - sent_drafts[-1].match.end) < 80
            ):
                _absorb(sent_drafts[-1], d, ctx)
                sent_drafts[-1].evidence.pop()  # same sentence: not a further evidence
                continue
            sent_drafts.append(d)
        if any(not x.match.trig.statement for x in sent_drafts):
            # the sentence reports an event: the statement around it is only its frame
            sent_drafts = [x for x in sent_drafts if not x.match.trig.statement]
        drafts.extend(sent_drafts)
    # "الجانبين": participants of the previous event with actors
    for i, d in enumerate(drafts):
        if d.anaphoric and not (d.source and d.target):
            for prev in reversed(drafts[:i]):
                if prev.source or prev.target:
                    parts = prev.source + prev.target
                    d.source = _dedup(d.source + parts[:1]) if not d.source else d.source
                    d.target = _dedup(d.target + [p for p in parts if p not in d.source])
                    break
    # document-level merge
    merged: list[Draft] = []
    for d in drafts:
        home = None
        for prev in reversed(merged):
            if _compatible(ctx, prev, d):
                home = prev
                break
        if home is not None:
            _absorb(home, d, ctx)
        else:
            merged.append(d)
    events: list[Event] = []
    for n, d in enumerate(merged, 1):
        m = d.match
        sent = doc.sentences[d.sent]
        info = lex.code(d.code)
        ev = Event(
            id=f"ev{n}",
            cameo=d.code,
            plover=info.plover if info else None,
            source=d.source,
            target=d.target,
            location=d.location,
            date=d.date,
            status=d.status,
            trigger=Span(m.start, m.end, doc.text[m.start : m.end]),
            sentence=Region(sent.start, sent.end),
            quote=d.quote,
            goldstein=info.goldstein if info else None,
            evidence=_dedup_regions([Region(doc.sentences[s].start, doc.sentences[s].end) for s, _ in d.evidence], sent),
            date_confidence=d.date_conf,
            stage=STAGE,
        )
        ev.extra["trigger_origin"] = m.trig.origin
        raw = _confidence(d)
        ev.confidence = calibrate(raw, calibrated)
        if explain:
            ev.extra["confidence_features"] = {**confidence_features(d, ev.plover), "raw": raw}
        ev.summary_en = summary_en(doc, ev)
        if ev.confidence >= min_confidence:
            events.append(ev)
    return events


def _dedup_regions(regs: list[Region], main: Any) -> list[Region]:
    seen = {(main.start, main.end)}
    out = []
    for r in regs:
        if (r.start, r.end) not in seen:
            seen.add((r.start, r.end))
            out.append(r)
    return out


@register("events", version=VERSION, needs=("tokens", "sentences", "entities", "times", "quotes"), adds=("events",))
def make_events_stage(
    *,
    use_up: bool = True,
    use_weak: bool = False,
    min_confidence: float | None = None,
    data_dir: str | None = None,
    explain: bool = False,
    calibrated: bool = True,
) -> Callable[[Document], Document]:
    """CAMEO/PLOVER events with actors, place, date, status and evidence sentences.

    ``min_confidence``: events under it are dropped; None = the calibrated map's ``default_cut``
    (0.4 on the raw score without a map). ``calibrated=False``: the raw evidence score."""
    lex = load_lexicon(data_dir, use_up=use_up)
    cal = calibration(data_dir) if calibrated else None
    cut = min_confidence if min_confidence is not None else (cal[2] if cal else RAW_CUT)

    def run(doc: Document) -> Document:
        doc.events = extract_events(
            doc, lex=lex, use_weak=use_weak, min_confidence=cut, explain=explain, calibrated=cal
        )
        return doc

    return run
