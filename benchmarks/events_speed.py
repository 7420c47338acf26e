"""Speed of the events stage, and of entities + quotes + events together, on SaudiNewsNet.

    python benchmarks/events_speed.py [--limit 2000]

``arabic`` and ``times`` run first and are not timed. Then, per article and in pipeline order,
``entities``, ``quotes`` and ``events`` are timed apart (CPU time of this process: on a shared
machine that is the per-core figure). Prints articles/s of the events stage alone and of the three
stages together, and how many events were found.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles  # noqa: E402
from marsad.pipeline import Pipeline, make_document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    pipe = Pipeline.build(["arabic", "times", "entities", "quotes", "events"])
    arabic, times, entities, quotes, events = pipe.stages
    docs = []
    for a in articles(args.limit):
        text = a.get("content") or ""
        if not text.strip():
            continue
        doc = make_document(text, published=(a.get("date_extracted") or "")[:10] or None, title=a.get("title"))
        docs.append(times(arabic(doc)))
    cpu = {"entities": 0.0, "quotes": 0.0, "events": 0.0}
    t0 = time.perf_counter()
    for d in docs:
        for name, st in (("entities", entities), ("quotes", quotes), ("events", events)):
            c0 = time.process_time()
            st.fn(d)
            cpu[name] += time.process_time() - c0
    wall = time.perf_counter() - t0
    n = len(docs)
    nev = sum(len(d.events) for d in docs)
    three = sum(cpu.values())
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"articles={n} events={nev} with_event={sum(1 for d in docs if d.events)}")
    for name, c in cpu.items():
        print(f"{name:9s} cpu_s={c:.3f} articles/s(cpu)={n / c:.0f}")
    print(f"entities+quotes+events cpu_s={three:.3f} articles/s(cpu)={n / three:.0f} (wall for the three: {wall:.3f}s)")


if __name__ == "__main__":
    main()
