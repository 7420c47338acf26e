"""The time-expression lexicon (``marsad/data/times/lexicon.toml``) loaded into look-up tables.

Every key is passed through :func:`marsad.arabic.normalize.norm`, so the data is written in
ordinary spelling and matches any hamza / ta-marbuta / alef-maqsura / diacritic variant.
A word can carry several categories ("من" is a range opener and "of"; "الثانية" an ordinal and
an hour); :class:`Lexicon` maps a normalized word to ``{category: value}``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import norm
from marsad.errors import DataFileError

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "times" / "lexicon.toml"

# proclitics stripped (in this order) when a word is not in the lexicon as written
PROCLITICS: tuple[str, ...] = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")

Cats = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: int
    words: dict[str, Cats]
    # first word -> [(all words, categories)], longest first
    phrases: dict[str, list[tuple[tuple[str, ...], Cats]]]
    lists: dict[str, frozenset[str]]
    # look-up caches owned by this lexicon (word readings, rule plans), filled by the grammar
    cache: dict[str, dict[Any, Any]] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, word: str) -> Cats:
        return self.words.get(word, {})

    def has(self, name: str, word: str) -> bool:
        return word in self.lists.get(name, frozenset())


def _add(words: dict[str, Cats], phrases: dict[str, list[tuple[tuple[str, ...], Cats]]],
         key: str, cat: str, value: Any) -> None:
    parts = tuple(norm(p) for p in key.split())
    if not parts:
        return
    if len(parts) == 1:
        words.setdefault(parts[0], {})[cat] = value
        return
    bucket = phrases.setdefault(parts[0], [])
    for have, cats in bucket:
        if have == parts:
            cats[cat] = value
            return
    bucket.append((parts, {cat: value}))


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    p = Path(path) if path else LEXICON_PATH
    try:
        with p.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"cannot read the time lexicon: {exc}", value=str(p)) from exc
    words: dict[str, Cats] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Cats]]] = {}
    try:
        for system, code in (("gregorian", "G"), ("levantine", "G"), ("maghrebi", "G"), ("hijri", "H")):
            for k, v in raw["month"][system].items():
                _add(words, phrases, k, "MONTH", (code, int(v)))
        simple = {
            "weekday": "WD", "weekday_bare": "WDB", "day_relative": "DREL", "relative": "REL",
            "demonstrative": "DEM", "ordinal": "ORD", "ordinal_tens": "ORDT", "cardinal": "CARD",
            "cardinal_teen_only": "TEEN1", "unit_definite": "UDEF", "part_of_day": "POD",
            "period_part": "MPART", "season": "SEASON", "fraction_of_year": "FRAC", "anchor": "ANCHOR",
            "vague": "VAGUE", "era": "ERA", "preposition": "PREP", "approx": "APPROX", "idiom": "IDIOM",
            "decade": "DECADE", "century": "CENTURY", "relative_anaphoric": "RELANA", "hour": "HOUR",
        }
        for table, cat in simple.items():
            for k, v in raw[table].items():
                _add(words, phrases, k, cat, v)
        for k, v in raw["unit"].items():
            _add(words, phrases, k, "UNIT", (str(v[0]), int(v[1])))
        for k, v in raw["unit_plural_definite"].items():
            _add(words, phrases, k, "UPLDEF", (str(v[0]), int(v[1])))
        for k, v in raw["holiday"].items():
            _add(words, phrases, k, "HOLIDAY", (str(v[0]), int(v[1]), int(v[2])))
        for k, v in raw["set"].items():
            if k != "every":
                _add(words, phrases, k, "SET", v)
        for k in raw["set"]["every"]:
            _add(words, phrases, k, "EVERY", True)
        for k in raw["clock"]["hour_word"]:
            _add(words, phrases, k, "HOURW", True)
        for k, v in raw["clock"]["minutes"].items():
            _add(words, phrases, k, "MINW", int(v))
        for k in raw["clock"]["except"]:
            _add(words, phrases, k, "EXCEPT", True)
        for k in raw["range"]["from"]:
            _add(words, phrases, k, "RFROM", True)
        for k in raw["range"]["to"]:
            _add(words, phrases, k, "RTO", True)
        ctx = raw["context"]
        lists = {
            "year_before": ctx["year_before"],
            "month_word": ctx["month_word"],
            "equals": ctx["equals"],
            "not_calendar": ctx["not_calendar"],
            "filler": ctx["filler"],
            "day_after": ctx["day_after"],
            "day_before": ctx["day_before"],
            "adjective_duals": ctx["adjective_duals"],
            "day_word": ctx["day_word"],
            "of": ctx["of"],
            "future": ctx["future"],
            "future_shape_not": ctx["future_shape_not"],
            "ambiguous_month": raw["month"]["ambiguous"],
            "today_not_after": raw["day_relative_context"]["not_after"],
            "today_not_before": raw["day_relative_context"]["not_before"],
            "weekday_not_after": raw["weekday_context"]["not_after"],
        }
        version = int(raw.get("version", 1))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataFileError(f"malformed time lexicon: {exc}", value=str(p)) from exc
    for bucket in phrases.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return Lexicon(
        version=version,
        words=words,
        phrases=phrases,
        lists={k: frozenset(norm(w) for w in v) for k, v in lists.items()},
    )
