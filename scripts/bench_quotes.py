"""Speed of the quotes stage on SaudiNewsNet articles (the arabic stage is run first, untimed).

Usage: python scripts/bench_quotes.py [--zip PATH] [--n N] [--show K]
Prints articles, quotes found and articles/second of the quotes stage alone (one process;
the CPU-time figure is the per-core rate, the wall figure depends on the machine's load).
``--show K`` prints K random quotes for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import zipfile
from pathlib import Path

from marsad.document import Document
from marsad.pipeline import Pipeline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEFAULT_ZIP = SHARED / "data/news/saudinewsnet/dataset/2015-07-21.zip"


def load(path: Path, n: int) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        name = zf.namelist()[0]
        arts = json.loads(zf.read(name).decode("utf-8"))
    return [a["content"] for a in arts if a.get("content")][:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = load(args.zip, args.n)
    both = Pipeline.build(["arabic", "quotes"])
    arabic, quotes = both.stages
    docs = [arabic(Document(text=t)) for t in texts]
    t0 = time.perf_counter()
    c0 = time.process_time()
    for d in docs:
        quotes.fn(d)
    cpu = time.process_time() - c0
    dt = time.perf_counter() - t0
    nq = sum(len(d.quotes) for d in docs)
    chars = sum(len(d.text) for d in docs)
    print(
        f"articles={len(docs)} chars={chars} quotes={nq} wall_s={dt:.3f} cpu_s={cpu:.3f} "
        f"articles/s(wall)={len(docs) / dt:.0f} articles/s(cpu)={len(docs) / cpu:.0f}"
    )
    if args.show:
        rng = random.Random(args.seed)
        pool = [q for d in docs for q in d.quotes]
        for q in rng.sample(pool, min(args.show, len(pool))):
            via = q.extra.get("via_text")
            print(f"- [{q.cue.text}|{q.cue_en}] spk={q.speaker_text!r} direct={q.direct} via={via}")
            print(f"    {q.content.text[:150]}")


if __name__ == "__main__":
    main()
