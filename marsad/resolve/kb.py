"""The knowledge base: countries, places, actors, nationality adjectives, agents and cues.

Built by ``scripts/build_kb.py`` into ``marsad/data/kb/`` (sources and licenses in its README).
:func:`load_kb` reads it once. Names are indexed by the tuple of their words in matching
normalization (:func:`marsad.arabic.normalize.norm`), plus spelling variants from
``variants.tsv`` (إسطنبول / اسطنبول / استنبول all give the same key set), so that a run of
token bases can be looked up directly.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

KB_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Record:
    """One thing a name can refer to: a country, a place or an actor."""

    key: str  # unique in the KB: "country:TUR", "place:745044", "actor:kalin"
    kind: str  # "country" | "place" | "actor"
    type: str  # PER | ORG | LOC | MISC
    name: str  # canonical Arabic name
    name_en: str
    kb_id: str | None  # "geonames:745044", "actor:kalin"
    country: str | None  # ISO-3
    actor_code: str | None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    fcode: str = ""
    admin1: str = ""
    start: str | None = None  # office dates (actors)
    end: str | None = None
    strict: bool = False  # needs a cue (common word)
    notable: bool = False  # a well-known place (GeoNames Arabic catalogue, Wikidata world cities)

    def in_office(self, date: str | None) -> bool:
        """Whether the record's role held on ``date`` (YYYY-MM-DD; unknown date: yes)."""
        if not date:
            return True
        if self.start and date < self.start:
            return False
        return not (self.end and date >= self.end)


@dataclass(frozen=True, slots=True)
class NameHit:
    record: Record
    canonical: bool  # the key is the record's canonical name (not an alias or a variant)
    common: bool  # the name is also a common word: needs a cue, a model tag or a repeat
    variant: bool = False  # the key is a spelling variant made by a rule of variants.tsv


@dataclass(frozen=True, slots=True)
class Agent:
    phrase: str
    code: str  # CAMEO sector suffix: GOV, GOVSPY, MIL ...
    role_en: str
    kind: str  # title | body | group
    curated: bool = True  # from the hand-written table (not the UniversalPetrarch import)


@dataclass(frozen=True, slots=True)
class Ministry:
    head: str
    template: str  # "Ministry of Foreign Affairs of {country}"
    code: str
    construct: bool  # "وزارة خارجية" + country name


@dataclass(slots=True)
class KB:
    names: dict[Key, list[NameHit]] = field(default_factory=dict)
    nationalities: dict[Key, str] = field(default_factory=dict)  # form -> ISO-3
    agents: dict[Key, Agent] = field(default_factory=dict)
    ministries: dict[Key, Ministry] = field(default_factory=dict)
    countries: dict[str, Record] = field(default_factory=dict)  # ISO-3 -> country record
    capitals: dict[str, str] = field(default_factory=dict)  # place key -> ISO-3 of its country
    places: dict[int, Record] = field(default_factory=dict)  # geonames id -> record
    outlets: dict[str, str] = field(default_factory=dict)  # normalized outlet -> ISO-3
    place_cues: frozenset[str] = frozenset()
    org_cues: frozenset[str] = frozenset()
    ambiguous: frozenset[str] = frozenset()
    metonymy: frozenset[str] = frozenset()
    home: frozenset[str] = frozenset()  # ISO-3 codes of the region most covered
    city_cues: frozenset[str] = frozenset()
    merge_heads: frozenset[str] = frozenset()  # "قطاع": "قطاع غزة" and "غزة" are one place
    max_len: int = 1
    max_cue_len: int = 1
    version: str = "1"

    def lookup(self, key: Key) -> list[NameHit]:
        return self.names.get(key, [])

    def country(self, iso3: str | None) -> Record | None:
        return self.countries.get(iso3) if iso3 else None

    def by_kb_id(self, kb_id: str) -> Record | None:
        for hits in self.names.values():
            for h in hits:
                if h.record.kb_id == kb_id:
                    return h.record
        return None

    def outlet_country(self, outlet: str | None) -> str | None:
        if not outlet:
            return None
        o = norm(outlet.strip().lower())
        for part in (o, o.removeprefix("www.").split(".")[0]):
            if part in self.outlets:
                return self.outlets[part]
        return None

    def name_words(self) -> Iterator[str]:
        """First words of names worth teaching the clitic splitter (not common words)."""
        for key, hits in self.names.items():
            if len(key[0]) >= 4 and any(not h.common and _teachable(h.record) for h in hits):
                yield key[0]


