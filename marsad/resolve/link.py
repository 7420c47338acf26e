"""Choosing what a name refers to: geocoding and actor linking in the document's context.

:func:`choose` ranks the knowledge-base records a name can refer to with a prior (countries
before cities, bigger cities before smaller, first-level areas in between, office holders in
office) and the document's context (:class:`Context`): the countries it names, its outlet's
country, the first-level areas named in the same sentence ("ميامي بولاية فلوريدا").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from marsad.resolve.kb import NameHit, Record

# weights of the ranking (measured on tests/fixtures/geocoding_gold.jsonl, see docs/benchmarks.md)
W_COUNTRY = 5.5  # = a city of ~20 million
W_ADMIN1 = 5.0  # = a city of ~5 million
W_REGION = 5.5  # a region (الخليج، الشرق الأوسط، سيناء): above a first-level area or a newspaper
REGION_FCODES = frozenset({"RGN", "PEN", "PLAT", "SEA", "GULF"})
W_POPULATION = 0.75  # per power of ten of the population
W_CANONICAL = 0.4
W_DOC_COUNTRY = 1.0
W_OUTLET_COUNTRY = 0.8
W_SENT_ADMIN1 = 3.0
W_CITY_CUE = 1.5
W_ADMIN_CUE = 2.0  # "حاكم بوينس آيرس", "الإمارات الأخرى مثل أبو ظبي": the state, not its city
W_LIST = 1.5  # "نيجيريا والنيجر وتشاد وبنين": a name in a list is of its neighbour's kind (Benin)
W_NOTABLE = 1.0
W_NEAR = 2.0  # within NEAR_KM of an unambiguous place named in the same sentence ("دوما قرب نابلس")
NEAR_KM = 60.0
W_ACTOR = 4.0  # an office holder in office outranks a town of < 200,000 (e.g. كيري: John Kerry, not Chieri)
W_OUT_OF_OFFICE = -1.5


@dataclass(slots=True)
class Context:
    """What the document says around a name."""

    countries: dict[str, int] = field(default_factory=dict)  # ISO-3 -> mentions in the document
    outlet_country: str | None = None
    sentence_admin1: set[tuple[str, str]] = field(default_factory=set)  # (ISO-3, admin1 code)
    published: str | None = None
    city_cue: bool = False  # "مدينة"/"العاصمة" right before the name
    admin_cue: bool = False  # "ولاية"/"حاكم"/"الإمارات" shortly before the name
    list_level: str | None = None  # "country" | "admin" | "city": the kind of the place before it in a list
    anchors: list[tuple[float, float]] = field(
        default_factory=list
    )  # (lat, lon) of places nearby in the text


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def level(rec: Record) -> str | None:
    """The kind of place a record is, for lists of places: country, admin (state) or city."""
    if rec.kind == "country":
        return "country"
    if rec.kind != "place":
        return None
    return "admin" if rec.fcode.startswith("ADM") else "city" if rec.fcode.startswith("PP") else None


def prior(rec: Record, *, published: str | None = None) -> float:
    if rec.kind == "country":
        return W_COUNTRY
    if rec.kind == "actor":
        return W_ACTOR + (0.0 if rec.in_office(published) else W_OUT_OF_OFFICE)
    if rec.fcode.startswith("ADM"):
        return W_ADMIN1
    if rec.fcode in REGION_FCODES:
        return W_REGION
    return math.log10(rec.population + 10) * W_POPULATION


def score(hit: NameHit, ctx: Context) -> float:
    rec = hit.record
    s = prior(rec, published=ctx.published)
    if hit.canonical:
        s += W_CANONICAL
    if rec.kind == "country" and ctx.countries.get(rec.country or "", 0):
        s += W_DOC_COUNTRY
    if rec.notable or rec.kind == "country":
        s += W_NOTABLE
    if rec.kind == "place" and ctx.city_cue and not rec.fcode.startswith("ADM"):
        s += W_CITY_CUE
    if rec.kind == "place" and ctx.admin_cue and rec.fcode.startswith("ADM"):
        s += W_ADMIN_CUE
    if ctx.list_level and ctx.list_level == level(rec):
        s += W_LIST
    if rec.kind == "place" and rec.country:
        n = ctx.countries.get(rec.country, 0)
        if n:
            s += W_DOC_COUNTRY * min(1.0, 0.5 + 0.25 * n)
        if ctx.outlet_country and rec.country == ctx.outlet_country:
            s += W_OUTLET_COUNTRY
        if (rec.country, rec.admin1) in ctx.sentence_admin1 and not rec.fcode.startswith("ADM"):
            s += W_SENT_ADMIN1
        if (
            rec.lat is not None
            and rec.lon is not None
            and any(km(rec.lat, rec.lon, a, b) <= NEAR_KM for a, b in ctx.anchors)
        ):
            s += W_NEAR
    return s


def choose(hits: list[NameHit], ctx: Context) -> tuple[NameHit, float]:
    """The best record for a name and a confidence in (0, 1) from the score margin."""
    ranked = sorted(((score(h, ctx), i, h) for i, h in enumerate(hits)), key=lambda x: (-x[0], x[1]))
    best_s, _, best = ranked[0]
    if len(ranked) == 1:
        return best, 0.9
    margin = best_s - ranked[1][0]
    return best, round(0.5 + 0.4 * (1 - math.exp(-margin)), 3)
