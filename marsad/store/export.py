"""Exports of the stored events: GDELT 2.0 event TSV, PLOVER JSON Lines, CSV, JSON Lines, Parquet.

GDELT: the 61 columns of the GDELT 2.0 Event codebook in its order, tab-separated, no header
(as GDELT publishes them). Geography country codes are FIPS 10-4 as in GDELT (mapped from ISO
alpha-3 with ``marsad/data/corpus/iso3_fips.tsv``); actor country codes are CAMEO/ISO alpha-3.
AvgTone is left empty (marsad does not score tone); ADM1Code is the FIPS country code + the place's
GeoNames admin1 code (GDELT's form, e.g. IZ07 for Baghdad), ADM2Code is empty.

PLOVER: one JSON object per line with the field names of the PLOVER specification
(``id, date, actor, recipient, event, event_loc, event_text, quad_code, event_scale, mode,
context, cite_info, coder, coded_date``) plus the report counts.

ACLED: a CSV with ACLED's column names (event_type from the CAMEO code, fatalities as the event's
killed total, 0 when none was reported) for what marsad knows, empty columns for the rest.

Parquet: a folder with one file per table (events, event_reports, articles, entities, stories,
story_articles).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.errors import ExportError
from marsad.store import models as m
from marsad.store.queries import EventFilter, event_objects
from marsad.store.store import Store

FORMATS = ("gdelt", "plover", "csv", "acled", "jsonl", "parquet")
DATA = Path(__file__).resolve().parent.parent / "data" / "corpus"

_ACTOR_COLS = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
]
_GEO_COLS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS: list[str] = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR_COLS]
    + [f"Actor2{c}" for c in _ACTOR_COLS]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO_COLS]
    + [f"Actor2Geo_{c}" for c in _GEO_COLS]
    + [f"ActionGeo_{c}" for c in _GEO_COLS]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(GDELT_COLUMNS) == 61

CSV_COLUMNS = [
    "id", "date", "cameo", "plover", "status", "source", "source_countries", "target", "target_countries",
    "location", "location_country", "summary_en", "goldstein", "confidence", "fatalities", "injured",
    "num_mentions", "num_articles", "num_sources", "first_url",
]


@lru_cache(maxsize=1)
def iso3_to_fips() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (DATA / "iso3_fips.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso3, fips = line.split("\t")
            out[iso3] = fips
    return out


def quad_class(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def _numeric_id(event_id: str) -> int:
    return int(event_id.removeprefix("ev-")[:15], 16)


def _actor_cols(actor: dict[str, Any] | None) -> list[Any]:
    if not actor:
        return [""] * 10
    code = actor.get("actor_code") or ""
    country = actor.get("country") or ""
    types = code[3:] if country and code.startswith(country) else code
    segs = [types[i : i + 3] for i in range(0, min(len(types), 9), 3)]
    segs += [""] * (3 - len(segs))
    name = (actor.get("name_en") or actor.get("name") or "").upper()
    return [code, name, country, "", "", "", "", *segs]


def _geo_cols(place: dict[str, Any] | None) -> list[Any]:
    """GDELT's 8 geography columns: Type (1 country, 4 city, 5 first-level area), FullName, FIPS
    country code, ADM1Code (FIPS country + the GeoNames admin1 code, e.g. IZ07 for Baghdad), ADM2Code
    (empty), Lat, Long, FeatureID (the GeoNames id)."""
    if not place:
        return [0, "", "", "", "", "", "", ""]
    country = place.get("country") or ""
    fips = iso3_to_fips().get(country, "")
    kb = place.get("kb_id") or ""
    from marsad.resolve.kb import load_kb  # read once per process (load_kb is cached)

    rec = load_kb().by_kb_id(kb) if kb.startswith("geonames:") else None
    fcode = rec.fcode if rec is not None else ""
    if rec is not None:
        is_country = fcode.startswith("PCL")
    else:
        is_country = kb.startswith("country:") or (place.get("lat") is None and bool(country))
    admin1 = rec.admin1 if rec is not None and not is_country else ""
    geo_type = 1 if is_country else 5 if fcode.startswith("ADM1") else 4
    adm1_code = fips if is_country else (fips + admin1 if fips and admin1 else "")
    feature = kb.split(":", 1)[1] if kb.startswith("geonames:") else ""
    lat = place.get("lat") if place.get("lat") is not None else (rec.lat if rec is not None else None)
    lon = place.get("lon") if place.get("lon") is not None else (rec.lon if rec is not None else None)
    return [
        geo_type, place.get("name_en") or place.get("name") or "", fips, adm1_code, "",
        lat if lat is not None else "", lon if lon is not None else "", feature,
    ]


def gdelt_row(ev: dict[str, Any], *, added: str) -> list[Any]:
    day = dt.date.fromisoformat(ev["date"]) if ev.get("date") else None
    src = ev["source_actors"][0] if ev["source_actors"] else None
    tgt = ev["target_actors"][0] if ev["target_actors"] else None
    cameo = ev["cameo"]
    frac = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else ""
    first_url = next((r["url"] for r in ev["reports"] if r.get("url")), "")
    return [
        _numeric_id(ev["id"]), day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", frac,
        *_actor_cols(src), *_actor_cols(tgt),
        1 if ev.get("is_root") else 0, cameo, cameo[:3], cameo[:2], quad_class(cameo[:2]),
        ev["goldstein"] if ev.get("goldstein") is not None else "",
        ev["num_mentions"], ev["num_sources"], ev["num_articles"], "",
        *_geo_cols(None), *_geo_cols(None), *_geo_cols(ev.get("location_entity")),
        added, first_url,
    ]


def plover_record(ev: dict[str, Any], *, coded: str) -> dict[str, Any]:
    def ent(a: dict[str, Any]) -> dict[str, Any]:
        return {"code": a.get("actor_code") or a.get("country"), "actorText": a.get("name"),
                "name": a.get("name_en"), "country": a.get("country"), "wikidata": None, "kb_id": a.get("kb_id")}

    loc = ev.get("location_entity")
    root = ev["cameo"][:2]
    first = ev["reports"][0] if ev["reports"] else {}
    return {
        "id": ev["id"],
        "date": ev.get("date"),
        "actor": [ent(a) for a in ev["source_actors"]],
        "recipient": [ent(a) for a in ev["target_actors"]],
        "event": [ev["plover"]] if ev.get("plover") else [],
        "event_loc": {"name": loc.get("name_en") or loc.get("name"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                      "country": loc.get("country"), "geonamesID": (loc.get("kb_id") or "").removeprefix("geonames:")
                      if (loc.get("kb_id") or "").startswith("geonames:") else None} if loc else None,
        "event_text": [ev["trigger"]["text"]] if ev.get("trigger") else [],
        "quad_code": quad_class(root),
        "event_scale": ev.get("goldstein"),
        "mode": [],
        "context": [],
        "cameo": ev["cameo"],
        "status": ev.get("status"),
        "cite_info": {"url": first.get("url"), "outlet": first.get("outlet"), "article_id": first.get("article_id")},
        "num_sources": ev["num_sources"],
        "num_articles": ev["num_articles"],
        "coder": "marsad",
        "coded_date": coded,
    }


def csv_row(ev: dict[str, Any]) -> dict[str, Any]:
    names = lambda xs: "; ".join(a.get("name") or "" for a in xs)
    ctry = lambda xs: "; ".join(a.get("country") or "" for a in xs)
    loc = ev.get("location_entity") or {}
    return {
        "id": ev["id"], "date": ev.get("date"), "cameo": ev["cameo"], "plover": ev.get("plover"),
        "status": ev.get("status"), "source": names(ev["source_actors"]), "source_countries": ctry(ev["source_actors"]),
        "target": names(ev["target_actors"]), "target_countries": ctry(ev["target_actors"]),
        "location": loc.get("name"), "location_country": loc.get("country"), "summary_en": ev.get("summary_en"),
        "goldstein": ev.get("goldstein"), "confidence": ev.get("confidence"), "fatalities": ev.get("fatalities"),
        "injured": ev.get("injured"), "num_mentions": ev["num_mentions"], "num_articles": ev["num_articles"],
        "num_sources": ev["num_sources"], "first_url": next((r["url"] for r in ev["reports"] if r.get("url")), None),
    }


# ACLED-style CSV: ACLED's column names in its order for what marsad knows; the columns it cannot
# fill (inter codes, admin areas, geo and time precision, tags) are left empty. "injured" (not an
# ACLED column) is appended. Event types follow ACLED's from the CAMEO code.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "cameo", "status", "injured",
]


def acled_type(cameo: str) -> tuple[str, str]:
    """(event_type, disorder_type) in ACLED's terms for a CAMEO code."""
    root = cameo[:2]
    if cameo.startswith("145"):
        return "Riots", "Political violence; Demonstrations"
    if root == "14":
        return "Protests", "Demonstrations"
    if cameo.startswith(("183", "195", "194")):
        return "Explosions/Remote violence", "Political violence"
    if root == "19":
        return "Battles", "Political violence"
    if root in ("18", "20"):
        return "Violence against civilians", "Political violence"
    return "Strategic developments", "Strategic developments"


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    names = lambda xs: "; ".join(a.get("name_en") or a.get("name") or "" for a in xs)
    loc = ev.get("location_entity") or {}
    event_type, disorder = acled_type(ev["cameo"])
    date = ev.get("date") or ""
    return {
        "event_id_cnty": ev["id"], "event_date": date, "year": date[:4], "disorder_type": disorder,
        "event_type": event_type, "sub_event_type": ev["cameo"], "actor1": names(ev["source_actors"]),
        "actor2": names(ev["target_actors"]), "iso": loc.get("country") or "", "country": loc.get("country") or "",
        "location": loc.get("name_en") or loc.get("name") or "", "latitude": loc.get("lat"),
        "longitude": loc.get("lon"), "source": "; ".join(sorted({r.get("outlet") or "" for r in ev["reports"]})),
        "notes": ev.get("summary_en") or "", "fatalities": ev.get("fatalities") or 0, "cameo": ev["cameo"],
        "status": ev.get("status"), "injured": ev.get("injured"),
    }


