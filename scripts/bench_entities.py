"""Speed of the entities stage on SaudiNewsNet articles (one process, one core).

The arabic stage runs first, untimed; then the entities stage is timed over the same documents,
without the NER model (--ner to include it). Prints articles/s and characters/s.
Usage: python scripts/bench_entities.py [--articles 2000] [--ner]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts._shared import shared_data  # noqa: E402

from marsad.pipeline import Pipeline, make_document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--ner", action="store_true")
    args = ap.parse_args()
    texts: list[tuple[str, str]] = []
    for z in sorted((shared_data() / "news/saudinewsnet/dataset").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for a in json.loads(zf.read(name)):
                    if a.get("content"):
                        texts.append((a["content"], a.get("source", "")))
        if len(texts) >= args.articles:
            break
    texts = texts[: args.articles]
    arabic = Pipeline.build(["arabic"])
    ents = Pipeline.build(["arabic", "entities"], options={"entities": {"use_ner": args.ner}}).stages[1]
    docs = [arabic(make_document(t, outlet=o)) for t, o in texts]
    t0 = time.perf_counter()
    n_ent = 0
    for d in docs:
        n_ent += len(ents(d).entities)
    dt = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    print(f"entities stage{' (with NER)' if args.ner else ' (KB only)'}: {len(docs)} articles, {chars} chars, "
          f"{n_ent} entities in {dt:.2f}s = {len(docs) / dt:.0f} articles/s, {chars / dt / 1000:.0f}k chars/s")


if __name__ == "__main__":
    main()
