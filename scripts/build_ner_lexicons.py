"""Compile the NER gazetteers under marsad/data/models/ner/ from ../shared/data and installed packages.

Writes normalized (``marsad.arabic.normalize.norm``) names, one per line, sorted, with a header:

* ``gaz_loc.txt``   countries, first-level regions and world cities (GeoNames-derived admin1 [MIT;
  GeoNames CC BY 4.0], Wikidata world cities [CC BY 4.0], mledoze countries [ODbL], dr5hn
  countries/states [ODbL], CLDR country names from babel [Unicode license]);
* ``gaz_given.txt`` / ``gaz_surname.txt``  person name parts seen at least ``--min-count`` times in
  the arabic-name-romanizer Wikidata name table (MIT);
* ``gaz_namepart.txt`` every word of the Wikidata full person names in that table (MIT);
* ``anergazet_{loc,org,pers}.txt``  ANERGazet (Benajiba et al., research use only), kept in their
  own files so that a model can be built without them.

Usage: python scripts/build_ner_lexicons.py [--min-count 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.arabic.normalize import norm
from scripts._shared import PKG_DATA, shared_data

OUT = PKG_DATA / "models" / "ner"
VERSION = 1


def _arabic(text: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in text)


def _clean(name: str) -> str | None:
    n = " ".join(norm(name).replace("-", " ").split())
    if not n or not _arabic(n) or len(n) < 2 or any(ch.isdigit() for ch in n):
        return None
    return n


def _write(name: str, items: set[str], sources: str) -> None:
    path = OUT / name
    lines = [f"# {name}: normalized names, one per line", f"# version: {VERSION}", f"# sources: {sources}"]
    lines += sorted(items)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path}: {len(items)} names")


def places(data: Path) -> set[str]:
    out: set[str] = set()
    gz = data / "gazetteers"
    with (gz / "world_cities_ar_wikidata" / "Data" / "world-cities.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for key in ("CityNameAr", "CountryNameAr"):
                name = row.get(key) or ""
                out.add(name)
                if name.startswith(("ولاية ", "محافظة ")):
                    out.add(name.split(" ", 1)[1])
    for fname in ("countries.json", "states.json"):
        for rec in json.loads((gz / "geonames_admin1_ar" / "jsonFiles" / fname).read_text(encoding="utf-8")):
            out.add(rec.get("Name_AR") or "")
    for rec in json.loads((gz / "countries_mledoze" / "countries.json").read_text(encoding="utf-8")):
        ara = rec.get("translations", {}).get("ara", {})
        out.update([ara.get("common", ""), ara.get("official", "")])
    for rec in json.loads((gz / "dr5hn_countries_states" / "json" / "countries.json").read_text(encoding="utf-8")):
        out.add(rec.get("translations", {}).get("ar", ""))
    try:
        from babel import Locale

        out.update(Locale("ar").territories.values())
    except ImportError:  # babel is a runtime dependency, but the list is complete without it
        pass
    return {c for c in (_clean(n) for n in out) if c}


def person_parts(min_count: int) -> tuple[set[str], set[str]]:
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    given: Counter[str] = Counter()
    surname: Counter[str] = Counter()
    with sqlite3.connect(db) as con:
        for key, role, count in con.execute("select arabic_key, role, count from units"):
            n = _clean(key)
            if not n or " " in n:
                continue
            if role == "given":
                given[n] += count
            elif role == "surname":
                surname[n] += count
    return ({w for w, c in given.items() if c >= min_count}, {w for w, c in surname.items() if c >= min_count})


def name_parts() -> set[str]:
    """Every word (3+ letters) of the Wikidata full person names: a weak "could be a name" signal."""
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    out: set[str] = set()
    with sqlite3.connect(db) as con:
        for (key,) in con.execute("select arabic_key from full_names where source = 'wikidata'"):
            n = _clean(key)
            if n:
                out.update(w for w in n.split() if len(w) >= 3)
    return out


def anergazet(data: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for kind, fname in (("loc", "AlignedLocGazetteer.txt"), ("org", "AlignedOrgGazetteer.txt"),
                        ("pers", "AlignedPersGazetteer.txt")):
        path = data / "ner" / "anercorp" / "gazetteers" / fname
        names = set()
        for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            if line.startswith("="):
                continue
            c = _clean(line)
            if c:
                names.add(c)
        out[kind] = names
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    data = shared_data()
    OUT.mkdir(parents=True, exist_ok=True)
    _write("gaz_loc.txt", places(data),
           "GeoNames admin1 Arabic names (MIT; GeoNames CC BY 4.0), Wikidata world cities (CC BY 4.0), "
           "mledoze countries (ODbL), dr5hn countries (ODbL), CLDR via babel")
    given, surname = person_parts(args.min_count)
    src = f"arabic-name-romanizer names.sqlite3 (MIT, Wikidata), parts with count >= {args.min_count}"
    _write("gaz_given.txt", given, src)
    _write("gaz_surname.txt", surname, src)
    _write("gaz_namepart.txt", name_parts(),
           "arabic-name-romanizer names.sqlite3 (MIT, Wikidata): words of full person names")
    for kind, names in anergazet(data).items():
        _write(f"anergazet_{kind}.txt", names, "ANERGazet (Benajiba, Rosso & Benedi 2007), research use only")


if __name__ == "__main__":
    main()
