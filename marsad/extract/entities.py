"""The ``entities`` stage: named entities found, linked to the knowledge base and resolved.

Three sources of mentions, merged:
1. knowledge-base names, longest match over token *bases* (clitics off: the mention of "وتركيا"
   is "تركيا", of "بإسطنبول" is "إسطنبول"), with spelling variants (``marsad.resolve.kb``);
2. composed organizations: a ministry or body head and a nationality adjective or country
   ("وزارة الخارجية التركية", "الخارجية التركية", "الجيش السوداني");
3. the NER tagger (``marsad.extract.ner``) when its model is installed, for names not in the KB.

Names that are also common words ("العربية", "المدينة", "فتح") count only with a cue (قناة،
وكالة، مدينة ...), in quotes, in a byline, or when the tagger agrees. Each mention is linked
(``marsad.resolve.link.choose``: population, the document's countries, its outlet's country, the
region named in the same sentence) and mentions are grouped into entities: one per KB record, and
for names the KB lacks, one per person (a surname alone joins the full name: "كيشيلي" ->
"أونجو كيشيلي"). A capital used as an actor ("دعت واشنطن") joins its country as its government.
A person's actor code comes from the KB (when in office on the publication date) or from the
title, nationality and organization before the name ("رئيس جهاز الاستخبارات التركي" -> TURGOVSPY).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.clitics import add_known
from marsad.arabic.clitics import model as clitic_model
from marsad.arabic.normalize import norm
from marsad.arabic.segment import quoted_spans
from marsad.arabic.tokenize import Token, tokenize
from marsad.document import Document, Entity, Span
from marsad.errors import DataFileError
from marsad.pipeline import register
from marsad.resolve.kb import KB, Agent, Key, Ministry, NameHit, Record, load_kb
from marsad.resolve.link import Context, choose, level
from marsad.resolve.names import romanize

VERSION = "2"  # 2: session 3 (regions, cue rules, name bounds, nationality groups)
STAGE = f"entities@{VERSION}"
MAX_CONTEXT = 8  # tokens looked at before a person's name for title / nationality / organization
NER_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
SMALL_PLACE = 100_000  # a one-word place of the home region smaller than this needs support
BIG_PLACE = 1_000_000  # ... and elsewhere, smaller than this
FUNCTION_FREQ = 300  # words this frequent in the vocabulary (إلى، على، التي) are never name words
GIVEN_FREQ = 60  # a given name this frequent a word ("أمير", "سعيد") says nothing about the next word
SURNAME_FREQ = 30  # a surname this frequent a word is not taken alone as a mention
FREQUENT_WORD = 10  # a one-word place name this frequent in the vocabulary is a word first
WORD_MEMO = 200_000  # distinct words whose KB readings are memoized
COMMA = {"،", ",", "-", "–", "—", "(", ")", '"', "«", "»", "“", "”", ":"}
ADMIN_CUE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class CueWords:
    """The cue words of ``data/entity_rules/cue_words.toml`` (normalized)."""

    admin_cues: frozenset[str]
    country_tails: frozenset[str]
    place_phrase_start: str
    domestic_heads: frozenset[str]
    joining_heads: frozenset[str]
    state_words: frozenset[str]
    kingdom_word: str
    kingdoms: frozenset[str]
    town_words: frozenset[str]
    honorific_codes: frozenset[str]


@lru_cache(maxsize=1)
def cue_words() -> CueWords:
    path = Path(__file__).resolve().parent.parent / "data" / "entity_rules" / "cue_words.toml"
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        normed = ("admin_cues", "country_tails", "state_words", "town_words")
        words = {k: frozenset(norm(w) for w in raw[k]) for k in normed}
        return CueWords(
            place_phrase_start=norm(raw["place_phrase_start"]),
            kingdom_word=norm(raw["kingdom_word"]),
            domestic_heads=frozenset(raw["domestic_heads"]),  # compared with the KB's head strings
            joining_heads=frozenset(raw["joining_heads"]),
            kingdoms=frozenset(raw["kingdoms"]),
            honorific_codes=frozenset(raw["honorific_codes"]),
            **words,
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"bad cue word file: {exc!r}", value=str(path)) from exc


@dataclass(frozen=True, slots=True)
class GroupNouns:
    """The word lists of ``data/entity_rules/group_nouns.toml`` (normalized, without ال)."""

    heads: dict[tuple[str, ...], tuple[str, str]]  # words -> (CAMEO sector suffix, English plural)
    peoples: dict[str, tuple[str, str, str, str]]  # word -> (ISO-3, ethnic code, English noun, adjective)
    plural_demonyms: frozenset[str]  # plural forms of data/kb/nationalities.tsv (mp, mp2, fp)
    openers: frozenset[str]  # words after which a plural demonym is a noun phrase ("بين")
    negators: frozenset[str]  # words that make it the other people ("غير السعوديين": non-Saudis)
    max_head: int


def _bare(w: str) -> str:
    """A normalized word without its article ("المحامين" -> "محامين")."""
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


@lru_cache(maxsize=1)
def group_nouns() -> GroupNouns:
    data = Path(__file__).resolve().parent.parent / "data"
    path = data / "entity_rules" / "group_nouns.toml"
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        heads: dict[tuple[str, ...], tuple[str, str]] = {}
        for row in raw["head"]:
            for w in row["words"]:
                heads[tuple(_bare(norm(x)) for x in w.split())] = (row["code"], row["en"])
        peoples = {
            _bare(norm(w)): (row["country"], row["code"], row["en"], row["adj"])
            for row in raw["people"]
            for w in row["words"]
        }
        plural: set[str] = set()
        with (data / "kb" / "nationalities.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3 and not line.startswith("#") and cols[2] in ("mp", "mp2", "fp"):
                    plural.add(_bare(norm(cols[0])))
        openers = frozenset(norm(w) for w in raw["openers"])
        negators = frozenset(norm(w) for w in raw["negators"])
        return GroupNouns(heads, peoples, frozenset(plural), openers, negators, max(len(k) for k in heads))
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"bad group noun file: {exc!r}", value=str(path)) from exc


_ARTICLE = re.compile("^[وف]?(?:[بك]?ال|لل)")  # a written definite article after proclitics


@dataclass(slots=True)
class Mention:
    """One mention before grouping: tokens [i, j), offsets, and what it may refer to."""

    i: int
    j: int
    start: int
    end: int
    type: str
    hits: list[NameHit] = field(default_factory=list)
    source: str = "kb"  # kb | composed | ner
    record: Record | None = None  # chosen
    confidence: float = 0.5
    ner_agrees: bool = False
    actor_use: bool = False  # a capital used as its government
    composed_name_en: str | None = None
    composed_code: str | None = None
    composed_country: str | None = None
    bounds: dict[str, tuple[int, int]] = field(default_factory=dict)  # record key -> offsets of its reading
    headed: bool = False  # "قطاع غزة", "ولاية فلوريدا": the mention is the name after the head word
    cued_admin: bool = False  # chosen as a state by a cue ("الإمارات الأخرى مثل أبو ظبي"): its list follows


@dataclass(slots=True)
class _Doc:
    """Token views of one document."""

    doc: Document
    tokens: list[Token]
    full: list[str]  # normalized whole token
    base: list[str]  # normalized token base (no clitics)
    sent: list[int]  # sentence index of each token
    sent_kind: list[str]
    quoted: list[bool] | None  # see _quoted_flags
    orgs: dict[int, Mention] = field(default_factory=dict)  # first token -> organization mention
    readings: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # tokens where a KB key may start
    agents: dict[int, tuple[Agent, int]] = field(default_factory=dict)
    title_ends: set[int] | None = None


def _prepare(doc: Document) -> _Doc:
    tokens = doc.tokens if doc.tokens else tokenize(doc.text)
    text = doc.text
    full: list[str] = []
    base: list[str] = []
    for t in tokens:
        kind = t.kind
        if kind == "ar":
            full.append(t.norm)
            if t.base_start != t.start or t.base_end != t.end:
                base.append(norm(text[t.base_start : t.base_end]))
            else:
                base.append(t.norm)
        else:
            v = t.text.lower() if kind == "lat" else t.norm
            full.append(v)
            base.append(v)
    sents = doc.sentences
    sent: list[int] = []
    kinds: list[str] = []
    si = 0
    ns = len(sents)
    for t in tokens:
        while si < ns and sents[si].end <= t.start:
            si += 1
        if si < ns and sents[si].start <= t.start:
            sent.append(si)
            kinds.append(sents[si].kind)
        else:
            sent.append(-1 - si)
            kinds.append("body")
    return _Doc(doc, tokens, full, base, sent, kinds, None)


def _quoted_flags(d: _Doc) -> list[bool]:
    """Whether each token is inside «…», “…” or "…" (computed on first use)."""
    if d.quoted is None:
        quoted = [False] * len(d.tokens)
        regions = quoted_spans(d.doc.text)
        ri = 0
        for k, t in enumerate(d.tokens):
            while ri < len(regions) and regions[ri].end <= t.start:
                ri += 1
            if ri < len(regions) and regions[ri].start <= t.start and t.end <= regions[ri].end:
                quoted[k] = True
        d.quoted = quoted
    return d.quoted


def _strip_prefix(word: str, cm: Any) -> list[tuple[int, str]]:
    """(letters, rest) for proclitic readings of a normalized word: و/ف then ب/ل/ك."""
    out: list[tuple[int, str]] = []
    rest, n = word, 0
    if rest[:1] in cm.conj and len(rest) > 3:
        rest, n = rest[1:], 1
        out.append((n, rest))
    if rest[:1] in cm.prep and rest[:1] != "ك" and len(rest) > 3:  # كـ before a name is rare
        out.append((n + 1, rest[1:]))
    if rest.startswith("لل") and len(rest) > 4:
        out.append((n + 1, "ا" + rest[1:]))  # لل = ل + ال
    return out


def _name_gazetteers() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and name words (normalized) of the NER model's gazetteers (Wikidata via
    arabic-name-romanizer, MIT), when installed; empty sets otherwise."""
    base = Path(__file__).resolve().parent.parent / "data" / "models" / "ner"
    sets: list[frozenset[str]] = []
    for name in ("gaz_given.txt", "gaz_namepart.txt"):
        path = base / name
        words: set[str] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    words.add(norm(line.strip()))
        sets.append(frozenset(words))
    return sets[0], sets[1]


