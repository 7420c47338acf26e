"""Speed of the quotes stage, articles/s on one core, on SaudiNewsNet articles.

    python benchmarks/quotes_speed.py [--limit 2000] [--skip 0] [--show 0] [--seed 1]

The `arabic` stage (paragraphs, sentences, tokens) runs first and is not timed; the `entities`
stage is not run (speakers stay unlinked, which costs the quotes stage nothing). Prints wall and
CPU-time rates: on a shared machine the CPU-time rate is the per-core figure. ``--show K`` prints
K random quotes (``--seed``) with their sentence for judging by hand; ``--skip N`` starts after the
first N articles of the workload (to sample articles not read before).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles  # noqa: E402
from marsad.document import Document  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    arabic, quotes = Pipeline.build(["arabic", "quotes"]).stages
    arts = list(articles(args.skip + args.limit))[args.skip :]
    docs = [arabic(Document(text=a["content"])) for a in arts]
    t0 = time.perf_counter()
    c0 = time.process_time()
    for d in docs:
        quotes.fn(d)
    cpu = time.process_time() - c0
    wall = time.perf_counter() - t0
    nq = sum(len(d.quotes) for d in docs)
    tokens = sum(len(d.tokens) for d in docs)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"articles={len(docs)} tokens={tokens} quotes={nq} with_quote={sum(1 for d in docs if d.quotes)}")
    print(f"wall_s={wall:.3f} articles/s(wall)={len(docs) / wall:.0f}")
    print(f"cpu_s={cpu:.3f} articles/s(cpu)={len(docs) / cpu:.0f} tokens/s(cpu)={tokens / cpu:.0f}")
    if args.show:
        rng = random.Random(args.seed)
        pool = [(d, q) for d in docs for q in d.quotes]
        for n, (d, q) in enumerate(rng.sample(pool, min(args.show, len(pool)))):
            via = q.extra.get("via_text")
            sent = d.sentence_at(q.cue.start)
            lo, hi = (sent.start, sent.end) if sent else (q.cue.start, q.cue.end)
            context = d.text[max(lo, q.cue.start - 100) : min(hi, q.cue.start + 140)]
            print(f"{n}. [{q.cue.text}|{q.cue_en}] spk={q.speaker_text!r} direct={q.direct} via={via}")
            print("   S:", context.replace("\n", " "))
            print("   C:", q.content.text[:60], "...", q.content.text[-25:])


if __name__ == "__main__":
    main()
