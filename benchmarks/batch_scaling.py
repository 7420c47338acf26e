"""Speed-up of ``marsad batch`` from 1 to 2 local cores, and Parquet bytes per article.

    python benchmarks/batch_scaling.py [--limit 400] [--engines spark,local] [--partitions 4] [--db URL]

Writes ``--limit`` SaudiNewsNet articles to a JSON Lines file and runs the real command for
each engine and core count, ``marsad batch IN OUT --engine spark --master local[K]`` and
``--engine local --workers K``, one run at a time. It reports the batch's own seconds (input read,
analysis, Parquet write; JVM start-up excluded), the wall time of the whole command, the speed-up
of 2 cores over 1, the Parquet bytes per article of each table, and the 1-minute load average
before each run (the machine may be shared, which lowers the speed-up).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles


def write_input(path: Path, limit: int) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for art in articles(limit):
            fh.write(json.dumps({
                "text": art["content"], "published": (art.get("date_extracted") or "")[:10] or None,
                "outlet": art.get("source"), "url": art.get("url"), "title": art.get("title"),
            }, ensure_ascii=False) + "\n")
            n += 1
    return n


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*.parquet"))


def run(args: list[str]) -> tuple[dict[str, Any], float]:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "marsad", "batch", *args], check=False, capture_output=True, timeout=7200)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"marsad batch {' '.join(args)} failed:\n{r.stderr.decode()[-2000:]}")
    return json.loads(r.stdout.decode().strip().splitlines()[-1]), wall


def copy_load(db: str, with_json: Path, without_json: Path, n: int) -> None:
    """Time the COPY of both outputs into a scratch schema, report rows/s and bytes/article."""
    import psycopg

    from marsad.batch.pgload import load_parquet_output

    for label, out in (("with doc_json", with_json), ("--no-json", without_json)):
        if not out.is_dir():
            continue
        schema = f"bench_{os.getpid()}"
        t0 = time.perf_counter()
        counts = load_parquet_output(out, db, schema=schema)
        sec = time.perf_counter() - t0
        with psycopg.connect(db, autocommit=True) as conn:
            size = conn.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace s "
                "ON s.oid = c.relnamespace WHERE s.nspname = %s AND c.relkind = 'r'", (schema,)
            ).fetchone()[0]
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        rows = sum(counts.values())
        print(f"COPY into PostgreSQL ({label}, one process): {rows:,} rows in {sec:.2f} s -> {rows / sec:,.0f} rows/s, "
              f"{n / sec:,.0f} articles/s; {int(size) / n:,.0f} bytes/article in PostgreSQL (no indexes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--engines", default="spark,local")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--cores", default="1,2")
    ap.add_argument("--db", help="postgresql://… : also time the COPY of one output into a scratch schema")
    args = ap.parse_args()
    cores = [int(c) for c in args.cores.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        n = write_input(src, args.limit)
        print(f"# {n} SaudiNewsNet articles, {src.stat().st_size / n:,.0f} bytes/article of JSONL input; "
              f"{os.cpu_count()} CPUs")
        print(f"{'engine':<24}{'docs':>6}{'batch s':>9}{'wall s':>9}{'art/s':>8}{'speed-up':>10}{'load1':>7}")
        sizes: dict[str, int] | None = None
        for engine in args.engines.split(","):
            base = None
            for k in cores:
                out = Path(tmp) / f"out-{engine}-{k}"
                opts = (["--master", f"local[{k}]", "--partitions", str(args.partitions)]
                        if engine == "spark" else ["--workers", str(k)])
                load = os.getloadavg()[0]
                summary, wall = run([str(src), str(out), "--engine", engine, *opts])
                sec = float(summary["seconds"])
                base = base or sec
                docs = summary["rows"]["documents"]
                print(f"{summary['engine']:<24}{docs:>6}{sec:>9.1f}{wall:>9.1f}{docs / sec:>8.1f}"
                      f"{base / sec:>9.2f}x{load:>7.2f}")
                if sizes is None:
                    sizes = {t.name: folder_bytes(t) for t in sorted(out.iterdir()) if t.is_dir()}
        if sizes:
            total = sum(sizes.values())
            print("Parquet bytes/article: " + ", ".join(f"{k} {v / n:,.0f}" for k, v in sizes.items())
                  + f"; total {total / n:,.0f}")
            out = Path(tmp) / "out-nojson"
            run([str(src), str(out), "--engine", "local", "--workers", "1", "--no-json"])
            print(f"Parquet bytes/article with --no-json: {folder_bytes(out) / n:,.0f}")
            if args.db:
                copy_load(args.db, Path(tmp) / f"out-local-{cores[0]}", out, n)


if __name__ == "__main__":
    main()