def _not_name_words() -> tuple[frozenset[str], frozenset[str], frozenset[Key]]:
    """Verb forms (normalized; and as written, for the hand-written ones: "رأى" is a verb even
    though its normalized form is the given name "راي") and common-noun phrases that are never
    (part of) a person's name (``data/entity_rules/not_name_words.tsv``, built by
    ``scripts/build_entity_rules.py``)."""
    path = Path(__file__).resolve().parent.parent / "data" / "entity_rules" / "not_name_words.tsv"
    verbs: set[str] = set()
    written: set[str] = set()
    phrases: set[Key] = set()
    if path.exists():
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        for line in lines[1:]:
            kind, form, source = line.split("\t")
            if kind == "verb":
                verbs.add(norm(form))
                if source == "marsad":
                    written.add(form)
            elif kind == "phrase":
                phrases.add(tuple(norm(w) for w in form.split()))
    return frozenset(verbs), frozenset(written), frozenset(phrases)


def _first_index(table: dict[Key, Any]) -> dict[str, tuple[int, ...]]:
    lens: dict[str, set[int]] = {}
    for key in table:
        lens.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(v, reverse=True)) for w, v in lens.items()}


def _orig_advance(text: str, start: int, letters: int) -> int:
    """Original offset after ``letters`` normalized letters of the word at ``start``."""
    pos = start
    seen = 0
    while seen < letters and pos < len(text):
        if norm(text[pos]):
            seen += 1
        pos += 1
    while pos < len(text) and not norm(text[pos]) and not text[pos].isspace():
        pos += 1
    return pos


