"""Scoring count extraction against gold sentences (``tests/fixtures/counts_gold.jsonl``).

Each gold line: ``{"text", "published", "outlet", "counts": [{"kind", "value", "qualifier"}]}``.
A predicted count matches a gold count with the same kind and value (one-to-one); the qualifier
is scored over matched counts. Counts attached to events and counts left on the document are both
predictions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.eval.score import Accuracy, Tally


def predicted_counts(doc: Document) -> list[dict[str, Any]]:
    out = [c.to_dict() for ev in doc.events for c in ev.counts]
    out.extend(doc.extra.get("counts", []))
    return out


def score_counts(path: Path, analyze: Callable[..., Document]) -> tuple[Tally, Accuracy, list[dict[str, Any]]]:
    tally, qual = Tally(), Accuracy()
    errors: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        doc = analyze(g["text"], published=g.get("published"), outlet=g.get("outlet"))
        pred = predicted_counts(doc)
        gold = g["counts"]
        used: set[int] = set()
        matched = 0
        for gc in gold:
            for i, pc in enumerate(pred):
                if i not in used and pc["kind"] == gc["kind"] and pc["value"] == gc["value"]:
                    used.add(i)
                    matched += 1
                    qual.total += 1
                    qual.correct += int(pc["qualifier"] == gc["qualifier"])
                    break
        tally.gold += len(gold)
        tally.pred += len(pred)
        tally.tp_gold += matched
        tally.tp_pred += matched
        if matched != len(gold) or len(pred) != matched:
            errors.append({"text": g["text"][:120], "gold": gold, "pred": [
                {k: p[k] for k in ("kind", "value", "qualifier", "text")} for p in pred]})
    return tally, qual, errors
