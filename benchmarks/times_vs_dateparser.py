"""Time normalization: marsad vs dateparser on the hand-checked dev expressions, in one run.

Both get the same input -- the expression string alone (no sentence context) and the publication
date -- and are scored against the hand-checked TIMEX3 values of ``tests/fixtures/times_dev.jsonl``:

- marsad: ``normalize_expression(expr, published=...)``; correct when the value is equal;
- dateparser: ``dateparser.parse(expr, languages=["ar"], settings={"RELATIVE_BASE": published})``;
  it returns one datetime, so it is correct when that datetime printed at the gold value's
  granularity (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) equals the gold value. Gold values it
  cannot express (durations, sets, weeks, quarters, parts of day, intervals, null) count as wrong
  for it; the "calendar subset" line scores both on the day/month/year values only.

Rates are expressions per second of CPU time (``time.process_time``: the machine is shared) over
the whole set, from the fastest of several alternating passes of each (dateparser warmed up first).

    python benchmarks/times_vs_dateparser.py [--repeat 20] [--passes 3] [--articles 2000]

``--articles N`` also times the whole stage on N SaudiNewsNet articles (sentences precomputed by
the arabic layer, not counted): articles/s and time expressions found per article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.extract.time_devset import load_devset  # noqa: E402
from marsad.extract.times import normalize_expression  # noqa: E402
from tests.snn import require_news, resolved  # noqa: E402  (the fixture's text is read from ../shared)

DEV = ROOT / "tests" / "fixtures" / "times_dev.jsonl"
clock = time.process_time  # CPU time of this process: the machine is shared, wall time is noisy
_GRAIN = {
    re.compile(r"^\d{4}-\d{2}-\d{2}$"): "%Y-%m-%d",
    re.compile(r"^\d{4}-\d{2}$"): "%Y-%m",
    re.compile(r"^\d{4}$"): "%Y",
}


def grain(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    for rx, fmt in _GRAIN.items():
        if rx.match(value):
            return fmt
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="passes over the set for marsad's rate")
    ap.add_argument("--passes", type=int, default=3, help="passes over the set for dateparser's rate")
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--articles", type=int, default=0, help="also time the stage on N SaudiNewsNet articles")
    args = ap.parse_args()
    try:
        import dateparser
    except ImportError:
        raise SystemExit("dateparser is not installed: pip install dateparser") from None

    recs = load_devset(resolved(args.dev, news=require_news()))
    pubs = [dt.datetime.fromisoformat(r["published"]) for r in recs]
    n = len(recs)
    calendar = [i for i, r in enumerate(recs) if grain(r["value"])]

    # Passes alternate between the two; each side's rate is its fastest pass (the machine is
    # shared, so the fastest pass is the least disturbed one).
    dateparser.parse("أمس", languages=["ar"], settings={"RELATIVE_BASE": pubs[0]})  # warm-up
    ours: list[str | None] = []
    theirs: list[dt.datetime | None] = []
    t_ours = t_dp = float("inf")
    for p in range(args.passes):
        for _ in range(max(1, args.repeat // args.passes)):
            t0 = clock()
            ours = []
            for r in recs:
                t = normalize_expression(r["expression"], published=r["published"])
                ours.append(t.value if t else "<none>")
            t_ours = min(t_ours, clock() - t0)
        t0 = clock()
        theirs = [dateparser.parse(r["expression"], languages=["ar"], settings={"RELATIVE_BASE": pub})
                  for r, pub in zip(recs, pubs)]
        t_dp = min(t_dp, clock() - t0)

    ok_ours = [ours[i] == r["value"] for i, r in enumerate(recs)]
    ok_dp = []
    for r, d in zip(recs, theirs):
        fmt = grain(r["value"])
        ok_dp.append(bool(fmt and d is not None and d.strftime(fmt) == r["value"]))

    def pct(flags: list[bool], idx: list[int] | None = None) -> str:
        sel = [flags[i] for i in idx] if idx is not None else flags
        return f"{sum(sel)}/{len(sel)} = {sum(sel) / len(sel):.1%}" if sel else "n/a"

    print(f"dev expressions: {n} ({len(calendar)} with a day/month/year value)   file: {args.dev.name}")
    print(f"{'':12} {'accuracy (all)':>22} {'accuracy (calendar subset)':>28} {'expressions/s':>15}")
    print(f"{'marsad':12} {pct(ok_ours):>22} {pct(ok_ours, calendar):>28} {n / t_ours:>15,.0f}")
    print(f"{'dateparser':12} {pct(ok_dp):>22} {pct(ok_dp, calendar):>28} {n / t_dp:>15,.0f}")
    print(f"speed ratio marsad/dateparser: {t_dp / t_ours:,.0f}x")
    if args.articles:
        stage_rate(args.articles)


def stage_rate(limit: int) -> None:
    from benchmarks._workload import articles
    from marsad.arabic.segment import segment
    from marsad.extract.times import find_times

    docs = []
    for art in articles(limit):
        text = art["content"]
        _, sents = segment(text)
        docs.append((text, str(art.get("date_extracted", ""))[:10], [(s.start, s.end) for s in sents]))
    chars = sum(len(t) for t, _, _ in docs)
    t0 = clock()
    found = 0
    for text, pub, spans in docs:
        found += len(find_times(text, published=pub, spans=spans))
    el = clock() - t0
    print(f"times stage on {len(docs)} SaudiNewsNet articles ({chars:,} chars): {el:.2f} s, "
          f"{len(docs) / el:,.0f} articles/s, {found / len(docs):.1f} times/article")


if __name__ == "__main__":
    main()
