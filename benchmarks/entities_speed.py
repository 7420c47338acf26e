"""Speed of the entities stage, articles per CPU-second on one core, on SaudiNewsNet articles.

    python benchmarks/entities_speed.py [--limit 2000] [--ner] [--no-romanize]

The `arabic` stage runs first and is not timed. By default the NER tagger is off (its CRF is the
NER model's cost, measured by benchmarks/ner_speed.py); ``--ner`` includes it. ``--no-romanize``
leaves name_en null for names the KB lacks (the romanizer's dictionary look-up is ~3 ms a name).
Rates are CPU time of this process (the per-core figure on a shared machine) and wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles
from marsad.pipeline import Pipeline, make_document


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--ner", action="store_true")
    ap.add_argument("--no-romanize", action="store_true")
    args = ap.parse_args()
    arabic = Pipeline.build(["arabic"])
    opts = {"use_ner": args.ner, "romanize": not args.no_romanize}
    stage = Pipeline.build(["arabic", "entities"], options={"entities": opts}).stages[1]
    docs = [arabic(make_document(a["content"], outlet=a.get("source"))) for a in articles(args.limit)]
    c0, w0 = time.process_time(), time.perf_counter()
    found = sum(len(stage(d).entities) for d in docs)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    chars = sum(len(d.text) for d in docs)
    what = ("with NER" if args.ner else "KB only, no NER") + (", no romanizer" if args.no_romanize else "")
    print(
        f"entities stage ({what}): {len(docs)} articles, {chars} chars, {found} entities; "
        f"{len(docs) / cpu:.0f} articles/CPU-s ({chars / cpu / 1000:.0f}k chars/CPU-s), "
        f"{len(docs) / wall:.0f} articles/s wall"
    )


if __name__ == "__main__":
    main()