def _teachable(rec: Record) -> bool:
    return rec.kind != "place" or rec.population >= 50_000 or rec.fcode.startswith("ADM")


def name_key(name: str) -> Key:
    """The index key of a name: its words in matching normalization."""
    return tuple(w for w in norm(name).replace("-", " ").replace("\u200f", "").split() if w)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a KB TSV (comment lines start with #; the first other line is the header)."""
    if not path.exists():
        raise DataFileError("knowledge-base file missing (run scripts/build_kb.py)", value=str(path))
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        header: list[str] | None = None
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            yield dict(zip(header, cells))


def _float(s: str) -> float | None:
    try:
        return float(s) if s else None
    except ValueError:
        return None


def _int(s: str) -> int:
    try:
        return int(float(s)) if s else 0
    except ValueError:
        return 0


@dataclass(frozen=True, slots=True)
class VariantRule:
    src: str
    dst: str
    final: bool


def _variants(key: Key, rules: list[VariantRule]) -> set[Key]:
    """Spelling variants of a normalized name key (one rule at a time)."""
    out: set[Key] = set()
    for r in rules:
        words = list(key)
        changed = False
        for i, w in enumerate(words):
            if r.final:
                if w.endswith(r.src):
                    words[i] = w[: -len(r.src)] + r.dst
                    changed = True
            elif r.src in w:
                words[i] = w.replace(r.src, r.dst)
                changed = True
        if changed:
            out.add(tuple(words))
    out.discard(key)
    return out


class _Builder:
    def __init__(self, rules: list[VariantRule]) -> None:
        self.names: dict[Key, dict[str, NameHit]] = defaultdict(dict)
        self.rules = rules

    def add(self, rec: Record, names: Iterable[str], *, common: set[str], canonical: str) -> None:
        canon_key = name_key(canonical)
        for n in names:
            key = name_key(n)
            if not key:
                continue
            is_common = norm(n) in common or (rec.strict and len(key) == 1)
            hit = NameHit(rec, canonical=key == canon_key, common=is_common)
            self._put(key, hit)
            for v in _variants(key, self.rules):
                self._put(v, NameHit(rec, canonical=False, common=is_common, variant=True))

    def _put(self, key: Key, hit: NameHit) -> None:
        slot = self.names[key]
        old = slot.get(hit.record.key)
        if (
            old is None
            or (hit.canonical and not old.canonical)
            or (old.common and not hit.common)
            or (old.variant and not hit.variant)
        ):
            slot[hit.record.key] = hit


@lru_cache(maxsize=2)
def load_kb(path: str | None = None) -> KB:
    """The knowledge base (read once per process)."""
    base = Path(path) if path else KB_DIR
    rules = [
        VariantRule(src=norm(r["from"]), dst=norm(r["to"]), final=r["place"] == "$")
        for r in _rows(base / "variants.tsv")
    ]
    b = _Builder(rules)
    kb = KB()
    cues: dict[str, set[str]] = defaultdict(set)
    for r in _rows(base / "place_cues.tsv"):
        cues[r["kind"]].add(norm(r["word"]))
    ambiguous = cues["ambiguous"]
    cameo: dict[str, str] = {}
    for r in _rows(base / "countries.tsv"):
        iso3 = r["iso3"]
        cameo[iso3] = r["cameo"] or iso3
        rec = Record(
            key=f"country:{iso3}",
            kind="country",
            type="LOC",
            name=r["name_ar"],
            name_en=r["name_en"],
            kb_id=f"geonames:{r['geonameid']}" if r["geonameid"] else None,
            country=iso3,
            actor_code=cameo[iso3],
            lat=_float(r["lat"]),
            lon=_float(r["lon"]),
            population=_int(r["population"]),
            fcode="PCLI",
        )
        kb.countries[iso3] = rec
        if r["capital"]:
            kb.capitals[f"place:{r['capital']}"] = iso3
        b.add(
            rec,
            [r["name_ar"], *[a for a in r["aliases_ar"].split("|") if a]],
            common=ambiguous,
            canonical=r["name_ar"],
        )
    for r in _rows(base / "places.tsv.gz"):
        # a GeoNames id, or "region:slug" for a region GeoNames has no id for (kb_id as is)
        gid = _int(r["geonameid"]) if r["geonameid"].isdigit() else r["geonameid"]
        iso3 = r["iso3"] or None
        rec = Record(
            key=f"place:{gid}",
            kind="place",
            type="LOC",
            name=r["name_ar"],
            name_en=r["name_en"],
            kb_id=f"geonames:{gid}" if isinstance(gid, int) else gid,
            country=iso3,
            actor_code=cameo.get(iso3, iso3) if iso3 else None,
            lat=_float(r["lat"]),
            lon=_float(r["lon"]),
            population=_int(r["population"]),
            fcode=r["fcode"],
            admin1=r["admin1"],
            notable=r.get("notable") == "1",
        )
        if isinstance(gid, int):
            kb.places[gid] = rec
        common = {norm(c) for c in r["common_ar"].split("|") if c} | ambiguous
        b.add(
            rec,
            [r["name_ar"], *[a for a in r["aliases_ar"].split("|") if a]],
            common=common,
            canonical=r["name_ar"],
        )
    for r in _rows(base / "actors.tsv"):
        country = r["country"].strip() or None
        rec = Record(
            key=f"actor:{r['key']}",
            kind="actor",
            type=r["type"],
            name=r["name_ar"],
            name_en=r["name_en"],
            kb_id=f"actor:{r['key']}",
            country=country,
            actor_code=r["actor_code"].strip() or None,
            role=r["role"] or None,
            start=r["start"] or None,
            end=r["end"] or None,
            strict=r["strict"] == "1",
        )
        common = {norm(c) for c in r.get("common_ar", "").split("|") if c}
        b.add(
            rec,
            [r["name_ar"], *[a for a in r["aliases_ar"].split("|") if a]],
            common=common,
            canonical=r["name_ar"],
        )
    kb.names = {k: list(v.values()) for k, v in b.names.items()}
    kb.max_len = max((len(k) for k in kb.names), default=1)
    for r in _rows(base / "nationalities.tsv"):
        kb.nationalities[name_key(r["form"])] = r["iso3"]
    for r in _rows(base / "agents.tsv"):
        k = name_key(r["phrase_ar"])
        if k and k not in kb.agents:
            kb.agents[k] = Agent(
                r["phrase_ar"], r["code"], r["role_en"], r["kind"], r.get("source") == "marsad"
            )
    for r in _rows(base / "ministries.tsv"):
        for col, construct in (("head_ar", False), ("construct_ar", True)):
            if r[col]:
                kb.ministries[name_key(r[col])] = Ministry(
                    r[col], r["name_en_template"], r["code"], construct
                )
    kb.max_cue_len = max([len(k) for k in (*kb.agents, *kb.ministries, *kb.nationalities)] or [1])
    for r in _rows(base / "outlets.tsv"):
        kb.outlets[norm(r["outlet"].lower())] = r["iso3"]
        kb.outlets.setdefault(norm(r["name_ar"]), r["iso3"])
    kb.place_cues = frozenset(cues["cue"])
    kb.org_cues = frozenset(cues["cue_org"])
    kb.ambiguous = frozenset(cues["ambiguous"])
    kb.metonymy = frozenset(cues["metonymy"])
    kb.home = frozenset(c.upper() for c in cues["home"])
    kb.city_cues = frozenset(cues["city_cue"])
    kb.merge_heads = frozenset(cues["merge_head"])
    return kb
