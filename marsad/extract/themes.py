"""The ``themes`` stage: what an article is about, from a documented taxonomy (~50 themes).

The taxonomy, its Arabic terms, the CAMEO codes that imply each theme and the mapping to GDELT GKG
theme names are data: ``marsad/data/themes/taxonomy.toml``, whose header gives the scoring: distinct
terms count more than repeats, the title and headlines double, events of listed CAMEO codes add 2,
and a theme needs two distinct terms, a title hit or an event. Themes at or above ``min_score`` are
kept with their evidence spans in the text (term matches and event triggers, first five).
"""

from __future__ import annotations

import bisect
import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.normalize import norm
from marsad.arabic.phrases import PhraseMatcher
from marsad.arabic.tokenize import tokenize
from marsad.document import Document, Span, Theme
from marsad.pipeline import register

VERSION = "2"
STAGE = f"themes@{VERSION}"
DATA = Path(__file__).resolve().parent.parent / "data" / "themes" / "taxonomy.toml"
MAX_PER_TERM = 3
REPEAT_WEIGHT = 0.5
MIN_DISTINCT = 2
MIN_REPEATS = 3  # or one term said three times
MAX_EVIDENCE = 5


@dataclass(frozen=True, slots=True)
class ThemeDef:
    id: str
    en: str
    ar: str
    gkg: str | None
    cameo: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    themes: dict[str, ThemeDef]
    matcher: PhraseMatcher[tuple[str, ...]]  # term -> theme ids
    min_score: float


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    themes: dict[str, ThemeDef] = {}
    terms: dict[str, list[str]] = {}
    for tid, t in raw["theme"].items():
        themes[tid] = ThemeDef(tid, t["en"], t["ar"], t.get("gkg"), tuple(t.get("cameo", [])))
        for term in t["terms"]:
            terms.setdefault(term, []).append(tid)
    return Taxonomy(
        themes=themes,
        matcher=PhraseMatcher({k: tuple(v) for k, v in terms.items()}),
        min_score=float(raw["min_score"]),
    )


def score_of(hits: float) -> float:
    return 1.0 - math.exp(-hits / 3.0)


@register("themes", version=VERSION, needs=("tokens", "sentences"), adds=("themes",))
def make_themes_stage(*, min_score: float | None = None) -> Callable[[Document], Document]:
    """Themes of the article with evidence spans and a score, mapped to GDELT GKG themes."""
    tax = taxonomy()
    threshold = tax.min_score if min_score is None else min_score

    def run(doc: Document) -> Document:
        hits: dict[str, float] = {}
        per_term: dict[tuple[str, str], int] = {}
        distinct: dict[str, set[str]] = {}
        strong: set[str] = set()  # themes with a title/headline hit or an event
        evidence: dict[str, list[Span]] = {}

        def count(tid: str, key_term: str, weight: float, span: Span | None) -> None:
            key = (tid, key_term)
            n = per_term.get(key, 0)
            if n >= MAX_PER_TERM:
                return
            per_term[key] = n + 1
            hits[tid] = hits.get(tid, 0.0) + (weight if n == 0 else REPEAT_WEIGHT)
            distinct.setdefault(tid, set()).add(key_term)
            if weight > 1.0:
                strong.add(tid)
            if span is not None:
                ev = evidence.setdefault(tid, [])
                if len(ev) < MAX_EVIDENCE:
                    ev.append(span)

        if doc.title and not doc.text.lstrip().startswith(doc.title.strip()):
            title_toks = tokenize(doc.title)
            for m in tax.matcher.find_all(title_toks):
                for tid in m.value:
                    count(tid, norm(doc.title[m.start : m.end]), 2.0, None)
        sent_starts = [s.start for s in doc.sentences]
        for m in tax.matcher.find_all(doc.tokens):
            k = bisect.bisect_right(sent_starts, m.start) - 1
            kind = doc.sentences[k].kind if k >= 0 else "body"
            weight = 2.0 if kind in ("title", "headline") else 1.0
            term = doc.text[m.start : m.end]
            for tid in m.value:
                count(tid, norm(term), weight, Span(m.start, m.end, term))
        for event in doc.events:
            for tid, td in tax.themes.items():
                if any(event.cameo.startswith(c) for c in td.cameo):
                    hits[tid] = hits.get(tid, 0.0) + 2.0
                    strong.add(tid)
                    ev = evidence.setdefault(tid, [])
                    if len(ev) < MAX_EVIDENCE and all(e.start != event.trigger.start for e in ev):
                        ev.append(Span(event.trigger.start, event.trigger.end, event.trigger.text))
        for tid in list(hits):
            repeated = any(n >= MIN_REPEATS for (t, _), n in per_term.items() if t == tid)
            if tid not in strong and len(distinct.get(tid, ())) < MIN_DISTINCT and not repeated:
                del hits[tid]
        out: list[Theme] = []
        for tid, h in hits.items():
            sc = score_of(h)
            if sc < threshold:
                continue
            td = tax.themes[tid]
            out.append(
                Theme(
                    theme=tid,
                    score=round(sc, 3),
                    evidence=sorted(evidence.get(tid, []), key=lambda s: s.start),
                    gkg=td.gkg,
                    stage=STAGE,
                    extra={"label_en": td.en, "label_ar": td.ar},
                )
            )
        out.sort(key=lambda t: (-t.score, t.theme))
        doc.themes = out
        return doc

    return run
