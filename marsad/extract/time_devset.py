"""Scoring the time normalizer on the hand-checked dev set (``tests/fixtures/times_dev.jsonl``).

A record is ``{"text", "published", "expression", "type", "value"}``: ``expression`` occurs in
``text`` and ``value`` is the hand-checked TIMEX3 value (``None`` for vague/unresolvable ones).
An item is correct when a found time overlaps the expression's span and has exactly that value
(the contract's matching rule); a missed expression counts as wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import BadRecordError
from marsad.extract.times import find_times

FIELDS = ("text", "published", "expression", "type", "value")


def load_devset(path: str | Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadRecordError(f"line {n}: not JSON ({exc.msg})", value=line[:80]) from exc
            if not isinstance(rec, dict) or any(f not in rec for f in FIELDS):
                raise BadRecordError(f"line {n}: needs fields {', '.join(FIELDS)}", value=line[:80])
            if rec["expression"] not in rec["text"]:
                raise BadRecordError(f"line {n}: expression not in text", value=rec["expression"])
            out.append(rec)
    return out


@dataclass(slots=True)
class DevScore:
    total: int = 0
    correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def predict(rec: dict[str, Any]) -> tuple[bool, str | None]:
    """(found an overlapping time, its value) for one dev record."""
    text = rec["text"]
    s = text.index(rec["expression"])
    e = s + len(rec["expression"])
    found = [t for t in find_times(text, published=rec["published"], spans=[(0, len(text))])
             if t.start < e and s < t.end]
    if not found:
        return False, None
    # the time sharing most characters with the expression
    best = max(found, key=lambda t: min(e, t.end) - max(s, t.start))
    return True, best.value


def score(records: list[dict[str, Any]]) -> DevScore:
    sc = DevScore()
    for rec in records:
        sc.total += 1
        hit, value = predict(rec)
        if hit and value == rec["value"]:
            sc.correct += 1
        else:
            sc.errors.append({**rec, "got": value if hit else "<missed>"})
    return sc