class Finder:
    """Finds, links and groups the entities of documents (one KB, one optional tagger)."""

    def __init__(
        self,
        kb: KB,
        tagger: Any | None = None,
        *,
        freq: dict[str, int] | None = None,
        romanizer_model: bool = False,
        romanize: bool = True,
    ) -> None:
        self.kb = kb
        self.romanizer_model = romanizer_model
        self.romanize = romanize
        self.tagger = tagger
        self.cm = clitic_model()
        # word frequencies of the corpus vocabulary, before names were taught to the splitter
        self.freq: dict[str, int] = freq if freq is not None else dict(self.cm.vocab)
        self.nat_first = frozenset(k[0] for k in kb.nationalities)
        # first word -> lengths of the keys it starts (longest first), per table
        self.lens: dict[int, dict[str, tuple[int, ...]]] = {
            id(t): _first_index(t) for t in (kb.names, kb.agents, kb.ministries, kb.nationalities)
        }
        self.firsts: frozenset[str] = frozenset().union(*(ix.keys() for ix in self.lens.values()))
        self.conj_prep = frozenset(self.cm.conj + self.cm.prep)
        self.given, self.nameparts = _name_gazetteers()
        self.verbs, self.written_verbs, self.not_names = _not_name_words()
        self.linkers = frozenset(norm(w) for w in ("في", "ب", "لدى", "باسم"))
        self.name_links = frozenset(norm(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "آل"))
        # (token text, base offsets) -> readings relative to the token's start (see _all_readings)
        self._word_readings: dict[tuple[Any, ...], tuple[tuple[str, int], ...]] = {}

    # -- scanning ----------------------------------------------------------------------
    def _first_keys(self, d: _Doc, i: int) -> list[tuple[str, int]]:
        """(key of the first word, original start offset) readings of token ``i``."""
        t = d.tokens[i]
        keys = [(d.base[i], t.base_start)]
        if d.full[i] != d.base[i]:
            keys.append((d.full[i], t.start))
        if t.kind == "ar" and t.base_start == t.start and d.full[i][:1] in self.cm.conj + self.cm.prep:
            vocab = self.freq
            for letters, rest in _strip_prefix(d.full[i], self.cm):
                if (
                    rest in self.firsts
                    and rest != d.base[i]
                    and (vocab.get(d.full[i], 0) < 3 or len(rest) >= 4)
                ):
                    keys.append((rest, _orig_advance(d.doc.text, t.start, letters)))
        return keys

    def readings(self, d: _Doc, i: int) -> list[tuple[str, int]]:
        """Readings of token ``i`` that start some KB key (see :meth:`_all_readings`)."""
        return d.readings.get(i, [])

    def _all_readings(self, d: _Doc) -> list[int]:
        """Fill ``d.readings`` (token -> readings of its first word that start a KB key) and
        return the tokens that have any, in order: the only places a match can start."""
        text = d.doc.text
        out: list[int] = []
        memo = self._word_readings
        readings = d.readings
        base = d.base
        for i, t in enumerate(d.tokens):
            kind = t.kind
            if kind == "ar":
                s = t.start
                key: tuple[Any, ...] = (t.text, t.base_start - s, t.base_end - s)
                rel = memo.get(key)
                if rel is None:
                    rel = self._token_readings(t, base[i], d.full[i], text)
                    if rel is None:  # an offset depends on the text after the token: not memoized
                        rel = self._token_readings(t, base[i], d.full[i], text, rel=False) or ()
                    else:
                        if len(memo) > WORD_MEMO:
                            memo.clear()
                        memo[key] = rel
                if rel:
                    readings[i] = [(w, s + off) for w, off in rel]
                    out.append(i)
            elif kind == "lat":
                b = base[i]
                if b in self.firsts:  # a Latin token is its own base
                    readings[i] = [(b, t.base_start)]
                    out.append(i)
        return out

    def _token_readings(
        self, t: Token, b: str, f: str, text: str, *, rel: bool = True
    ) -> tuple[tuple[str, int], ...] | None:
        """Readings of Arabic token ``t`` (base ``b``, whole ``f``) with offsets relative to its
        start; with ``rel`` only from the token's own text (``None`` when that is not enough)."""
        firsts = self.firsts
        r: list[tuple[str, int]] = []
        src, origin = (t.text, 0) if rel else (text, t.start)

        def advance(letters: int) -> int | None:
            pos = _orig_advance(src, origin, letters)
            if rel and pos >= len(src):
                return None  # the skip may go on after the token in the text
            return pos - origin

        if b in firsts:
            r.append((b, t.base_start - t.start))
        if f != b and f in firsts:
            r.append((f, 0))
        if f.startswith("لل") and len(f) > 4 and ("ال" + f[2:]) in firsts:
            # "للسعودية" = ل + السعودية with the article's alef not written
            off = advance(1)
            if off is None:
                return None
            r.append(("ال" + f[2:], off))
        if t.base_start == t.start and f[:1] in self.conj_prep:
            for letters, rest in _strip_prefix(f, self.cm):
                if rest in firsts and rest != b and (self.freq.get(f, 0) < 3 or len(rest) >= 4):
                    off = advance(letters)
                    if off is None:
                        return None
                    r.append((rest, off))
        return tuple(r)

    def _same_sentence(self, d: _Doc, i: int, j: int) -> bool:
        return j <= len(d.tokens) and d.sent[i] == d.sent[j - 1]

    def _longest(self, d: _Doc, i: int, table: dict[Key, Any], max_len: int) -> tuple[Any, int, int] | None:
        """Longest entry of ``table`` starting at token ``i``: (value, end token, start offset)."""
        n = len(d.tokens)
        index = self.lens[id(table)]
        for first, off in self.readings(d, i):
            for length in index.get(first, ()):
                j = i + length
                if length > max_len or j > n or (length > 1 and not self._same_sentence(d, i, j)):
                    continue
                key = (first, *d.full[i + 1 : j]) if length > 1 else (first,)
                val = table.get(key)
                if val is not None:
                    return val, j, off
        return None

    def _cues(
        self, d: _Doc
    ) -> tuple[dict[int, tuple[str, int]], dict[int, tuple[Agent, int]], dict[int, tuple[Ministry, int]]]:
        nat: dict[int, tuple[str, int]] = {}
        agents: dict[int, tuple[Agent, int]] = {}
        mins: dict[int, tuple[Ministry, int]] = {}
        kb = self.kb
        for i in d.starts:
            if d.tokens[i].kind != "ar":
                continue
            if d.base[i] in self.nat_first or d.full[i] in self.nat_first:
                hit = self._longest(d, i, kb.nationalities, 2)
                if hit:
                    nat[i] = (hit[0], hit[1])
            a = self._longest(d, i, kb.agents, kb.max_cue_len)
            if a:
                agents[i] = (a[0], a[1])
            m = self._longest(d, i, kb.ministries, 3)
            if m:
                mins[i] = (m[0], m[1])
        return nat, agents, mins

    def _kb_mentions(
        self, d: _Doc, nat: dict[int, tuple[str, int]], mins: dict[int, tuple[Ministry, int]]
    ) -> list[Mention]:
        out: list[Mention] = []
        nxt = 0
        for i in d.starts:
            if i < nxt:
                continue
            best = self._name_match(d, i)
            comp = self._composed(d, i, nat, mins)
            if comp and (best is None or comp.j > best.j):
                best = comp
            if best:
                out.append(best)
                nxt = best.j
        return out

    def _name_match(self, d: _Doc, i: int) -> Mention | None:
        """Longest KB name at token ``i`` over every clitic reading of its first word; the hits of
        all readings of that length are kept, each with its own offsets ("وجدة": و + جدة / وجدة)."""
        kb = self.kb
        n = len(d.tokens)
        t = d.tokens[i]
        found: list[tuple[int, list[NameHit], int, int]] = []
        index = self.lens[id(kb.names)]
        for first, off in self.readings(d, i):
            for length in index.get(first, ()):
                j = i + length
                if j > n or (length > 1 and not self._same_sentence(d, i, j)):
                    continue
                key = (first, *d.full[i + 1 : j]) if length > 1 else (first,)
                hits = kb.names.get(key)
                if hits:
                    end = d.tokens[j - 1].end
                    if length == 1 and off == t.base_start and first == d.base[i]:
                        end = t.base_end
                    found.append((j, hits, off, end))
                    break
        if not found:
            return None
        j = 0
        for f in found:
            j = max(j, f[0])
        m = Mention(i, j, 0, 0, "LOC")
        for fj, hits, off, end in found:
            if fj != j:
                continue
            for h in hits:
                if h.record.key not in m.bounds:
                    m.hits.append(h)
                    m.bounds[h.record.key] = (off, end)
        if j - i > 1 and d.base[i] in kb.place_cues and all(h.record.type == "LOC" for h in m.hits):
            # "بولاية فلوريدا": the name is فلوريدا, the head word only says what it is
            nxt = d.tokens[i + 1].start
            m.bounds = {k: (nxt, e) for k, (_, e) in m.bounds.items()}
            m.headed = True
        m.start, m.end = m.bounds[m.hits[0].record.key]
        m.type = m.hits[0].record.type
        return m

    def _composed(
        self, d: _Doc, i: int, nat: dict[int, tuple[str, int]], mins: dict[int, tuple[Ministry, int]]
    ) -> Mention | None:
        """ "وزارة الخارجية التركية" / "وزارة خارجية تركيا": an organization of a country."""
        if i not in mins:
            return None
        m, j = mins[i]
        iso3: str | None = None
        end_tok = j
        if not m.construct and j in nat and self._same_sentence(d, i, nat[j][1]):
            iso3, end_tok = nat[j]
        elif m.construct and j < len(d.tokens):
            hit = self._longest(d, j, self.kb.names, 4)
            if hit and any(h.record.kind == "country" for h in hit[0]) and self._same_sentence(d, i, hit[1]):
                iso3 = next(h.record.country for h in hit[0] if h.record.kind == "country")
                end_tok = hit[1]
        if not iso3:
            return None
        country = self.kb.country(iso3)
        if country is None:
            return None
        t = d.tokens[i]
        start = t.base_start if d.base[i] == m.head.split()[0] or t.has_clitics else t.start
        mention = Mention(i, end_tok, start, d.tokens[end_tok - 1].end, "ORG", source="composed")
        mention.composed_name_en = m.template.format(country=country.name_en)
        mention.composed_code = (country.actor_code or iso3) + ("" if m.code == "-" else m.code)
        mention.composed_country = iso3
        return mention

    def _ner_mentions(self, d: _Doc) -> list[Mention]:
        if self.tagger is None:
            return []
        out: list[Mention] = []
        groups: dict[int, list[int]] = {}
        for k, s in enumerate(d.sent):
            groups.setdefault(s, []).append(k)
        sentences = list(groups.values())
        try:  # the whole article at once: the tagger uses document context (a surname alone ...)
            tagged = self.tagger.tag_document([[d.tokens[k].text for k in idx] for idx in sentences])
        except Exception:  # noqa: BLE001 - a model failure must not lose the KB entities
            d.doc.warnings.append("entities: NER tagger failed on the article")
            return []
        for idx, tags in zip(sentences, tagged):
            cur: tuple[str, int] | None = None
            for pos, tag in enumerate([*tags, "O"]):
                bio, _, typ = tag.partition("-")
                if cur and (bio != "I" or NER_TYPES.get(typ) != cur[0]):
                    a, b = idx[cur[1]], idx[pos - 1]
                    out.append(
                        Mention(a, b + 1, d.tokens[a].base_start, d.tokens[b].end, cur[0], source="ner")
                    )
                    cur = None
                if bio in ("B", "I") and cur is None and typ in NER_TYPES:
                    cur = (NER_TYPES[typ], pos)
        return out

    def _title_people(
        self,
        d: _Doc,
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
        kbm: list[Mention],
    ) -> list[Mention]:
        """ "رئيس جهاز الاستخبارات التركي إبراهيم قالن": a name right after a title (and its
        nationality / organization / country), even when neither the KB nor the tagger knows it."""
        out: list[Mention] = []
        starts = {m.i: m for m in kbm}
        n = len(d.tokens)
        # a KB match stops the name, unless it is only a town that is also a person's name ("ستيف")
        kb_tokens = {
            t
            for m in kbm
            for t in range(m.i, m.j)
            if not (
                m.j - m.i == 1
                and (d.full[t] in self.given or d.full[t] in self.nameparts)
                and all(h.record.kind == "place" for h in m.hits)
            )
        }
        for i, (agent, j) in agents.items():
            if agent.kind != "title" or not agent.curated:
                continue
            k = j
            for _ in range(4):  # skip what qualifies the title
                if k < n and k in nat:
                    k = nat[k][1]
                elif k < n and k in starts and starts[k].type in ("ORG", "LOC"):
                    k = starts[k].j
                elif k < n and d.full[k] in self.linkers and k + 1 in starts and starts[k + 1].type == "ORG":
                    k = starts[k + 1].j
                elif k < n and k in agents and agents[k][0].kind == "title" and agents[k][1] > k:
                    k = agents[k][1]
                else:
                    break
            for _ in range(2):  # "المبعوث الأميركي الخاص": a definite adjective is not a name
                if (
                    k < n
                    and d.tokens[k].det
                    and k not in starts
                    and (d.full[k] not in self.nameparts or self.freq.get(d.full[k], 0) >= 10)
                ):
                    k += 1
                    if k in nat:
                        k = nat[k][1]
            while k < n and d.tokens[k].kind == "punct" and d.tokens[k].text in COMMA:
                k += 1
            a = k
            while (
                k < n
                and k - a < 4
                and d.sent[k] == d.sent[i]
                and k not in kb_tokens
                and self._name_word(d, k, first=k == a)
            ):
                k += 1
            if k > a and not (k - a == 1 and d.tokens[a].det) and a not in kb_tokens:
                if k - a == 1 and self.freq.get(d.full[a], 0) >= 3 and d.full[a] not in self.given:
                    continue
                out.append(Mention(a, k, d.tokens[a].start, d.tokens[k - 1].end, "PER", source="title"))
        return out

    def _function_word(self, d: _Doc, k: int) -> bool:
        """A very frequent word that is not a given name; "على" (not "علي") by its final ى."""
        w = d.full[k]
        if self.freq.get(w, 0) < FUNCTION_FREQ:
            return False
        return w not in self.given or d.tokens[k].text.endswith("ى")

    def _name_word(self, d: _Doc, k: int, *, first: bool) -> bool:
        t = d.tokens[k]
        if t.kind != "ar" or t.has_clitics and not t.det:
            return False
        w = d.full[k]
        if w in self.kb.agents or (w,) in self.kb.nationalities or (w,) in self.kb.agents:
            return False
        if self._function_word(d, k):
            return False  # إلى، على، في: never a name word
        if first:
            return w in self.given or w in self.nameparts
        return w in self.nameparts or (self.freq.get(w, 0) == 0 and len(w) >= 3)

    # -- filtering ---------------------------------------------------------------------
    def _has_cue(self, d: _Doc, m: Mention, cues: frozenset[str]) -> bool:
        t = d.tokens[m.i]
        if t.base_start > t.start:  # a proclitic in the same word: "بمدينة" is handled below
            pass
        k = m.i - 1
        while k >= 0 and d.tokens[k].kind == "punct" and d.tokens[k].text in COMMA:
            k -= 1
        if k < 0 or d.sent[k] != d.sent[m.i]:
            return False
        if d.base[k] in cues or d.full[k] in cues:
            return True
        return any(rest in cues for _, rest in _strip_prefix(d.full[k], self.cm))  # "لقناة", "بمدينة"

    def _in_person_name(self, d: _Doc, m: Mention) -> bool:
        """A one-word town name that is part of a person's name: "فيصل بن بندر", "باراك أوباما",
        "الرئيس بخاري", "بوب ساندرز" (given name, بن, a title before; a rare name word after)."""
        if m.j - m.i != 1 or m.headed or m.ner_agrees:
            return False
        i = m.i
        prev = i - 1 if i > 0 and d.sent[i - 1] == d.sent[i] and d.tokens[i - 1].kind == "ar" else None
        nxt = (
            i + 1
            if i + 1 < len(d.tokens) and d.sent[i + 1] == d.sent[i] and d.tokens[i + 1].kind == "ar"
            else None
        )
        if prev is not None:
            w = d.full[prev]
            if w in self.name_links or (w in self.given and self.freq.get(w, 0) < GIVEN_FREQ):
                return True
            if prev in self._title_ends(d):
                return True
        if nxt is not None:
            w = d.full[nxt]
            if w in self.name_links:
                return True
            if (
                w in self.nameparts
                and self.freq.get(w, 0) <= 3
                and not self.kb.lookup((d.base[nxt],))
                and (w,) not in self.kb.nationalities
                and not d.tokens[nxt].has_clitics
                and not self._has_cue(d, m, self.kb.place_cues)
            ):
                return True
        return False

    def _title_ends(self, d: _Doc) -> set[int]:
        """Last tokens of person titles in the document (cached)."""
        if d.title_ends is None:
            d.title_ends = {j - 1 for a, j in d.agents.values() if a.kind == "title" and a.curated}
        return d.title_ends

    def _in_own_quotes(self, d: _Doc, m: Mention) -> bool:
        """ «الشرق الأوسط»: quotes around the name itself, not a quoted statement holding it."""
        before = d.doc.text[: d.tokens[m.i].start].rstrip()
        after = d.doc.text[d.tokens[m.j - 1].end :].lstrip()
        return before[-1:] in ("«", '"', "“") and after[:1] in ("»", '"', "”")

    def _quoted(self, d: _Doc, m: Mention) -> bool:
        quoted = _quoted_flags(d)
        return all(quoted[k] for k in range(m.i, m.j))

    def _weak_place(self, d: _Doc, m: Mention, h: NameHit, ctx: Context) -> str | None:
        """Why a one-word place name needs support: "word" (a short or frequent word, needs a cue
        or a model tag) or "small" (a small or far place, its country named also does); else None."""
        rec = h.record
        if rec.kind != "place" or m.j - m.i > 1:
            return None
        word = d.base[m.i]
        freq = max(self.freq.get(word, 0), self.freq.get(d.full[m.i], 0))
        home = rec.country in self.kb.home
        short = len(word) <= 2 or (
            len(word) == 3 and not rec.notable and not (home and rec.population >= SMALL_PLACE)
        )
        famous = h.canonical and rec.notable
        bare = not _ARTICLE.match(d.tokens[m.i].text)  # as written: "إلينوي" has no article
        if rec.fcode.startswith("ADM") and h.canonical and not h.common and len(word) >= 5 and bare:
            return None  # a state by its own name, frequent or not ("بنك إنجلترا المركزي", "جامعة إلينوي")
        if short or (
            freq >= FREQUENT_WORD and not famous and (rec.population < BIG_PLACE or not h.canonical)
        ):
            return "word"
        if h.variant:
            return "small"  # a spelling variant made by rule, not a name seen written
        if rec.notable or rec.population >= (SMALL_PLACE if home else BIG_PLACE):
            return None
        if home and rec.fcode.startswith("ADM"):
            return None  # a province of the covered region (GeoNames gives areas no population)
        return "small"

    def _accept(self, d: _Doc, m: Mention, strong: set[str], ctx: Context) -> list[NameHit]:
        """The hits of ``m`` that its context allows (common words need a cue)."""
        kept: list[NameHit] = []
        byline = d.sent_kind[m.i] in ("byline", "dateline")
        place_cue = self._has_cue(d, m, self.kb.place_cues)
        for h in m.hits:
            rec = h.record
            if rec.key in strong or m.ner_agrees:
                kept.append(h)
                continue
            weak = self._weak_place(d, m, h, ctx)
            in_ctx = rec.country in ctx.countries or rec.country == ctx.outlet_country
            if h.common or rec.strict or weak == "word":
                if (
                    byline
                    and rec.type != "LOC"
                    or (
                        rec.type == "LOC"
                        and place_cue
                        and (in_ctx or rec.population >= SMALL_PLACE or rec.kind == "country")
                    )
                    or rec.type in ("ORG", "MISC")
                    and (self._has_cue(d, m, self.kb.org_cues) or self._quoted(d, m))
                ):
                    kept.append(h)
                continue
            if weak == "small" and not (place_cue or in_ctx):
                continue
            if rec.type == "PER" and m.j - m.i == 1 and self.freq.get(d.full[m.i], 0) >= 30:
                continue  # a surname alone that is also a frequent word
            kept.append(h)
        # «الشرق الأوسط» in quotes or after صحيفة is the newspaper, not the region
        outlets = [h for h in kept if h.record.type in ("ORG", "MISC") and h.record.strict]
        if outlets and len(outlets) < len(kept):
            if self._in_own_quotes(d, m) or self._has_cue(d, m, self.kb.org_cues):
                return outlets
        return kept

    # -- main --------------------------------------------------------------------------
    def find(self, doc: Document) -> list[Entity]:
        d = _prepare(doc)
        if not d.tokens:
            return []
        d.starts = self._all_readings(d)
        nat, agents, mins = self._cues(d)
        d.agents = agents
        kbm = self._kb_mentions(d, nat, mins)
        kbm = sorted(kbm + self._state_words(d, kbm, nat), key=lambda m: m.i)
        kbm = sorted(kbm + self._bare_heads(d, kbm, mins, nat), key=lambda m: m.i)
        groups = self._groups(d, kbm, nat)
        if groups:
            in_group = {k for m in groups for k in range(m.i, m.j)}
            kbm = [m for m in kbm if not any(k in in_group for k in range(m.i, m.j))]
            kbm = sorted(kbm + groups, key=lambda m: m.i)
        nerm = self._ner_mentions(d)
        covered = {k for m in nerm for k in range(m.i, m.j)}
        nerm += [
            m
            for m in self._title_people(d, nat, agents, kbm)
            if not any(k in covered for k in range(m.i, m.j))
        ]
        covered |= {k for m in nerm for k in range(m.i, m.j)} | {k for m in kbm for k in range(m.i, m.j)}
        nerm += self._cued_places(d, covered)
        nerm = self._person_bounds(d, nerm)
        kbm, nerm = self._merge(d, kbm, nerm, nat, agents)
        # records matched by a name that is not a common word: "strong" evidence for repeats
        strong = {h.record.key for m in kbm for h in m.hits if not h.common and m.j - m.i > 1}
        ctx = self._context(d, kbm, nat)
        linked: list[Mention] = []
        for m in kbm:
            if m.source == "composed":
                m.confidence = 0.8
                linked.append(m)
                continue
            hits = self._accept(d, m, strong, ctx)
            if hits and all(h.record.kind == "place" for h in hits) and self._in_person_name(d, m):
                continue
            t = d.tokens[m.i]
            if "ك" in t.text[: t.base_start - t.start]:  # "وكبرى" (و + كبرى) read as و + ك + برى
                hits = [h for h in hits if h.record.type not in ("PER", "ORG")]
            if (
                linked
                and linked[-1].record is not None
                and self._apposed(d, linked[-1], m)
                and all(h.record.key == linked[-1].record.key and h.record.type == "PER" for h in hits)
            ):
                continue  # "محمد بن سلمان بن عبدالعزيز ولي ولي العهد": the title after the name is no mention
            if not hits:
                continue
            if len(hits) > 1:
                sent_ctx = Context(
                    ctx.countries,
                    ctx.outlet_country,
                    self._sentence_admin1(d, kbm, m),
                    ctx.published,
                    city_cue=self._has_cue(d, m, self.kb.city_cues),
                    anchors=self._anchors(d, kbm, m),
                    admin_cue=self._admin_cue(d, m),
                    list_level=self._list_level(d, linked, m),
                )
                best, conf = choose(hits, sent_ctx)
                m.cued_admin = level(best.record) == "admin" and (
                    sent_ctx.admin_cue or sent_ctx.list_level == "admin"
                )
            else:
                best, conf = choose(hits, ctx)
            m.record = best.record
            m.start, m.end = m.bounds.get(best.record.key, (m.start, m.end))
            m.type = best.record.type
            m.confidence = min(0.99, conf + (0.08 if m.ner_agrees else 0.0))
            self._metonymy(d, m)
            linked.append(m)
        for m in nerm:
            m.confidence = 0.6
            linked.append(m)
        linked.sort(key=lambda x: x.start)
        d.orgs = {m.i: m for m in linked if m.type == "ORG"}
        return self._unlinked_place_countries(self._group(d, linked, nat, agents))

    def _unlinked_place_countries(self, ents: list[Entity]) -> list[Entity]:
        """A place the KB lacks gets the country named right after it ("بلدة حوار في سوريا"), else
        the article's main country (named at least twice and more than any other)."""
        loose = [e for e in ents if e.type == "LOC" and e.kb_id is None and e.country is None]
        if not loose:
            return ents
        by_start: dict[int, str] = {}
        counts: dict[str, int] = {}
        for e in ents:
            if e.type == "LOC" and e.country and e.kb_id:
                for m in e.mentions:
                    counts[e.country] = counts.get(e.country, 0) + 1
                    by_start[m.start] = e.country
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        main = None
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            main = ranked[0][0]
        for e in loose:
            end = e.mentions[0].end
            after = next((s for s in sorted(by_start) if end < s <= end + 6), None)
            e.country = by_start[after] if after is not None else main
        return ents

    def _bare_heads(
        self,
        d: _Doc,
        kbm: list[Mention],
        mins: dict[int, tuple[Ministry, int]],
        nat: dict[int, tuple[str, int]],
    ) -> list[Mention]:
        """ "الجيش النيجيري ... وأعلن الجيش": the body word alone is the one organization of the
        article with that head (not when two countries' armies are named)."""
        cues = cue_words()
        by_head: dict[str, list[Mention]] = {}
        for m in kbm:
            if m.source == "composed" and m.i in mins:
                by_head.setdefault(mins[m.i][0].head, []).append(m)
        taken = {k for m in kbm for k in range(m.i, m.j)}
        out: list[Mention] = []
        home = self.kb.country(self.kb.outlet_country(d.doc.outlet))
        countries = {
            k for m in kbm if any(h.record.kind == "country" for h in m.hits) for k in range(m.i, m.j)
        }
        for i, (mi, j) in mins.items():
            same = by_head.get(mi.head, []) if mi.head in cues.joining_heads else []
            if any(k in taken for k in range(i, j)):
                continue
            t = d.tokens[i]
            start = t.base_start if d.base[i] == mi.head.split()[0] or t.has_clitics else t.start
            m = Mention(i, j, start, d.tokens[j - 1].end, "ORG", source="composed")
            named_after = any(
                k in nat or k in countries for k in range(j, min(j + 5, len(d.tokens)))
            )  # "نائب رئيس مجلس الوزراء وزير الداخلية بدولة الإمارات": another country's cabinet
            if not same and mi.head in cues.domestic_heads and home is not None and home.country and not named_after:
                # "مجلس الوزراء" alone in a Saudi paper: the Saudi cabinet
                m.composed_name_en = mi.template.format(country=home.name_en)
                m.composed_code = (home.actor_code or home.country) + ("" if mi.code == "-" else mi.code)
                m.composed_country = home.country
                out.append(m)
                continue
            if not same or len({c.composed_name_en for c in same}) != 1:
                continue
            c = same[0]
            m.composed_name_en, m.composed_code, m.composed_country = (
                c.composed_name_en,
                c.composed_code,
                c.composed_country,
            )
            out.append(m)
        return out

    def _groups(self, d: _Doc, kbm: list[Mention], nat: dict[int, tuple[str, int]]) -> list[Mention]:
        """A group of people named by its nationality (MISC, with the country and a CAMEO actor
        code): a plural person noun and a nationality adjective ("محامين إيرانيين" -> IRNJUD,
        "المتظاهرون العراقيون" -> IRQOPP, "المقاتلين الشيشان" -> RUSREBCNY; a second adjective
        joined by و is a second group: "مستثمرين سوري و سعودي"), or a plural demonym or people
        noun standing alone as a noun phrase ("بين الإسرائيليين والفلسطينيين", "الشيشانيون")."""
        g = group_nouns()
        out: list[Mention] = []
        taken = {k for m in kbm for k in range(m.i, m.j)}
        # a one-word KB name ("سوري" read as a place, "الشيشان" as Chechnya) gives way to the
        # nationality reading after a plural person noun; longer and composed names do not
        hard = {k for m in kbm if m.source == "composed" or m.j - m.i > 1 for k in range(m.i, m.j)}
        n = len(d.tokens)

        def people(k: int, free: set[int]) -> tuple[str, str, int, str | None] | None:
            """(ISO-3, ethnic code, end token, English adjective of a people) of a nationality or
            people word at token k."""
            if k >= n or k in free or d.tokens[k].kind != "ar":
                return None
            if k in nat:
                return nat[k][0], "", nat[k][1], None
            t = d.tokens[k]
            whole = norm(d.doc.text[t.base_start : t.end])  # "و سعودي": the suffix-looking ي is the word's
            if (whole,) in self.kb.nationalities:
                return self.kb.nationalities[(whole,)], "", k + 1, None
            p = g.peoples.get(_bare(d.base[k])) or g.peoples.get(_bare(whole))
            return (p[0], p[1], k + 1, p[3]) if p else None

        def add(i: int, j: int, start: int, iso3: str, code: str, en: str) -> None:
            c = self.kb.country(iso3)
            if c is None:
                return
            m = Mention(i, j, start, d.tokens[j - 1].end, "MISC", source="composed")
            m.composed_country = iso3
            m.composed_code = (c.actor_code or iso3) + code
            m.composed_name_en = en.format(country=c.name_en)
            out.append(m)

        k = 0
        while k < n:
            t = d.tokens[k]
            if k in taken or t.kind != "ar":
                k += 1
                continue
            head = None
            for length in range(min(g.max_head, n - k), 0, -1):
                key = tuple(_bare(d.base[x] if x == k else d.full[x]) for x in range(k, k + length))
                if key in g.heads and self._same_sentence(d, k, k + length):
                    head = (g.heads[key], k + length)
                    break
            if head is not None:
                (code, en), h_end = head
                p = people(h_end, hard)
                # "محاميين اصلاحيين ايرانيين": up to two agreeing adjectives before the nationality
                skip = h_end
                while p is None and skip < min(n, h_end + 2) and self._plain_adjective(d, k, skip):
                    skip += 1
                    p = people(skip, hard)
                if p is not None and self._same_sentence(d, k, p[2]):
                    iso3, ethnic, end, adj = p
                    label = f"{adj} {en}" if adj else f"{en} of {{country}}"
                    add(k, end, t.base_start, iso3, code + ethnic, label)
                    # "مستثمرين سوري و سعودي": a second adjective after و, a second group
                    nxt = end
                    if nxt < n and d.full[nxt] == "و":
                        nxt += 1
                    q = people(nxt, hard) if nxt > end or nxt < n and self._joined(d, nxt) else None
                    if q is not None and self._same_sentence(d, k, q[2]):
                        nt = d.tokens[nxt]
                        label = f"{q[3]} {en}" if q[3] else f"{en} of {{country}}"
                        add(nxt, q[2], nt.base_start, q[0], code + q[1], label)
                        end = q[2]
                    k = end
                    continue
            p = people(k, taken)
            if p is not None and (_bare(d.base[k]) in g.plural_demonyms or _bare(d.base[k]) in g.peoples):
                if self._stands_alone(d, k, nat):
                    iso3, ethnic, end, _adj = p
                    known = g.peoples.get(_bare(d.base[k]))
                    en = known[2] if known else "people of {country}"
                    add(k, end, t.base_start, iso3, ethnic, en)
                    k = end
                    continue
            k += 1
        return out

    def _plain_adjective(self, d: _Doc, head: int, k: int) -> bool:
        """Token k may be a plural adjective of the noun at ``head``: a word of the same sentence
        with the same definiteness, no clitic, a plural or feminine ending, and no verb, function
        word or nationality."""
        t = d.tokens[k]
        if t.kind != "ar" or d.sent[k] != d.sent[head] or t.det != d.tokens[head].det:
            return False
        if t.has_clitics and not (t.det and t.base_start == t.start):
            return False
        w = d.full[k]
        return (
            w.endswith(("ين", "ون", "ات", "ه"))
            and not self._function_word(d, k)
            and not self._is_verb(d, k)
            and k not in d.agents
        )

    def _joined(self, d: _Doc, k: int) -> bool:
        """Token k carries the conjunction و as a proclitic ("والفلسطينيين", "و سعودي")."""
        t = d.tokens[k]
        return t.base_start > t.start and t.text[:1] == "و"

    def _stands_alone(self, d: _Doc, k: int, nat: dict[int, tuple[str, int]]) -> bool:
        """A demonym at token k is a noun phrase, not an adjective of the word before it: it opens
        its sentence or follows punctuation, a verb, a frequent function word (بين، مع، من), a
        written "و" joining it to another nationality, or carries a preposition."""
        t = d.tokens[k]
        if not t.det:
            return False  # "إسرائيليين", "بمجريات": without the article an adjective, a predicate or a word
        if t.base_start > t.start and d.doc.text[t.start : t.base_start].rstrip("ـ ")[-1:] in "بل":
            return True  # "بالإسرائيليين", "للفلسطينيين"
        p = k - 1
        if p >= 0 and d.full[p] in group_nouns().negators:
            return False
        if p < 0 or d.sent[p] != d.sent[k] or d.tokens[p].kind == "punct":
            return True
        if d.full[p] == "و" or self._joined(d, k):
            q = p - 1 if d.full[p] == "و" else p  # the last token of the word before و
            return q >= 0 and any(a <= q < b for a, (_, b) in nat.items())
        return d.full[p] in group_nouns().openers or self._is_verb(d, p) or self._function_word(d, p)

    def _state_words(self, d: _Doc, kbm: list[Mention], nat: dict[int, tuple[str, int]]) -> list[Mention]:
        """ "الجمهورية العراقية", "المملكة الأردنية": a state word and a nationality name its
        country; a bare "المملكة" in an outlet of a kingdom is that kingdom ("في المملكة" in a
        Saudi paper)."""
        cues = cue_words()
        out: list[Mention] = []
        taken = {k for m in kbm for k in range(m.i, m.j)}
        home = self.kb.outlet_country(d.doc.outlet)
        for k, t in enumerate(d.tokens):
            if k in taken or t.kind != "ar" or d.base[k] not in cues.state_words:
                continue
            iso3, end = None, k + 1
            if k + 1 in nat and k + 1 not in taken:
                iso3, end = nat[k + 1]
            elif d.base[k] == cues.kingdom_word and home in cues.kingdoms and not (
                k + 1 < len(d.tokens) and d.tokens[k + 1].kind == "ar" and d.tokens[k + 1].det
            ):  # not "المملكة المتحدة" and the like (an adjective follows)
                iso3 = home
            rec = self.kb.country(iso3)
            if rec is None:
                continue
            out.append(
                Mention(k, end, t.base_start, d.tokens[end - 1].end, "LOC", hits=[NameHit(rec, False, False)])
            )
        return out

    def _cued_places(self, d: _Doc, covered: set[int]) -> list[Mention]:
        """A name the KB and the tagger lack, right after a town word without its article ("قرية
        بيتا", "غابة سامبيسا", "بلدة حوار"): a place, unlinked. An indefinite adjective agreeing with
        the cue ("قرية صغيرة", "بلدة حدودية": ending in ة) or a frequent word is not a name."""
        cues = cue_words()
        out: list[Mention] = []
        n = len(d.tokens)
        for k in range(n - 1):
            t = d.tokens[k]
            if t.kind != "ar" or d.base[k] not in cues.town_words or _ARTICLE.match(t.text):
                continue
            a = j = k + 1
            while (
                j < n
                and j - a < 3
                and j not in covered
                and d.sent[j] == d.sent[k]
                and d.tokens[j].kind == "ar"
                and not d.tokens[j].has_clitics
                and not d.full[j].endswith("ه")  # ة normalized: an agreeing adjective
                and not self._function_word(d, j)
                and self.freq.get(d.full[j], 0) < (30 if j == a else 1)
                and (j == a or not _ARTICLE.match(d.tokens[j].text))
            ):
                j += 1
            if j > a and not (j - a == 1 and len(d.base[a]) < 3):
                out.append(Mention(a, j, d.tokens[a].start, d.tokens[j - 1].end, "LOC", source="cue"))
        return out

    def _is_verb(self, d: _Doc, k: int) -> bool:
        t = d.tokens[k]
        if t.kind != "ar":
            return False
        # the word, or the word without its proclitics ("وقال"); not without a suffix: "نقلي" is no "نقل"
        bare = d.doc.text[t.base_start : t.end]
        if bare in self.written_verbs:
            return True
        return (d.full[k] in self.verbs or norm(bare) in self.verbs) and norm(bare) not in self.given

    def _person_bounds(self, d: _Doc, nerm: list[Mention]) -> list[Mention]:
        """Model and title spans of people cut at a verb ("رأى كيري" -> "كيري", "كيري رأى" ->
        "كيري"); a common-noun phrase ("حسن جوار": good neighbourliness) is no person."""
        out: list[Mention] = []
        for m in nerm:
            if m.type != "PER":
                out.append(m)
                continue
            words = tuple(d.base[m.i : m.j])
            if any(words[: len(p)] == p for p in self.not_names):
                continue
            i, j = m.i, m.j
            while i < j and self._is_verb(d, i):
                i += 1
            while j > i and self._is_verb(d, j - 1):
                j -= 1
            if i == j:
                continue
            if (i, j) != (m.i, m.j):
                m.i, m.j = i, j
                m.start, m.end = d.tokens[i].base_start, d.tokens[j - 1].end
            out.append(m)
        return out

    def _merge(
        self,
        d: _Doc,
        kbm: list[Mention],
        nerm: list[Mention],
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
    ) -> tuple[list[Mention], list[Mention]]:
        """KB boundaries win; a model span adds a name the KB lacks or confirms a KB one."""
        kept: list[Mention] = []
        dropped: set[int] = set()
        for n in nerm:
            over = [m for m in kbm if m.i < n.j and n.i < m.j]
            if (
                over
                and n.type == "PER"
                and n.source in ("ner", "title")
                and n.j - n.i > 1
                and all(m.source == "kb" and all(h.record.kind == "place" for h in m.hits) for m in over)
            ):
                # "سالم الحارثي": a person whose name holds a town's name is a person
                dropped.update(id(m) for m in over)
                if not self._not_a_name(d, n, nat, agents):
                    kept.append(n)
                continue
            if over:
                for m in over:
                    if any(h.record.type == n.type for h in m.hits) or (
                        m.source == "composed" and n.type == "ORG"
                    ):
                        m.ner_agrees = True
                # an organization whose name holds a place ("جامعة حلب") keeps both
                if (
                    n.type in ("ORG", "MISC")
                    and all(m.type == "LOC" and n.i <= m.i and m.j <= n.j for m in over)
                    and any(n.j - n.i > m.j - m.i for m in over)
                ):
                    kept.append(n)
                continue
            if self._not_a_name(d, n, nat, agents):
                continue
            kept.append(n)
        return [m for m in kbm if id(m) not in dropped], kept

    def _not_a_name(
        self, d: _Doc, n: Mention, nat: dict[int, tuple[str, int]], agents: dict[int, tuple[Agent, int]]
    ) -> bool:
        """Model spans that are a nationality, a title or one common noun with the article."""
        if n.i in nat and nat[n.i][1] >= n.j:
            return True
        if n.i in agents and agents[n.i][1] >= n.j:
            return True
        if all(d.tokens[k].kind != "ar" for k in range(n.i, n.j)):
            return n.type != "MISC"
        if n.type == "PER" and any(self._function_word(d, k) for k in range(n.i, n.j)):
            return True  # "إلى", "على" in a person's name: a tagging slip
        if n.j - n.i == 1:
            t = d.tokens[n.i]
            if t.det and n.type in ("PER", "ORG", "MISC"):
                return True  # "المصادر", "الجانبين": a definite common noun, not a name
            if len(d.base[n.i]) < 2:
                return True
        return False

    def _context(self, d: _Doc, kbm: list[Mention], nat: dict[int, tuple[str, int]]) -> Context:
        ctx = Context(published=d.doc.published, outlet_country=self.kb.outlet_country(d.doc.outlet))
        for m in kbm:
            for h in m.hits:
                if h.record.kind == "country" and len(m.hits) == 1:
                    ctx.countries[h.record.country or ""] = ctx.countries.get(h.record.country or "", 0) + 1
            if m.composed_country:
                ctx.countries[m.composed_country] = ctx.countries.get(m.composed_country, 0) + 1
        for iso3, _ in nat.values():
            ctx.countries[iso3] = ctx.countries.get(iso3, 0) + 1
        return ctx

    def _sentence_admin1(self, d: _Doc, kbm: list[Mention], m: Mention) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        s = d.sent[m.i]
        own = norm(d.doc.text[m.start : m.end])
        for o in kbm:
            if o is m or d.sent[o.i] != s or norm(d.doc.text[o.start : o.end]) == own:
                continue  # a region of the same name does not support its own town
            for h in o.hits:
                if h.record.fcode.startswith("ADM") and h.record.country:
                    out.add((h.record.country, h.record.admin1))
        return out

    def _anchors(self, d: _Doc, kbm: list[Mention], m: Mention) -> list[tuple[float, float]]:
        """Coordinates of the unambiguous places (not countries) named in the same sentence."""
        out: list[tuple[float, float]] = []
        s = d.sent[m.i]
        for o in kbm:
            if o is m or d.sent[o.i] != s or not o.hits or len({h.record.country for h in o.hits}) != 1:
                continue  # an anchor is a name whose readings all lie in one country (a town and its province)
            rec = max((h.record for h in o.hits), key=lambda r: r.population)
            if rec.kind == "place" and rec.lat is not None and rec.lon is not None:
                out.append((rec.lat, rec.lon))
        return out

    def _apposed(self, d: _Doc, p: Mention, m: Mention) -> bool:
        """``m`` follows ``p`` with nothing but a comma or "بن X" links between them."""
        gap = [k for k in range(p.j, m.i) if not (d.tokens[k].kind == "punct" and d.tokens[k].text in COMMA)]
        if d.sent[p.i] != d.sent[m.i] or len(gap) > 4:
            return False
        return all(d.full[k] in self.name_links for k in gap[::2]) and len(gap) % 2 == 0

    def _admin_cue(self, d: _Doc, m: Mention) -> bool:
        """A word saying a state follows, up to ADMIN_CUE_WINDOW words back in the sentence
        ("حاكم بوينس آيرس", "الإمارات الأخرى مثل أبو ظبي", "بعض الولايات، ومن بينها نيويورك")."""
        cues = cue_words()
        k = m.i - 1
        while k >= 0 and m.i - k <= ADMIN_CUE_WINDOW and d.sent[k] == d.sent[m.i]:
            if d.base[k] == cues.place_phrase_start:
                return False  # "في 11 ولاية وفي واشنطن": a new place phrase
            if (d.base[k] in cues.admin_cues or d.full[k] in cues.admin_cues) and not (
                k + 1 < len(d.tokens) and d.base[k + 1] in cues.country_tails
            ):  # not "الولايات المتحدة", "الإمارات العربية"
                return True
            k -= 1
        return False

    def _list_level(self, d: _Doc, linked: list[Mention], m: Mention) -> str | None:
        """The kind of the place right before ``m`` in a list ("X وY", "X، Y")."""
        if not linked:
            return None
        p = linked[-1]
        if p.record is None or d.sent[p.i] != d.sent[m.i] or p.j > m.i:
            return None
        between = [d.tokens[k].text for k in range(p.j, m.i)]
        if any(t not in ("،", ",", "و") for t in between):
            return None
        if not between and not d.tokens[m.i].text.startswith("و"):
            return None
        kind = level(p.record)
        # a list of countries is one of countries; of states only when a cue said so (a city
        # is named after its region: "الضفة الغربية والقدس")
        return kind if kind == "country" or (kind == "admin" and p.cued_admin) else None

    def _metonymy(self, d: _Doc, m: Mention) -> None:
        """ "دعت واشنطن": a capital next to a verb of saying/doing is its country's government."""
        rec = m.record
        if rec is None or rec.key not in self.kb.capitals:
            return
        if self._has_cue(d, m, self.kb.place_cues):
            return
        before = m.i - 1
        after = m.j
        verbs = self.kb.metonymy
        near = (before >= 0 and d.sent[before] == d.sent[m.i] and d.base[before] in verbs) or (
            after < len(d.tokens) and d.sent[after] == d.sent[m.i] and d.base[after] in verbs
        )
        if not near:
            return
        country = self.kb.country(self.kb.capitals[rec.key])
        if country is None:
            return
        m.record = country
        m.actor_use = True

    # -- grouping and attributes -------------------------------------------------------
    def _group(
        self,
        d: _Doc,
        ms: list[Mention],
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
    ) -> list[Entity]:
        text = d.doc.text
        groups: dict[str, list[Mention]] = {}
        order: list[str] = []
        # "بقطاع غزة" and "غزة" in one document: one place, the one the bare name was linked to
        bare = {
            norm(text[m.start : m.end]): m.record
            for m in ms
            if m.record is not None and not m.headed and m.record.type == "LOC"
        }
        for m in ms:
            if m.headed and d.base[m.i] in self.kb.merge_heads and norm(text[m.start : m.end]) in bare:
                m.record = bare[norm(text[m.start : m.end])]
            if m.record is not None:
                key = m.record.key
            elif m.source == "composed":
                key = f"composed:{m.composed_name_en}"
            else:
                key = f"{m.type}:{norm(text[m.start : m.end])}"
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(m)
        # a person named in part ("قالن", "كيشيلي") joins the full name in the same document
        per_keys = [k for k in order if groups[k][0].type == "PER"]
        for k in per_keys:
            if k.startswith("actor:") or k not in groups:
                continue
            words = set(norm(text[groups[k][0].start : groups[k][0].end]).split())
            for other in per_keys:
                if other == k or other not in groups:
                    continue
                o = groups[other][0]
                owords = norm(text[o.start : o.end]).split()
                if len(owords) > len(words) and words <= set(owords):
                    groups[other].extend(groups.pop(k))
                    groups[other].sort(key=lambda x: x.start)
                    break
        self._surnames(d, groups)
        entities: list[Entity] = []
        for key in order:
            if key not in groups:
                continue
            mentions = groups[key]
            ent = self._entity(d, mentions, nat, agents)
            if ent is not None:
                entities.append(ent)
        entities.sort(key=lambda e: e.mentions[0].start)
        for n, e in enumerate(entities, 1):
            e.id = f"e{n}"
        return entities

    def _surnames(self, d: _Doc, groups: dict[str, list[Mention]]) -> None:
        """A person's last name alone elsewhere in the article ("قالن" after "إبراهيم قالن") is
        another mention of that person when it is not a frequent word."""
        taken = {k for ms in groups.values() for m in ms for k in range(m.i, m.j)}
        for ms in groups.values():
            full = max(ms, key=lambda m: m.j - m.i)
            if full.type != "PER" or full.j - full.i < 2:
                continue
            last = d.full[full.j - 1]
            if self.freq.get(last, 0) >= SURNAME_FREQ or len(last) < 3:
                continue
            for k, w in enumerate(d.base):
                if w == last and k not in taken and d.tokens[k].kind == "ar":
                    t = d.tokens[k]
                    ms.append(
                        Mention(
                            k,
                            k + 1,
                            t.base_start,
                            t.base_end,
                            "PER",
                            source="coref",
                            record=full.record,
                            confidence=0.7,
                        )
                    )
                    taken.add(k)
            ms.sort(key=lambda x: x.start)

    def _person_context(
        self,
        d: _Doc,
        m: Mention,
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
        orgs: dict[int, Mention],
    ) -> tuple[str | None, str | None, str | None]:
        """(country, actor code, role) from the words before a person's name."""
        cues = cue_words()
        title: Agent | None = None
        country: str | None = None
        org_code: str | None = None
        org_country: str | None = None
        honorific = m.i
        k = m.i - 1
        lo = max(0, m.i - MAX_CONTEXT)
        while k >= lo and d.sent[k] == d.sent[m.i]:
            if k in orgs and orgs[k].j <= m.i:
                o = orgs[k]
                if org_code is None:
                    org_code, org_country = _code_of(o)
            if k in nat and nat[k][1] <= m.i and country is None:
                country = nat[k][0]
            if (
                k in agents
                and agents[k][1] <= m.i
                and title is not None
                and title.code in cues.honorific_codes
                and agents[k][0].kind == "title"
                and agents[k][0].curated
                and agents[k][0].code not in cues.honorific_codes
            ):
                # "وزير الدولة للشؤون الخارجية الدكتور نزار مدني": the office, not "doctor", when it
                # stands right before the honorific (at most two words between, no comma)
                if agents[k][1] >= honorific - 2 and all(
                    d.tokens[x].kind == "ar" for x in range(agents[k][1], honorific)
                ):
                    title = agents[k][0]
                break
            if (
                k in agents
                and agents[k][1] <= m.i
                and title is None
                and agents[k][0].kind == "title"
                and agents[k][0].curated
            ):
                title = agents[k][0]
                if title.code in cues.honorific_codes:
                    honorific = k
                    k -= 1
                    continue  # an honorific right before the name: an office may stand before it
                # a longer title covering this one ("رئيس فريق التفاوض" over "فريق")
                for k2 in range(k - 1, max(lo, k - 4) - 1, -1):
                    if (
                        k2 in agents
                        and agents[k2][1] >= agents[k][1]
                        and agents[k2][0].kind == "title"
                        and agents[k2][0].curated
                    ):
                        title = agents[k2][0]
                break
            k -= 1
        if title is None and org_code is None:
            return None, None, None
        if org_code:
            return org_country, org_code, title.role_en if title else None
        if country is None and title is not None and title.code.startswith("GOV") and title.role_en != "sheikh":
            # "وزير الدولة نزار مدني" in a Saudi paper: a government title with no nationality is the
            # outlet's own government's
            country = self.kb.outlet_country(d.doc.outlet)
        if country:
            c = self.kb.country(country)
            code = (c.actor_code if c and c.actor_code else country) + (title.code if title else "")
            return country, code, title.role_en if title else None
        return None, None, title.role_en if title else None

    def _entity(
        self,
        d: _Doc,
        ms: list[Mention],
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
    ) -> Entity | None:
        text = d.doc.text
        first = ms[0]
        rec = next((m.record for m in ms if m.record is not None and not m.actor_use), None) or first.record
        spans = []
        seen: set[tuple[int, int]] = set()
        for m in ms:
            if (m.start, m.end) in seen or m.end <= m.start:
                continue
            seen.add((m.start, m.end))
            spans.append(Span(m.start, m.end, text[m.start : m.end]))
        if not spans:
            return None
        conf = round(max(m.confidence for m in ms), 3)
        if rec is not None:
            ent = Entity(
                id="",
                type=rec.type,
                name=rec.name,
                name_en=rec.name_en,
                kb_id=rec.kb_id,
                country=rec.country,
                actor_code=rec.actor_code,
                lat=rec.lat,
                lon=rec.lon,
                mentions=spans,
                role=rec.role,
                confidence=conf,
                stage=STAGE,
            )
            if rec.type == "PER" and not rec.in_office(d.doc.published):
                ent.actor_code = rec.country
                ent.role = None
            if rec.type != "LOC":
                ent.lat = ent.lon = None
            if rec.kind == "country" and all(m.actor_use for m in ms):
                ent.actor_code = f"{rec.actor_code}GOV"
            if rec.type == "PER" and ent.actor_code in (None, rec.country):
                self._fill_person(d, ms, ent, nat, agents)
            return ent
        if first.source == "composed":
            return Entity(
                id="",
                type=first.type,
                name=_name_of(text, ms),
                name_en=first.composed_name_en,
                kb_id=None,
                country=first.composed_country,
                actor_code=first.composed_code,
                mentions=spans,
                confidence=conf,
                stage=STAGE,
            )
        name = _name_of(text, ms)
        ent = Entity(
            id="", type=first.type, name=name, name_en=None, mentions=spans, confidence=conf, stage=STAGE
        )
        if first.type == "PER":
            self._fill_person(d, ms, ent, nat, agents)
        english = _without_patronyms(name) if first.type == "PER" else name
        ent.name_en = (
            romanize(english, country=ent.country, model=self.romanizer_model) if self.romanize else None
        )
        return ent

    def _fill_person(
        self,
        d: _Doc,
        ms: list[Mention],
        ent: Entity,
        nat: dict[int, tuple[str, int]],
        agents: dict[int, tuple[Agent, int]],
    ) -> None:
        orgs = d.orgs
        for m in ms:
            country, code, role = self._person_context(d, m, nat, agents, orgs)
            if code or country:
                ent.country = ent.country or country
                ent.actor_code = code or ent.actor_code
                ent.role = ent.role or role
                return
            if role and not ent.role:
                ent.role = role


