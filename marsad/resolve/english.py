"""Knowledge-base entities in English text, found cheaply: for putting English articles in stories.

Only Arabic articles are analysed; an English article is stored with its language tag and no
analysis. To let it join the story its Arabic neighbours are in, its people, organizations and
places are matched against the knowledge base's English names (``Record.name_en``), so that
"John Kerry", "Doha", "Qatar" or "GCC" give the same KB ids as the Arabic articles' entities.

The index (built once per process) holds

* every country's English name;
* places with at least ``PLACE_POPULATION`` inhabitants, and the first-level areas (provinces) of
  the region the KB covers most (``KB.home``: "Lahij", "Marib"); the most populous of a name wins;
* every actor's English name, an ORG's acronym (its KB key when that is a short word: "GCC",
  "NATO"; matched in capitals only) and a person's surname (the last word of the English name)
  when the KB also lists a one-word Arabic name for that person (the surname alone names them)
  and no other person has that surname.

Matching is a longest match over runs of capitalized words (a lowercase "of", "the", "bin", "al"
"in the" ... may sit inside a run), on word boundaries, case-sensitive in its first letters; an
acronym matches only as written and only when no longer name does ("UN Security Council"). Names
that are also common English words ("Mobile", "Reading", "Split", "Central") are in ``STOPLIST``
and never match alone. A name shared by several actors (an office holder listed for two periods) gives
the one in office on the article's date. These are not an analysis: nothing is written into the
article's Document; the store uses the ids for story links only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.errors import DataFileError
from marsad.resolve.kb import KB, Record, load_kb

PLACE_POPULATION = 100_000
MAX_WORDS = 6  # the longest name matched, in words
# word lists (inner words, common-word stoplist, acronyms never matched): data/entity_rules/english_names.toml
_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "entity_rules" / "english_names.toml"


def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    try:
        with _WORDS_FILE.open("rb") as fh:
            raw = tomllib.load(fh)
        return frozenset(raw["inner_words"]), frozenset(raw["stoplist"]), frozenset(raw["acronym_exclude"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"bad English name word file: {exc!r}", value=str(_WORDS_FILE)) from exc


_INNER, STOPLIST, _ACRONYM_EXCLUDE = _word_lists()
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*(?:['\u2019](?!s\b)[A-Za-z]+)*|[^\sA-Za-z]")


@dataclass(frozen=True, slots=True)
class EnglishHit:
    start: int
    end: int
    text: str
    record: Record


def _norm(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w.lower().replace("'", "").replace("\u2019", "").replace("-", " ") for w in words)


def _key(name: str) -> tuple[str, ...]:
    return tuple(" ".join(_norm(tuple(name.split()))).split())


_RANK = {"actor": 0, "country": 1, "place": 2}


@dataclass(slots=True)
class EnglishIndex:
    names: dict[tuple[str, ...], list[Record]]
    exact: dict[str, list[Record]]  # acronyms, matched as written

    def find(self, text: str, date: str | None = None) -> list[EnglishHit]:
        """Longest matches of KB English names in ``text`` (offsets into it)."""
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        out: list[EnglishHit] = []
        i = 0
        while i < len(toks):
            s, e, w = toks[i]
            if not w[0].isupper():
                i += 1
                continue
            # the run of capitalized words (small inner words allowed) starting here
            run = [w]
            j = i + 1
            while j < len(toks) and len(run) < MAX_WORDS:
                t = toks[j][2]
                if t[0].isupper():
                    run.append(t)
                    j += 1
                    continue
                k = j  # small inner words ("in the") followed by a capitalized word
                while k < len(toks) and toks[k][2].lower() in _INNER and k - j < 2:
                    k += 1
                if k == j or k >= len(toks) or not toks[k][2][0].isupper():
                    break
                run.extend(tk[2] for tk in toks[j:k])
                j = k
            found = 0
            for n in range(len(run), 0, -1):
                if run[n - 1].lower() in _INNER:
                    continue
                key = _key(" ".join(run[:n]))
                if n == 1 and " ".join(key) in STOPLIST:
                    continue
                recs = _pick(self.names.get(key, []), date)
                if recs:
                    end = toks[i + n - 1][1]
                    out.extend(EnglishHit(s, end, text[s:end], r) for r in recs)
                    found = n
                    break
            if not found and w in self.exact:  # an acronym ("GCC"), as written
                recs = _pick(self.exact[w], date)
                out.extend(EnglishHit(s, e, w, r) for r in recs)
            i += found or 1
        return out

    def kb_ids(self, text: str, date: str | None = None) -> set[str]:
        return {h.record.kb_id for h in self.find(text, date) if h.record.kb_id}


def _pick(recs: list[Record], date: str | None) -> list[Record]:
    """The records a name gives on ``date``: the best kind only; actors in office."""
    if not recs:
        return []
    best = min(_RANK[r.kind] for r in recs)
    recs = [r for r in recs if _RANK[r.kind] == best]
    if best == 0:
        now = [r for r in recs if r.in_office(date)]
        return now or []
    if best == 2:
        return [max(recs, key=lambda r: (r.population, r.key))]
    return recs[:1]


def build_index(kb: KB) -> EnglishIndex:
    records: dict[str, Record] = {}
    for hits in kb.names.values():
        for h in hits:
            records.setdefault(h.record.key, h.record)
    for rec in kb.countries.values():
        records.setdefault(rec.key, rec)
    one_word_ar = {h.record.key for k, hits in kb.names.items() if len(k) == 1 for h in hits}
    names: dict[tuple[str, ...], list[Record]] = {}
    exact: dict[str, list[Record]] = {}

    def put(key: tuple[str, ...], rec: Record) -> None:
        if key and rec not in names.setdefault(key, []):
            names[key].append(rec)

    surnames: dict[str, set[str]] = {}
    for rec in sorted(records.values(), key=lambda r: r.key):
        if not rec.name_en or not rec.kb_id:
            continue
        if rec.kind == "place" and rec.population < PLACE_POPULATION and not (
                rec.fcode == "ADM1" and rec.country in kb.home):
            continue
        if rec.kind == "actor" and rec.strict:
            continue  # the Arabic name needs a cue; the English one is as ambiguous
        put(_key(rec.name_en), rec)
        if rec.kind == "actor":
            akey = rec.key.split(":", 1)[1]
            if rec.type == "ORG" and akey.isalpha() and len(akey) <= 5 and akey not in _ACRONYM_EXCLUDE:
                exact.setdefault(akey.upper(), []).append(rec)
            if rec.type == "PER" and rec.key in one_word_ar:
                surnames.setdefault(_key(rec.name_en)[-1], set()).add(rec.name_en)
    for sur, people in surnames.items():
        if len(people) == 1 and len(sur) >= 4 and sur not in STOPLIST and (sur,) not in names:
            for rec in records.values():
                if rec.kind == "actor" and rec.name_en in people and not rec.strict:
                    put((sur,), rec)
    return EnglishIndex(names, exact)


@lru_cache(maxsize=1)
def english_index() -> EnglishIndex:
    return build_index(load_kb())
