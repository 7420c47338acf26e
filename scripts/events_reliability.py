"""Reliability of the events stage's confidence: precision per confidence bin on the gold files.

    python scripts/events_reliability.py [GOLD_DIR]

Runs the pipeline (arabic, times, entities, quotes, events) on every gold article, matches the
predicted events to the gold events with the contract's rules (``marsad.eval.score``: CAMEO root in
``cameo_any``, one source and one target by name / name_en / kb_id / country), and prints, per
confidence bin, how many predictions fell in it and how many of them matched a gold event
(required or not). Also prints events P/R/F1 for a few confidence thresholds.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.eval.score import _event_matches, _greedy, load_gold  # noqa: E402
from marsad.pipeline import Pipeline, make_document  # noqa: E402

BINS = ((0.0, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.96))
THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)


def main() -> None:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "gold"
    pipe = Pipeline.build(["arabic", "times", "entities", "quotes", "events"], options={"events": {"min_confidence": 0.0}})
    rows: list[tuple[float, bool]] = []  # (confidence, matched)
    required_hits: list[tuple[float | None]] = []  # best confidence of the match of each required gold event
    for name, text, gold in load_gold(gold_dir):
        doc = pipe(make_document(text, published=gold.get("published"), title=gold.get("title"), doc_id=name))
        gents = {e["id"]: e for e in gold.get("entities", [])}
        gev = gold.get("events", [])
        pairs = _greedy(gev, doc.events, lambda g, p: _event_matches(g, p, gents, doc))
        matched = {pi for _gi, pi in pairs}
        by_gold = {gi: doc.events[pi].confidence for gi, pi in pairs}
        for pi, ev in enumerate(doc.events):
            rows.append((ev.confidence, pi in matched))
        for gi, g in enumerate(gev):
            if g.get("required", True):
                required_hits.append((by_gold.get(gi),))
    print(f"gold={gold_dir} predictions={len(rows)} required_gold={len(required_hits)}")
    print("confidence bin   n  matched  precision")
    for lo, hi in BINS:
        sel = [m for c, m in rows if lo <= c < hi]
        prec = sum(sel) / len(sel) if sel else 0.0
        print(f"[{lo:.2f}, {hi:.2f})  {len(sel):4d}  {sum(sel):6d}  {prec:9.3f}")
    print("threshold  pred  precision  recall(required)")
    for t in THRESHOLDS:
        sel = [m for c, m in rows if c >= t]
        prec = sum(sel) / len(sel) if sel else 0.0
        rec = sum(1 for (c,) in required_hits if c is not None and c >= t) / len(required_hits)
        print(f"{t:9.2f}  {len(sel):4d}  {prec:9.3f}  {rec:6.3f}")


if __name__ == "__main__":
    main()
