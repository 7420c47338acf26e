"""Reading the stretch between a speech cue and its content: speaker, channel, relays.

In "وأفاد المتحدث باسم الخارجية التركية، أونجو كيشيلي، في بيان نشره على منصة "إكس"، بأن ..."
the *subject region* is everything between the cue (وأفاد) and the complement (بأن). It is cut at
commas into segments, and each segment is read as

- a channel ("في بيان نشره على منصة "إكس"") -- ``channels.toml``;
- a relay ("لوكالة رويترز") -- an outlet after the preposition ل;
- an adverbial (a time word, a prepositional phrase, a relative clause "التي فضلت ...") -- skipped;
- otherwise a candidate subject.

The speaker is the first candidate, except that a title phrase followed by a name-like
appositive ("المتحدث باسم الخارجية التركية، أونجو كيشيلي") gives the name, and inside a phrase a
PER entity mention or an honorific ("... الأمير فيصل بن فرحان") narrows it to the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.extract.quote_tokens import TokenView

MAX_NAME_WORDS = 5
MAX_PREVERBAL = 8
KANA = frozenset({"كان", "كانت", "كانوا"})
# "نقلت وكالة X عن مصدر" / "نقلت وكالة X قول الوزير": where the relaying outlet ends
RELAY_SPLIT = frozenset({"عن", "قول", "تصريح", "تصريحات"})
# "إلا أن أبوت أقر": contrastive openers before a subject written ahead of its verb
CONTRAST = frozenset({"الا", "غير", "بيد", "ان", "لكن", "ولكن"})
INNER_PREPS = frozenset({"عن", "الي", "علي"})
MIN_SIDE = frozenset({"جهته", "جهتها", "جهتهم", "جانبه", "جانبها", "جانبهم", "ناحيته", "ناحيتها"})
LAM_PRONOUNS = frozenset({"له", "لها", "لهم", "لهما", "لهن", "لي", "لنا", "لك", "لكم"})
QAD = frozenset({"قد", "لقد"})


@dataclass(slots=True)
class SubjectParse:
    """What the subject region holds; spans are character offsets ``(start, end)``."""

    speaker: tuple[int, int] | None = None
    head: int | None = None  # token index of the speaker phrase's first word
    channel: tuple[int, int] | None = None
    relays: list[tuple[int, int]] = field(default_factory=list)
    outlet_speaker: bool = False


def _segments(view: TokenView, a: int, b: int) -> list[list[int]]:
    segs: list[list[int]] = []
    cur: list[int] = []
    for i in range(a, b):
        if view.is_comma(i):
            if cur:
                segs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        segs.append(cur)
    return segs


def strip_marks(view: TokenView, seg: list[int]) -> list[int]:
    """``seg`` without quote marks and brackets around it; a closing mark whose opener is
    inside the phrase stays ("صحيفة "نيويورك تايمز"")."""
    lo, hi = 0, len(seg)
    while lo < hi and view.is_mark(seg[lo]):
        lo += 1
    while hi > lo and (view.is_mark(seg[hi - 1]) or view.is_final(seg[hi - 1])):
        last = view.toks[seg[hi - 1]].text
        inner = [view.toks[i].text for i in seg[lo : hi - 1]]
        if last == '"' and inner.count('"') % 2 == 1:
            break
        if last in ("»", "”", ")") and {"»": "«", "”": "“", ")": "("}[last] in inner:
            break
        hi -= 1
    return seg[lo:hi]


def _channel_at(view: TokenView, seg: list[int], j: int) -> bool:
    """A channel opener ("في بيان") starts at ``seg[j]``."""
    by_first = view.lex.channel_index
    for f in view.forms(seg[j]):
        for opener in by_first.get(f, ()):
            if j + len(opener) > len(seg):
                continue
            if all(view.norm(seg[j + k]) == opener[k] for k in range(1, len(opener))):
                return True
    return False


def lam_outlet(view: TokenView, i: int) -> bool:
    """Token ``i`` is ل + outlet ("لوكالة"، "لصحيفة") or a bare ل/لـ before a name."""
    t = view.toks[i]
    if t.kind != "ar":
        return False
    n = t.norm
    if n == "ل":
        return True
    if n.startswith("ل") and len(n) > 2:
        rest = n[1:]
        lex = view.lex
        return rest in lex.outlet_heads or rest in lex.outlet_names or (
            rest.startswith("ال") and rest[2:] in lex.outlet_names
        )
    return False


def is_outlet(view: TokenView, i: int) -> bool:
    lex = view.lex
    return view.has(i, lex.outlet_heads) or view.has(i, lex.outlet_names)


def _via_in(view: TokenView, seg: list[int]) -> tuple[int, int] | None:
    """The outlet phrase after ل in ``seg`` ("في تصريح لوكالة رويترز" -> "لوكالة رويترز")."""
    for k, i in enumerate(seg):
        if lam_outlet(view, i):
            rest = strip_marks(view, seg[k + 1 :])
            if view.toks[i].norm == "ل":
                if not rest:
                    return None
                return (view.toks[rest[0]].start, view.toks[rest[-1]].end)
            return (view.toks[i].start, view.toks[rest[-1]].end if rest else view.toks[i].end)
    return None


def addressee(view: TokenView, i: int) -> bool:
    """Token ``i`` names whom the words were said to ("له"، "للصحفيين"), not who said them."""
    t = view.toks[i]
    if t.kind != "ar":
        return False
    if t.norm in LAM_PRONOUNS:
        return True
    return t.norm.startswith("ل") and t.base_start > t.start


def _split_lam(view: TokenView, seg: list[int]) -> tuple[tuple[int, int] | None, list[int]]:
    """"لـ"الاقتصادية" مصدر خاص" -> (the outlet "الاقتصادية", the rest "مصدر خاص")."""
    toks = view.toks
    k = 1
    if len(seg) > 1 and toks[seg[1]].text in view.opens:
        k = 2
    if k == 2:
        closer = {"«": "»", "“": "”", '"': '"'}.get(toks[seg[1]].text)
        for m in range(2, len(seg)):
            if toks[seg[m]].text == closer:
                inner = seg[2:m]
                via = (toks[inner[0]].start, toks[inner[-1]].end) if inner else None
                if toks[seg[0]].norm != "ل":
                    via = (toks[seg[0]].start, toks[seg[m]].end)
                return via, seg[m + 1 :]
    return _via_in(view, seg), []


def _inner_cut(view: TokenView, seg: list[int]) -> int:
    """Where a candidate subject segment stops being the subject (a channel, a relative clause,
    a time phrase, a relay)."""
    lex = view.lex
    for j in range(1, len(seg)):
        i = seg[j]
        if view.has(i, lex.relatives) or lam_outlet(view, i) or view.norm(i) in LAM_PRONOUNS:
            return j  # (not any ل-word: "المدير العام للشركة" is a genitive, not an addressee)
        if _channel_at(view, seg, j):
            return j
        n = view.norm(i)
        t = view.toks[i]
        if n.startswith("بال") and t.det and len(seg) - j <= 2 and n not in lex.not_content:
            return j  # "مصدر مطلع بالوفد" (ب + object); not "... بالمركز عبدالله علي مستور"
        if n in INNER_PREPS or (n == "من" and j + 1 < len(seg) and view.norm(seg[j + 1]) in MIN_SIDE):
            return j  # "المسؤولة الأوروبية عن أملها"، "السفير ... من جهته"
        if n in lex.time_words or n in ("خلال", "عبر", "لدي"):
            return j
        if n in lex.titles and j >= 2 and not view.has(seg[0], lex.titles):
            return j
        if n == "في" and j + 1 < len(seg) and view.has(seg[j + 1], lex.time_words):
            return j
    return len(seg)


def _is_adverbial(view: TokenView, seg: list[int]) -> bool:
    lex = view.lex
    first = seg[0]
    n = view.norm(first)
    return (
        n in lex.prepositions
        or view.has(first, lex.time_words)
        or view.has(first, lex.relatives)
        or n in lex.clause_openers
    )


def _namelike(view: TokenView, seg: list[int]) -> bool:
    lex = view.lex
    words = [i for i in seg if view.is_word(i)]
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    first = words[0]
    if view.has(first, lex.titles) or view.has(first, lex.anonymous) or view.norm(first) in lex.prepositions:
        return False
    return all(view.toks[i].kind in ("ar", "lat") for i in words)


def _narrow(view: TokenView, seg: list[int]) -> tuple[int, int, int]:
    """Character span (and head token) of the person inside a speaker phrase."""
    s, e = view.toks[seg[0]].start, view.toks[seg[-1]].end
    for ms, me, ent in view.entities_in(s, e):
        if ent.type == "PER" and ms >= s and me <= e:
            return ms, me, view.index_at(ms)
    lex = view.lex
    for k in range(1, len(seg)):
        if view.norm(seg[k]) in lex.honorifics and k + 1 < len(seg):
            # the person runs from the honorific to the next title ("... المدير العام")
            last = len(seg)
            for m in range(k + 2, len(seg)):
                if view.norm(seg[m]) in lex.titles and view.norm(seg[m]) not in lex.honorifics:
                    last = m
                    break
            return view.toks[seg[k]].start, view.toks[seg[last - 1]].end, seg[k]
    return s, e, seg[0]


def parse_subject(view: TokenView, a: int, b: int, *, relay_verb: bool = False) -> SubjectParse:
    """Read the subject region ``tokens[a:b]`` (the cue and the complement excluded)."""
    out = SubjectParse()
    lex = view.lex
    # "نقلت وكالة X عن مصدر قوله" / "أفادت وكالة X نقلا عن مصادر": outlet before عن, speaker after
    for k in range(a, b):
        n = view.norm(k)
        if (relay_verb and n in RELAY_SPLIT) or (n == "نقلا" and k + 1 < b and view.norm(k + 1) == "عن"):
            outlet = strip_marks(view, [i for i in range(a, k) if not view.is_comma(i)])
            if outlet and not _is_adverbial(view, outlet):  # not "نُقل يوم الإثنين عن ..."
                out.relays.append((view.toks[outlet[0]].start, view.toks[outlet[-1]].end))
            a = k + 2 if n == "نقلا" else k + 1
            while b > a and (view.has(b - 1, lex.speech_nouns) or view.is_comma(b - 1)):
                b -= 1
            break
    cands: list[list[int]] = []
    for raw in _segments(view, a, b):
        seg = strip_marks(view, raw)
        if not seg:
            continue
        if _channel_at(view, seg, 0):
            if out.channel is None:
                end = raw[-1]
                out.channel = (view.toks[seg[0]].start, view.toks[end].end)
            via = _via_in(view, seg)
            if via:
                out.relays.append(via)
            continue
        if lam_outlet(view, seg[0]):
            via, seg = _split_lam(view, seg)
            if via:
                out.relays.append(via)
            seg = strip_marks(view, seg)
            if not seg:
                continue
        while seg and (c := view.cue(seg[0])) is not None and c.kind == "participle":
            seg = seg[1:]  # "وتابع قائلا: ..." -- a manner participle, not a subject
        if not seg:
            continue
        if addressee(view, seg[0]):
            seg = strip_marks(view, seg[1:])  # "وقالت له إحداهن"
            if not seg:
                continue
        if _is_adverbial(view, seg):
            continue
        cut = _inner_cut(view, seg)
        head = strip_marks(view, seg[:cut])
        if head:
            cands.append(head)
        rest = seg[cut:]
        if rest:
            if _channel_at(view, rest, 0) and out.channel is None:
                out.channel = (view.toks[rest[0]].start, view.toks[raw[-1]].end)
            via = _via_in(view, rest)
            if via:
                out.relays.append(via)
    if not cands:
        return out
    spk = cands[0]
    if view.has(spk[0], lex.titles) and len(cands) > 1 and _namelike(view, cands[1]):
        spk = cands[1]
    if is_outlet(view, spk[0]):
        # "وأفادت وكالة دوغان أن ...": the outlet reports on its own account -- it is the
        # speaker, not a relay of someone else's words
        out.outlet_speaker = True
    s, e, head = _narrow(view, spk)
    out.speaker = (s, e)
    out.head = head
    return out


def preverbal_subject(view: TokenView, lo: int, cue: int) -> list[int] | None:
    """A subject written before the cue: "وكان الوزير قد أكد ..." or "الوزير أكد ..."."""
    lex = view.lex
    start = lo
    for i in range(cue - 1, lo - 1, -1):
        if view.is_comma(i):
            start = i + 1
            break
    idx = [i for i in range(start, cue)]
    while idx and view.norm(idx[-1]) in QAD:
        idx.pop()
    kana = False
    while idx and (view.has(idx[0], lex.clause_openers) or view.norm(idx[0]) in ("و", "ف", *CONTRAST)):
        idx.pop(0)
    if idx and view.has(idx[0], KANA):
        idx.pop(0)
        kana = True
    idx = strip_marks(view, idx)
    if not idx or len(idx) > MAX_PREVERBAL or any(not view.is_word(i) and not view.is_mark(i) for i in idx):
        return None
    if kana:
        return idx
    first = idx[0]
    if view.has(first, lex.titles) or view.has(first, lex.anonymous) or is_outlet(view, first):
        return idx
    if view.has(first, lex.organizations) and len(idx) <= 3:
        return idx
    tok = view.toks[first]
    for ms, _me, ent in view.entities_in(tok.start, tok.end):
        if ent.type in ("PER", "ORG") and ms <= tok.base_start:
            return idx
    return None
