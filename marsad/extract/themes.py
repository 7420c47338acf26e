"""The ``themes`` stage: what an article is about, from a documented taxonomy (~50 themes).

The taxonomy, its Arabic terms, the CAMEO codes that imply each theme and the mapping to GDELT GKG
theme names are data: ``marsad/data/themes/taxonomy.toml``. A term hit counts 1 (2 in a title or
headline; at most 3 per term), an event whose CAMEO code starts with a listed code counts 2;
``score = 1 - exp(-hits / 3)``; themes at or above ``min_score`` are kept with their evidence spans
(the term matches and event triggers, first five).
"""

from __future__ import annotations

import bisect
import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.arabic.phrases import PhraseMatcher
from marsad.document import Document, Span, Theme
from marsad.pipeline import register

VERSION = "1"
STAGE = f"themes@{VERSION}"
DATA = Path(__file__).resolve().parent.parent / "data" / "themes" / "taxonomy.toml"
MAX_PER_TERM = 3
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
        evidence: dict[str, list[Span]] = {}
        sent_starts = [s.start for s in doc.sentences]
        for m in tax.matcher.find_all(doc.tokens):
            k = bisect.bisect_right(sent_starts, m.start) - 1
            kind = doc.sentences[k].kind if k >= 0 else "body"
            weight = 2.0 if kind in ("title", "headline") else 1.0
            term = doc.text[m.start : m.end]
            for tid in m.value:
                key = (tid, term)
                if per_term.get(key, 0) >= MAX_PER_TERM:
                    continue
                per_term[key] = per_term.get(key, 0) + 1
                hits[tid] = hits.get(tid, 0.0) + weight
                ev = evidence.setdefault(tid, [])
                if len(ev) < MAX_EVIDENCE:
                    ev.append(Span(m.start, m.end, term))
        for event in doc.events:
            for tid, td in tax.themes.items():
                if any(event.cameo.startswith(c) for c in td.cameo):
                    hits[tid] = hits.get(tid, 0.0) + 2.0
                    ev = evidence.setdefault(tid, [])
                    if len(ev) < MAX_EVIDENCE and all(e.start != event.trigger.start for e in ev):
                        ev.append(Span(event.trigger.start, event.trigger.end, event.trigger.text))
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