def _parquet(store: Store, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "events": m.Event.__table__, "event_reports": m.EventReport.__table__, "event_actors": m.EventActor.__table__,
        "articles": m.Article.__table__, "entities": m.Entity.__table__, "stories": m.Story.__table__,
        "story_articles": m.StoryArticle.__table__, "quotes": m.Quote.__table__,
    }
    skip = {"minhash", "vector", "centroid"}
    n = 0
    with store.engine.connect() as conn:
        for name, table in tables.items():
            cols = [c for c in table.c if c.name not in skip]
            rows = [dict(r._mapping) for r in conn.execute(select(*cols))]
            data = {c.name: [r[c.name] for r in rows] for c in cols}
            pq.write_table(pa.table(data), out / f"{name}.parquet")
            if name == "events":
                n = len(rows)
    return n


def export(store: Store, *, fmt: str, output: str | Path, flt: EventFilter | None = None) -> int:
    """Write the events (filtered) in ``fmt`` to ``output``; return the number of events written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format (one of {', '.join(FORMATS)})", value=fmt)
    out = Path(output)
    try:
        if fmt == "parquet":
            return _parquet(store, out)
        events = event_objects(store, flt)
        out.parent.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)
        with out.open("w", encoding="utf-8", newline="") as fh:
            if fmt == "gdelt":
                w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
                added = now.strftime("%Y%m%d%H%M%S")
                for ev in events:
                    w.writerow([_clean(v) for v in gdelt_row(ev, added=added)])
            elif fmt == "plover":
                coded = now.date().isoformat()
                _lines(fh, (plover_record(ev, coded=coded) for ev in events))
            elif fmt == "jsonl":
                _lines(fh, events)
            elif fmt == "acled":
                w3 = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
                w3.writeheader()
                for ev in events:
                    w3.writerow(acled_row(ev))
            else:
                w2 = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
                w2.writeheader()
                for ev in events:
                    w2.writerow(csv_row(ev))
        return len(events)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", source=str(out)) from exc


def _clean(v: Any) -> Any:
    return v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v


def _lines(fh: Any, objs: Iterable[dict[str, Any]]) -> None:
    for obj in objs:
        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
