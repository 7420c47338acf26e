"""Check that a speed change leaves the pipeline's output unchanged.

    python benchmarks/output_diff.py dump OUT.jsonl [--limit 300] [--skip 0] [--src DIR]
    python benchmarks/output_diff.py compare BEFORE.jsonl AFTER.jsonl

``dump`` runs the full default pipeline over SaudiNewsNet workload articles (the same reader as
``benchmarks/throughput.py``) and writes each Document's JSON, one per line, without the stage
version strings (``stages``). ``--src DIR`` imports ``marsad`` from another checkout (e.g. a git
worktree of the commit before the change), so both dumps see the same data and the same code of
everything else. ``compare`` prints, per article that differs, which fields differ (and the first
differing items), and exits 1 when anything does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def dump(out: Path, *, limit: int, skip: int) -> None:
    from benchmarks._workload import articles
    from marsad.pipeline import Pipeline, make_document

    pipe = Pipeline.from_config()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for i, art in enumerate(articles(limit + skip)):
            if i < skip:
                continue
            doc = pipe(make_document(
                art["content"], published=(art.get("date_extracted") or "")[:10] or None,
                outlet=art.get("source"), url=art.get("url"), title=art.get("title"),
            ))
            data = doc.to_dict()
            data.pop("stages", None)
            fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    print(f"{n} documents -> {out} (marsad from {sys.modules['marsad'].__file__})")


def _first_diff(a: Any, b: Any) -> str:
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return f"[{i}] {json.dumps(x, ensure_ascii=False)[:300]} != {json.dumps(y, ensure_ascii=False)[:300]}"
        return f"lengths {len(a)} != {len(b)}"
    return f"{json.dumps(a, ensure_ascii=False)[:300]} != {json.dumps(b, ensure_ascii=False)[:300]}"


def compare(before: Path, after: Path) -> int:
    a_lines = before.read_text(encoding="utf-8").splitlines()
    b_lines = after.read_text(encoding="utf-8").splitlines()
    if len(a_lines) != len(b_lines):
        print(f"different number of documents: {len(a_lines)} != {len(b_lines)}")
        return 1
    bad = 0
    fields: dict[str, int] = {}
    for i, (la, lb) in enumerate(zip(a_lines, b_lines, strict=True)):
        if la == lb:
            continue
        bad += 1
        da, db = json.loads(la), json.loads(lb)
        for key in sorted(set(da) | set(db)):
            if da.get(key) != db.get(key):
                fields[key] = fields.get(key, 0) + 1
                if bad <= 20:
                    print(f"doc {i} {da.get('url')}: {key}: {_first_diff(da.get(key), db.get(key))}")
    print(f"{bad} of {len(a_lines)} documents differ" + (f"; fields: {fields}" if fields else ""))
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--limit", type=int, default=300)
    d.add_argument("--skip", type=int, default=0, help="workload articles skipped first")
    d.add_argument("--src", type=Path, default=ROOT, help="checkout whose marsad package is imported")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, str(args.src.resolve()))
        dump(args.out, limit=args.limit, skip=args.skip)
    else:
        raise SystemExit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