_BIN = frozenset(("بن", "ابن"))


def _without_patronyms(name: str) -> str:
    """The name as English news writes it: given name and family name, without the "bin X" chain
    between them ("مساعد بن محمد العيبان" -> "مساعد العيبان": Musaed Al-Aiban); a name that ends in
    its patronym ("سلمان بن عبدالعزيز") or whose family name is "آل X" keeps it."""
    words = name.split()
    if len(words) < 4 or words[1] not in _BIN:
        return name
    k = 1
    while k + 1 < len(words) and words[k] in _BIN:
        k += 2
    if k >= len(words) or words[k].startswith("آل") or words[k] in _BIN:
        return name
    return " ".join([words[0], *words[k:]])


def _name_of(text: str, ms: list[Mention]) -> str:
    longest = max(ms, key=lambda m: (m.end - m.start, -m.start))
    return text[longest.start : longest.end]


def _code_of(m: Mention) -> tuple[str | None, str | None]:
    if m.record is not None and m.record.type == "ORG":
        return m.record.actor_code, m.record.country
    if m.source == "composed":
        return m.composed_code, m.composed_country
    return None, None


def load_optional_tagger() -> Any | None:
    """The NER tagger if its module and model are installed, else ``None``."""
    try:
        from marsad.extract.ner import load_tagger
    except ImportError:
        return None
    try:
        return load_tagger()
    except (DataFileError, OSError, ValueError):
        return None


