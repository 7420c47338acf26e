"""The ``quotes`` stage: who said what, in which words, through whom.

For every body sentence the stage looks for speech cues (``marsad/data/quotes/cues.toml``):

- **verbs** in any person/tense, matched on the normalized token with or without و/ف
  ("وأشارت" -> أشار). A verb is a cue only when content follows: a complementizer (أن، إن، بأن،
  إلى أن، على أن ...), a colon, or a quotation in «» “” "" of at least ``min_direct_words`` words
  closed at a clause boundary; failing those, a verbal noun after a preposition the verb governs
  ("أفاد مصدر بمقتل ..."، "شدد على ضرورة ..."; per verb in the data -- not دعا إلى/طالب ب, which
  are calls, not reports). Ambiguous forms (بين "between") need the content close and no comma
  before it. Between the cue and the content lies the subject region, read by
  :mod:`marsad.extract.quote_speakers` (speaker, channel, relays). With no subject there, a subject
  written before the verb ("وكان الوزير قد أكد") is used, else the speaker of the previous quote
  (pronoun subject: "وأضاف أن").
- **participles** ("مؤكدًا أن"، "مشيرا إلى أن") keep the speaker of the quote before them in the
  same sentence; with none, they take the subject after the sentence's opening verb when it is
  linked to a PER/ORG entity or is a short speaker-like phrase; otherwise speaker_text is "".
- **nominal attributions** ("بحسب ما نقلته وكالة "رويترز""، "وفقا لمصادر"، "نقلا عن"): naming a
  media outlet they are *relays* of the sentence's quotes; naming a source in a sentence without
  a verb cue they are quotes themselves (cue_en "according to").

Content conventions (those of ``gold/seed.json``): an indirect content starts at the
complementizer, with its preposition ("إلى أن ..."، "بأن ..."), and runs to the end of the
sentence, final punctuation included, or to the comma before a following cue, participle or
relay ("، بحسب ..."، "، مؤكدًا ..."), comma excluded. A direct content is the text inside the
quote marks. Cues inside an earlier quote's content are not new quotes ("المحادثات أكدت
استمرار"), nor are cues of background relative clauses ("في وقت تؤكد فيه إسرائيل أن").

Speakers: ``speaker_text`` is the phrase as written, without quote marks; ``speaker`` is the id of
the PER entity inside it (or of the ORG/LOC entity the phrase starts with) when ``doc.entities``
has one. A media outlet as subject ("وأفادت وكالة دوغان أن") is the speaker itself (its ORG
entity), not a relay; a document ("وأفاد بيان للوزارة") speaks for the organization named in it,
and "البيان" later is the same document. Unnamed sources ("مصادر أمنية تركية"، "مسؤول"،
"الكثير") keep ``speaker`` null; a later definite mention of the same head ("المصادر") is the same
source. A short name ("كيشيلي") is the same
speaker as an earlier full name ending with it ("أونجو كيشيلي").

Relays (``via``) -- the rule: a relay phrase in a sentence applies to the quotes of that sentence.
A *trailing* relay (placed after the content: "...، بحسب ما نقلته وكالة رويترز.") also applies
backwards to the uninterrupted run of quotes of the *same* speaker just before them, as far back
as the previous paragraph (a news writer names the agency once, at the end of what it reported);
an *inline* relay (next to the speaker: "وشدد السفير، وفقا لما نقلته الوكالة، على ...") covers its
own clause only. A relay never applies forwards to later quotes that restate the source. Relays
inside the subject region ("نقلت وكالة X عن مصدر قوله"، "قال مسؤول لرويترز") belong to that quote. Quotes
continuing a speaker without naming it (participles, "وأضاف أن") inherit the via of the quote they
continue. ``via`` holds entity ids; the outlet phrases as written are in the extra field
``via_text``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from marsad.arabic.normalize import norm
from marsad.arabic.segment import MAX_QUOTE, punct
from marsad.arabic.tokenize import tokenize
from marsad.document import Document, Quote, Region
from marsad.extract.quote_lexicon import Cue, QuoteLexicon, lexicon
from marsad.extract.quote_speakers import (
    SubjectParse,
    is_outlet,
    lam_outlet,
    parse_subject,
    preverbal_subject,
    strip_marks,
)
from marsad.extract.quote_tokens import TokenView
from marsad.pipeline import register

VERSION = "1"
TAG = f"quotes@{VERSION}"
MAX_SOURCE_WORDS = 8
PARTICIPLE_GAP = 3
NOT_WITH_WINDOW = 6  # first content words searched for a verb's not_with words
MIN_MID_SENTENCE = 3  # words before a subjectless cue that make it continue its own sentence
MAX_CLAUSE_SUBJECT = 3  # words of an unlinked subject read before a participle cue
_PAIRS: dict[str, str] = dict(punct().quotes)
_NAQLAN = frozenset({"نقلا"})
# (speaker_text, speaker entity id, speaker key, anonymous-source head, document head)
_Speaker = tuple[str, str | None, str, str | None, str | None]


@dataclass(slots=True)
class _Found:
    quote: Quote
    key: str
    sent: int
    para: int
    anon_head: str | None
    doc_head: str | None = None
    via_text: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Nominal:
    trig: int  # token index of بحسب / وفقا / نقلا ...
    src: list[int]  # token indices of the source phrase
    end: int  # token index after the phrase
    outlet: bool
    plausible: bool


@dataclass(slots=True)
class _Content:
    start: int
    end: int
    direct: bool
    subj_end: int  # token index where the subject region stops


class _Finder:
    def __init__(self, doc: Document, lex: QuoteLexicon, *, min_direct_words: int) -> None:
        self.doc = doc
        self.lex = lex
        self.view = TokenView(doc, lex)
        self.min_direct = min_direct_words
        self.found: list[_Found] = []
        self.relays: list[tuple[int, int, list[str], list[str], bool]] = []
        self._anon = 0

    # -- driver ------------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        view = self.view
        # only sentences holding a cue or a nominal trigger are read (one set look-up a token)
        hot = self.lex.hot
        cands = [i for i, t in enumerate(view.toks) if t.norm in hot]
        sents = self.doc.sentences
        starts = [s.start for s in sents]
        by_sent: dict[int, list[int]] = {}
        for i in cands:
            si = bisect_right(starts, view.toks[i].start) - 1
            if si >= 0 and view.toks[i].start < sents[si].end and sents[si].kind == "body":
                by_sent.setdefault(si, []).append(i)
        for si, idx in by_sent.items():
            sent = sents[si]
            rng = view.range_of(sent.start, sent.end)
            self._sentence(si, sent.paragraph, rng.start, rng.stop, sent.end, idx)
        self._propagate()
        out: list[Quote] = []
        for n, f in enumerate(sorted(self.found, key=lambda f: f.quote.cue.start), start=1):
            q = f.quote
            q.id = f"q{n}"
            q.via = list(dict.fromkeys(q.via))
            if f.via_text:
                q.extra["via_text"] = list(dict.fromkeys(f.via_text))
            out.append(q)
        return out

    def _sentence(self, si: int, para: int, lo: int, hi: int, send: int, cands: list[int]) -> None:
        view = self.view
        nominals = self._nominals(lo, hi, cands)
        zone: set[int] = set()
        for nom in nominals:
            zone.update(range(nom.trig, nom.end))
        triggers = {nom.trig for nom in nominals}
        before = len(self.found)
        for i in cands:
            if i in zone:
                continue
            cue = view.cue(i)
            if cue is None or self._inside_content(view.toks[i].start) or self._background(i, lo):
                continue
            if cue.kind == "participle":
                self._participle(i, cue, si, para, lo, hi, send, triggers)
            else:
                self._verb(i, cue, si, para, lo, hi, send, triggers)
        made = self.found[before:]
        for nom in nominals:
            ids, text = self._relay(nom)
            if made:
                if nom.outlet:
                    # after the content: it closes what the source said and also covers the
                    # source's run just before; next to the speaker: its own clause only
                    trailing = view.toks[nom.trig].start >= made[0].quote.content.start
                    self.relays.append((si, para, ids, [text], trailing))
            elif nom.plausible:
                self._nominal_quote(nom, si, para, lo, hi, send, ids, text)
                made = self.found[before:]

    # -- helpers: quotations, content ------------------------------------------------------
    def _para_bounds(self, para: int) -> tuple[int, int]:
        paras = self.doc.paragraphs
        if para < len(paras):
            return paras[para].start, paras[para].end
        return 0, len(self.doc.text)

    def _region_at(self, i: int, para: int) -> Region | None:
        """The quotation opened by the quote mark at token ``i`` (marks excluded), if it closes
        inside the paragraph; nested pairs of the same kind are skipped."""
        t = self.view.toks[i]
        closer = _PAIRS.get(t.text)
        if closer is None:
            return None
        text = self.doc.text
        lim = min(self._para_bounds(para)[1], t.start + MAX_QUOTE)
        pos = t.start + 1
        depth = 0
        while True:
            j = text.find(closer, pos, lim)
            if j < 0:
                return None
            if closer != t.text:
                depth += text.count(t.text, pos, j)
                if depth > 0:
                    depth -= 1
                    pos = j + 1
                    continue
            return Region(start=t.start + 1, end=j) if j > t.start + 1 else None

    def _region_before(self, i: int, para: int) -> Region | None:
        """The quotation closed by the quote mark at token ``i``."""
        t = self.view.toks[i]
        opener = next((o for o, c in _PAIRS.items() if c == t.text), None)
        if opener is None:
            return None
        lo = max(self._para_bounds(para)[0], t.start - MAX_QUOTE)
        j = self.doc.text.rfind(opener, lo, t.start)
        return Region(start=j + 1, end=t.start) if 0 <= j < t.start - 1 else None

    def _inside_content(self, offset: int) -> bool:
        """``offset`` lies in an earlier quote, between its cue and the end of its content
        (its subject region included: "وتابع قائلا: «...»" is one quote)."""
        for f in reversed(self.found[-6:]):
            q = f.quote
            if min(q.cue.start, q.content.start) <= offset < max(q.cue.end, q.content.end):
                return True
        return False

    def _background(self, i: int, lo: int) -> bool:
        view, lex = self.view, self.lex
        if i + 1 < len(view.toks) and view.has(i + 1, lex.background_after):
            return True
        return any(k >= lo and view.has(k, lex.background_before) for k in (i - 1, i - 2))

    def _direct_ok(self, region: Region, hi: int) -> bool:
        view = self.view
        inside = [k for k in view.range_of(region.start, region.end) if view.is_word(k)]
        if len(inside) < self.min_direct or view.has(inside[0], self.lex.relatives):
            return False  # a name in quotes, or a relative clause ("...«والتي ترمي...»")
        after = view.index_at(region.end + 1)
        return after >= hi or view.is_comma(after) or view.is_final(after) or view.is_colon(after)

    def _abbreviation(self, j: int) -> bool:
        """The period at token ``j`` closes a one- or two-letter abbreviation ("د. خالد")."""
        toks = self.view.toks
        if j == 0 or toks[j].text != "." or toks[j - 1].end != toks[j].start:
            return False
        return toks[j - 1].kind == "ar" and len(toks[j - 1].norm) <= 2

    def _comp_ok(self, j: int) -> bool:
        return j == 0 or not self.view.has(j - 1, self.lex.comp_not_after)

    def _find_content(
        self,
        i: int,
        para: int,
        hi: int,
        send: int,
        gap: int,
        triggers: set[int],
        governs: frozenset[str] = frozenset(),
    ) -> _Content | None:
        """Content introduced after the cue at token ``i`` (within ``gap`` tokens): a
        complementizer, a colon or a quotation; failing those, a verbal noun after one of the
        prepositions the verb ``governs``."""
        found = self._complement_content(i, para, hi, send, gap, triggers)
        if found is None and governs:
            found = self._governed_content(i, para, hi, send, gap, triggers, governs)
        return found

    def _governed_content(
        self,
        i: int,
        para: int,
        hi: int,
        send: int,
        gap: int,
        triggers: set[int],
        governs: frozenset[str],
    ) -> _Content | None:
        view, lex = self.view, self.lex
        toks = view.toks
        for j in range(i + 1, min(hi, i + 1 + gap)):
            t = toks[j]
            if t.kind == "punct":
                if view.is_colon(j) or (view.is_final(j) and not self._abbreviation(j)):
                    return None
                continue
            if t.kind != "ar" or view.entities_in(t.start, t.end):
                continue
            if j > i + 1 and (other := view.cue(j)) is not None and other.kind == "verb":
                return None
            if t.norm in governs:
                nxt = j + 1
                if nxt < hi and toks[nxt].kind == "ar" and toks[nxt].norm not in lex.not_content:
                    return _Content(t.start, self._clause_end(j, para, hi, send, triggers), False, j)
            elif (
                "ب" in governs
                and t.norm.startswith("ب")
                and t.base_start > t.start
                and t.norm not in lex.not_content
            ):
                return _Content(t.start, self._clause_end(j, para, hi, send, triggers), False, j)
        return None

    def _complement_content(
        self, i: int, para: int, hi: int, send: int, gap: int, triggers: set[int]
    ) -> _Content | None:
        view, lex = self.view, self.lex
        toks = view.toks
        j = i + 1
        limit = min(hi, i + 1 + gap)
        while j < limit:
            t = toks[j]
            if t.kind == "punct":
                if view.is_final(j) and not self._abbreviation(j):
                    return None
                if view.is_colon(j):
                    k = j + 1
                    if k >= hi:
                        return None
                    region = self._region_at(k, para) if toks[k].text in view.opens else None
                    if region is not None:
                        return _Content(region.start, region.end, True, j)
                    return _Content(toks[k].start, self._clause_end(k, para, hi, send, triggers), False, j)
                if t.text in view.opens:
                    region = self._region_at(j, para)
                    if region is not None:
                        if self._direct_ok(region, hi):
                            return _Content(region.start, region.end, True, j)
                        j = max(j + 1, view.index_at(region.end + 1))
                        continue
            elif t.kind == "ar":
                if j > i + 1:
                    # another verb, or a participle opening its own clause ("، مشيرا إلى أن"):
                    # what follows is not this cue's content
                    other = view.cue(j)
                    if other is not None and t.norm not in lex.complements:
                        return None
                w = None
                if t.norm in lex.complements:
                    w = j
                elif j + 1 < hi and t.norm in lex.comp_preps and toks[j + 1].norm in lex.complements:
                    w = j + 1
                if w is not None and self._comp_ok(j) and not view.entities_in(t.start, t.end):
                    nxt = w + 1
                    if nxt < hi and toks[nxt].text in view.opens:
                        region = self._region_at(nxt, para)
                        if region is not None and self._direct_ok(region, hi):
                            return _Content(region.start, region.end, True, j)
                    return _Content(t.start, self._clause_end(w, para, hi, send, triggers), False, j)
            j += 1
        return None

    def _clause_start(self, k: int, triggers: set[int]) -> bool:
        view = self.view
        if k in triggers:
            return True
        cue = view.cue(k)
        if cue is not None:
            return True
        return view.has(k, self.lex.clause_openers) and k + 1 < len(view.toks) and view.cue(k + 1) is not None

    def _clause_end(self, c: int, para: int, hi: int, send: int, triggers: set[int]) -> int:
        """End offset of an indirect content whose complementizer is token ``c``."""
        view = self.view
        toks = view.toks
        k = c + 1
        end = send
        while k < hi:
            t = toks[k]
            if t.kind == "punct":
                if t.text in view.opens:
                    region = self._region_at(k, para)
                    if region is not None:
                        k = max(k + 1, view.index_at(region.end + 1))
                        continue
                if view.is_comma(k) and k + 1 < hi and self._clause_start(k + 1, triggers):
                    end = t.start
                    break
            elif k in triggers:
                end = t.start
                break
            elif t.norm.startswith("و") and k > c + 1:
                cue = view.cue(k)
                if (
                    cue is not None
                    and cue.kind == "verb"
                    and self._find_content(k, para, hi, send, 4, set()) is not None
                ):
                    end = t.start
                    break
            k += 1
        text = self.doc.text
        while end > toks[c].start and (text[end - 1].isspace() or text[end - 1] in ",،"):
            end -= 1
        return end

    # -- speakers -----------------------------------------------------------------------------
    def _head_in(self, head: int, words: frozenset[str]) -> str | None:
        for f in self.view.forms(head):
            if f in words:
                return f
        return None

    def _anon_head(self, head: int) -> str | None:
        return self._head_in(head, self.lex.anonymous)

    def _link(self, s: int, e: int, head: int, anon: bool) -> str | None:
        if anon:
            return None
        view = self.view
        ents = view.entities_in(s, e)
        for _ms, _me, ent in ents:
            if ent.type == "PER":
                return ent.id
        if view.has(head, self.lex.titles):
            return None
        ht = view.toks[head]
        for _ms, _me, ent in ents:
            if _ms < ht.end and _me > ht.start:
                return ent.id
        if is_outlet(view, head) or view.has(head, self.lex.documents):
            # "وكالة (دوغان)"، "بيان للوزارة": the outlet or the organization inside the phrase
            for _ms, _me, ent in ents:
                if ent.type == "ORG":
                    return ent.id
        return None

    def _key(self, speaker_text: str, entity: str | None, anon_head: str | None, head: int | None) -> str:
        if entity:
            return "ent:" + entity
        if anon_head:
            first = norm(speaker_text.split()[0]) if speaker_text.split() else ""
            if first.startswith("ال") or first.startswith("وال"):
                for f in reversed(self.found):
                    if f.anon_head == anon_head:
                        return f.key
            self._anon += 1
            return f"anon:{self._anon}"
        words = norm(speaker_text).split()
        if not words:
            return ""
        if head is not None and self.view.has(head, self.lex.titles):
            return "title:" + " ".join(words)
        return "name:" + words[-1]

    def _speaker(self, s: int, e: int, head: int) -> _Speaker:
        """(speaker_text, entity id, key, anonymous head) of the phrase ``text[s:e]``."""
        text = self.doc.text[s:e].strip()
        anon = self._anon_head(head)
        entity = self._link(s, e, head, anon is not None)
        key = self._key(text, entity, anon, head)
        doc_head = self._head_in(head, self.lex.documents)
        if entity is None and doc_head and norm(text).startswith("ال"):
            # "وأضاف البيان" -- the statement named before
            for f in reversed(self.found):
                if f.doc_head == doc_head:
                    return text, f.quote.speaker, f.key, anon, doc_head
        if entity is None and key.startswith("name:"):
            for f in reversed(self.found):
                prev = norm(f.quote.speaker_text).split()
                if f.key.startswith("ent:") and prev and prev[-1] == key[5:]:
                    entity, key = f.quote.speaker, f.key
                    break
        return text, entity, key, anon, doc_head

    def _balanced_end(self, last: int) -> int:
        """End of a phrase ending at token ``last``, its closing quote mark included when the
        phrase opened one ("وكالة "رويترز"")."""
        view = self.view
        toks = view.toks
        end = toks[last].end
        nxt = last + 1
        if nxt < len(toks) and toks[nxt].text in view.closes and toks[nxt].start == end:
            seen = self.doc.text[max(0, end - 80) : end]
            if toks[nxt].text == '"' and seen.count('"') % 2 == 1:
                return toks[nxt].end
            opener = next((o for o, c in _PAIRS.items() if c == toks[nxt].text and o != c), None)
            if opener and seen.rfind(opener) > seen.rfind(toks[nxt].text):
                return toks[nxt].end
        return end

    def _relay_ids(self, spans: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
        ids: list[str] = []
        texts: list[str] = []
        for s, e in spans:
            texts.append(self.doc.text[s:e])
            for _ms, _me, ent in self.view.entities_in(s, e):
                if ent.type in ("ORG", "MISC") and ent.id not in ids:
                    ids.append(ent.id)
        return ids, texts

    # -- cues -----------------------------------------------------------------------------------
    def _add(
        self,
        *,
        cue_tok: int,
        cue: Cue | None,
        cue_en: str,
        content: tuple[int, int],
        direct: bool,
        speaker: _Speaker,
        si: int,
        para: int,
        channel: tuple[int, int] | None = None,
        via: tuple[list[str], list[str]] = ([], []),
    ) -> None:
        doc = self.doc
        t = self.view.toks[cue_tok]
        text, entity, key, anon, doc_head = speaker
        q = Quote(
            id="",
            speaker=entity,
            speaker_text=text,
            cue=doc.span(t.start, t.end),
            content=doc.span(*content),
            direct=direct,
            via=list(via[0]),
            channel=doc.span(*channel) if channel else None,
            cue_en=cue_en,
            stage=TAG,
        )
        found = _Found(quote=q, key=key, sent=si, para=para, anon_head=anon, doc_head=doc_head)
        found.via_text = list(via[1])
        self.found.append(found)

    def _continue_from(self, prev: _Found | None) -> tuple[_Speaker, tuple[list[str], list[str]]]:
        if prev is None:
            return ("", None, "", None, None), ([], [])
        q = prev.quote
        speaker = (q.speaker_text, q.speaker, prev.key, prev.anon_head, prev.doc_head)
        return speaker, (list(q.via), list(prev.via_text))

    def _verb(
        self, i: int, cue: Cue, si: int, para: int, lo: int, hi: int, send: int, triggers: set[int]
    ) -> None:
        view = self.view
        toks = view.toks
        lex = self.lex
        if i + 1 < len(toks) and view.has(i, lex.impersonal) and toks[i + 1].norm in lex.complements:
            return  # "يذكر أن ..." -- "it is worth noting that", the writer's own voice
        gap = self.lex.strict_gap if cue.strict else self.lex.max_gap
        content = self._find_content(i, para, hi, send, gap, triggers, cue.governs)
        if content is not None and cue.strict and any(
            view.is_comma(k) for k in range(i + 1, min(content.subj_end, hi))
        ):
            return  # "بين أكبر شركات التعدين، ..." is "between", not "explained"
        if content is not None and cue.not_with:
            first = view.range_of(content.start, content.end)
            window = [*range(i + 1, min(content.subj_end, hi)), *first[:NOT_WITH_WINDOW]]
            if any(view.has(k, cue.not_with) for k in window):
                return
        subj_end: int
        if content is None:
            # the quotation before the cue: «...»، قال الوزير.
            if i - 2 < 0 or not view.is_comma(i - 1) or toks[i - 2].text not in view.closes:
                return
            region = self._region_before(i - 2, para)
            if region is None or not self._direct_ok(region, hi):
                return
            content = _Content(region.start, region.end, True, i + 1)
            subj_end = i + 1
            while subj_end < hi and not view.is_comma(subj_end) and not view.is_final(subj_end):
                subj_end += 1
        else:
            subj_end = content.subj_end
        parse: SubjectParse = parse_subject(view, i + 1, subj_end, relay_verb=cue.relay)
        via = self._relay_ids(parse.relays)
        if parse.speaker is not None and parse.head is not None:
            speaker = self._speaker(parse.speaker[0], parse.speaker[1], parse.head)
        else:
            pre = preverbal_subject(view, lo, i)
            clause = None
            if not pre and sum(1 for k in range(lo, i) if view.is_word(k)) >= MIN_MID_SENTENCE:
                # "فرضت الحكومة ... عقوبات ... وقالت إنهم": the cue continues the sentence's
                # own subject, not the previous quote's speaker
                clause = self._clause_subject(lo, i)
            if pre:
                speaker = self._speaker(toks[pre[0]].start, toks[pre[-1]].end, pre[0])
            elif clause is not None:
                speaker = clause
            else:
                speaker, inherited = self._continue_from(self.found[-1] if self.found else None)
                via = (via[0] + inherited[0], via[1] + inherited[1])
        self._add(
            cue_tok=i, cue=cue, cue_en=cue.en, content=(content.start, content.end), direct=content.direct,
            speaker=speaker, si=si, para=para, channel=parse.channel, via=via,
        )

    def _participle(
        self, i: int, cue: Cue, si: int, para: int, lo: int, hi: int, send: int, triggers: set[int]
    ) -> None:
        content = self._find_content(i, para, hi, send, PARTICIPLE_GAP, triggers, cue.governs)
        if content is None:
            return
        prev = next((f for f in reversed(self.found) if f.sent == si), None)
        if prev is None and (subject := self._clause_subject(lo, i)) is not None:
            speaker, via = subject, ([], [])
        else:
            speaker, via = self._continue_from(prev)
        self._add(
            cue_tok=i, cue=cue, cue_en=cue.en, content=(content.start, content.end), direct=content.direct,
            speaker=speaker, si=si, para=para, via=via,
        )

    def _clause_subject(self, lo: int, i: int) -> _Speaker | None:
        """Subject of the main verb of a sentence whose participle is a cue ("ورفع الأمير
        فيصل الشكر ...، مؤكدا أن"): the verb opens the sentence, the subject follows it. Only a
        phrase that starts like a speaker (a title, an unnamed source, an outlet, a PER/ORG
        entity) is taken."""
        view, lex = self.view, self.lex
        first = lo
        while first < i and not view.is_word(first):
            first += 1
        if first >= i or view.norm(first) in lex.prepositions or view.has(first, lex.clause_openers):
            return None
        end = first + 1
        while (
            end < i
            and not view.is_comma(end)
            and view.norm(end) not in lex.complements
            and end - first <= MAX_SOURCE_WORDS
        ):
            end += 1
        parse = parse_subject(view, first + 1, end)
        if parse.speaker is None or parse.head is None:
            return None
        head = parse.head
        tok = view.toks[head]
        named = any(ent.type in ("PER", "ORG") for _s, _e, ent in view.entities_in(tok.start, tok.end))
        if not named:
            # without an entity the subject's end is unknown (an object follows it): take only a
            # short phrase headed like a speaker
            short = len(view.range_of(*parse.speaker)) <= MAX_CLAUSE_SUBJECT
            if not short or not (
                view.has(head, lex.titles)
                or view.has(head, lex.anonymous)
                or view.has(head, lex.organizations)
                or is_outlet(view, head)
            ):
                return None
        return self._speaker(parse.speaker[0], parse.speaker[1], head)

    # -- nominal attributions ----------------------------------------------------------------
    def _nominals(self, lo: int, hi: int, cands: list[int]) -> list[_Nominal]:
        view, lex = self.view, self.lex
        out: list[_Nominal] = []
        done = lo
        for i in cands:
            if i < done or not view.has(i, lex.nominal_triggers) or view.toks[i].kind != "ar":
                continue
            j = i + 1
            if view.has(i, _NAQLAN) and not (j < hi and view.norm(j) == "عن"):
                continue
            while j < hi and (view.has(j, lex.nominal_fillers) or view.has(j, lex.nominal_filler_verbs)):
                j += 1
            k = j
            opener = view.toks[j].text if j < hi else ""
            closer = ")" if opener == "(" else _PAIRS.get(opener)
            while k < hi and not view.is_comma(k) and not view.is_final(k) and k - j < MAX_SOURCE_WORDS:
                if k > j and view.cue(k) is not None:
                    break  # "وبحسب (وام) أكد المصرف ...": the source ends before the next cue
                k += 1
                if closer is not None and view.toks[k - 1].text == closer and k - 1 > j:
                    break  # "(وام)" / «...»: a bracketed source ends with its closing mark
            src = strip_marks(view, list(range(j, k)))
            done = k
            if not src:
                continue
            outlet = any(is_outlet(view, s) or lam_outlet(view, s) for s in src[:2])
            plausible = outlet or view.has(src[0], lex.anonymous) or view.has(src[0], lex.titles)
            if not plausible:
                s0 = view.toks[src[0]]
                plausible = any(
                    ent.type in ("PER", "ORG") and ms < s0.end
                    for ms, _me, ent in view.entities_in(s0.start, view.toks[src[-1]].end)
                )
            if plausible:
                out.append(_Nominal(trig=i, src=src, end=k, outlet=outlet, plausible=plausible))
        return out

    def _relay(self, nom: _Nominal) -> tuple[list[str], str]:
        toks = self.view.toks
        s, e = toks[nom.src[0]].start, self._balanced_end(nom.src[-1])
        ids, texts = self._relay_ids([(s, e)])
        return ids, texts[0]

    def _nominal_quote(
        self, nom: _Nominal, si: int, para: int, lo: int, hi: int, send: int, ids: list[str], text: str
    ) -> None:
        view = self.view
        toks = view.toks
        first_word = lo
        while first_word < hi and not view.is_word(first_word):
            first_word += 1
        if nom.trig == first_word:
            k = nom.end + 1 if nom.end < hi and view.is_comma(nom.end) else nom.end
            if k >= hi:
                return
            content = (toks[k].start, self._clause_end(k, para, hi, send, set()))
        elif nom.trig > lo and view.is_comma(nom.trig - 1):
            content = (toks[first_word].start, toks[nom.trig - 1].start)
        else:
            return
        words = sum(1 for k in view.range_of(*content) if view.is_word(k))
        if words < self.min_direct:
            return
        s, e = toks[nom.src[0]].start, toks[nom.src[-1]].end
        head = nom.src[0]
        if lam_outlet(view, head) and view.norm(head) == "ل" and len(nom.src) > 1:
            head = nom.src[1]
        speaker = self._speaker(s, e, head)
        via = (ids, [text]) if nom.outlet else ([], [])
        self._add(
            cue_tok=nom.trig, cue=None, cue_en=self.lex.nominal_en, content=content, direct=False,
            speaker=speaker, si=si, para=para, via=via,
        )

    # -- relays ------------------------------------------------------------------------------
    def _propagate(self) -> None:
        found = self.found
        for si, para, ids, texts, trailing in self.relays:
            idx = [n for n, f in enumerate(found) if f.sent == si]
            if not idx:
                continue
            for n in idx:
                found[n].quote.via.extend(ids)
                found[n].via_text.extend(texts)
            key = found[idx[0]].key if trailing else ""
            n = idx[0] - 1
            while key and n >= 0 and found[n].key == key and found[n].para >= para - 1:
                found[n].quote.via.extend(ids)
                found[n].via_text.extend(texts)
                n -= 1


def find_quotes(doc: Document, *, lex: QuoteLexicon | None = None, min_direct_words: int = 3) -> list[Quote]:
    """The quotes of ``doc`` (sentences and tokens must be set)."""
    if not doc.tokens and doc.text:
        doc.tokens = tokenize(doc.text)
    return _Finder(doc, lex or lexicon(), min_direct_words=min_direct_words).run()


@register("quotes", version=VERSION, needs=("sentences", "tokens"), adds=("quotes",))
def make_quotes_stage(
    *, data_dir: str | None = None, min_direct_words: int = 3
) -> Callable[[Document], Document]:
    """Attributed speech: cue, speaker, content (direct/indirect), channel and relays."""
    lex = lexicon(data_dir)

    def run(doc: Document) -> Document:
        doc.quotes = find_quotes(doc, lex=lex, min_direct_words=min_direct_words)
        return doc

    return run
