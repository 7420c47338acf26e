"""Scoring predicted quotes against a gold file's ``quotes`` list.

A predicted quote matches a gold quote when their cue spans overlap (one-to-one, in text order).
For every matched pair the scorer also checks:

- content: the content spans overlap (``content``) and are equal (``content_exact``);
- speaker: the same entity id when the gold names one and the prediction has one, otherwise the
  speaker phrases agree (one contains the other after matching normalization, or they end with
  the same word: "أونجو كيشيلي" / "كيشيلي");
- direct: the same ``direct`` flag;
- via: the same set of relay entity ids.

Used by the tests and ``benchmarks``; ``marsad evaluate`` may call :func:`score_quotes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.normalize import norm
from marsad.document import Quote
from marsad.errors import GoldError
from marsad.eval.conll import PRF


@dataclass(slots=True)
class QuoteScore(PRF):
    """Quote matches (tp/fp/fn and P/R/F1 from :class:`PRF`) and attribute agreement."""

    content: int = 0
    content_exact: int = 0
    speaker: int = 0
    direct: int = 0
    via: int = 0
    missed: list[str] = field(default_factory=list)  # gold ids
    spurious: list[str] = field(default_factory=list)  # predicted cue texts

    def add(self, other: QuoteScore) -> None:
        for name in ("tp", "fp", "fn", "content", "content_exact", "speaker", "direct", "via"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed.extend(other.missed)
        self.spurious.extend(other.spurious)


def _span(d: Mapping[str, Any], key: str) -> tuple[int, int]:
    try:
        sp = d[key]
        return int(sp["start"]), int(sp["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldError(f"gold quote without a valid {key!r} span", value=d.get("id")) from exc


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def same_speaker_text(a: str, b: str) -> bool:
    wa, wb = norm(a).split(), norm(b).split()
    if not wa or not wb:
        return not wa and not wb
    ja, jb = " ".join(wa), " ".join(wb)
    return ja in jb or jb in ja or wa[-1] == wb[-1]


def score_quotes(pred: Iterable[Quote], gold: Iterable[Mapping[str, Any]]) -> QuoteScore:
    """Match ``pred`` to ``gold`` (dicts in the contract's shape) and count agreements."""
    preds = sorted(pred, key=lambda q: q.cue.start)
    golds = sorted(gold, key=lambda g: _span(g, "cue"))
    used: set[int] = set()
    out = QuoteScore()
    for g in golds:
        gcue = _span(g, "cue")
        hit = next(
            (i for i, q in enumerate(preds) if i not in used and _overlap((q.cue.start, q.cue.end), gcue)),
            None,
        )
        if hit is None:
            out.fn += 1
            out.missed.append(str(g.get("id", gcue)))
            continue
        used.add(hit)
        q = preds[hit]
        out.tp += 1
        gc = _span(g, "content")
        pc = (q.content.start, q.content.end)
        out.content += _overlap(pc, gc)
        out.content_exact += pc == gc
        gspk = g.get("speaker")
        if gspk is not None and q.speaker is not None:
            out.speaker += q.speaker == gspk
        else:
            out.speaker += (gspk is None or q.speaker is None) and same_speaker_text(
                q.speaker_text, str(g.get("speaker_text", ""))
            )
        out.direct += q.direct == bool(g.get("direct", False))
        out.via += sorted(q.via) == sorted(str(v) for v in g.get("via", []))
    for i, q in enumerate(preds):
        if i not in used:
            out.fp += 1
            out.spurious.append(q.cue.text)
    return out