def make_finder(
    *, use_ner: bool = True, kb_path: str | None = None, romanizer_model: bool = False, romanize: bool = True
) -> Finder:
    kb = load_kb(kb_path)
    freq = _corpus_freq()
    add_known(sorted(set(kb.name_words())))
    try:  # tokens analysed before the names were known are re-analysed
        from marsad.arabic import tokenize as _tok

        _tok._analyse.cache_clear()
    except AttributeError:
        pass
    return Finder(
        kb,
        load_optional_tagger() if use_ner else None,
        freq=freq,
        romanizer_model=romanizer_model,
        romanize=romanize,
    )


_FREQ: dict[str, int] = {}


def _corpus_freq() -> dict[str, int]:
    """Word counts of the corpus vocabulary (``data/arabic/vocab.tsv``), read from the file: the
    clitic model's copy is raised by ``add_known`` for KB names and is no frequency any more."""
    if not _FREQ:
        path = Path(__file__).resolve().parent.parent / "data" / "arabic" / "vocab.tsv"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    word, _, count = line.partition("\t")
                    if word:
                        _FREQ[word] = int(count or 1)
        else:  # pragma: no cover - the file ships with the package
            _FREQ.update(clitic_model().vocab)
    return _FREQ


@register("entities", version=VERSION, needs=("tokens", "sentences"), adds=("entities",))
def make_entities_stage(
    *, use_ner: bool = True, kb_path: str | None = None, romanizer_model: bool = False, romanize: bool = True
) -> Callable[[Document], Document]:
    """Named entities: KB longest match + NER tagger, linked (geonames, CAMEO actors) and resolved.

    ``romanize=False`` leaves ``name_en`` null for names the KB lacks (saves ~3 ms a name)."""
    finder = make_finder(use_ner=use_ner, kb_path=kb_path, romanizer_model=romanizer_model, romanize=romanize)

    def run(doc: Document) -> Document:
        doc.entities = finder.find(doc)
        return doc

    return run


def entities_of(doc: Document, *, finder: Finder | None = None) -> list[Entity]:
    """Entities of a document that has tokens and sentences (for scripts and tests)."""
    return (finder or make_finder()).find(doc)


__all__: Sequence[str] = (
    "Finder",
    "entities_of",
    "load_optional_tagger",
    "make_entities_stage",
    "make_finder",
)
