"""Throughput of the full default pipeline on the SaudiNewsNet workload, one process.

    python benchmarks/throughput.py [--limit 2000] [--store] [--ingest WORKERS] [--profile] [--json] [--stages a,b]

Prints articles/s and tokens/s per core (CPU seconds of this process, and wall seconds: the
machine may be shared), the time of each pipeline stage (every stage of the default pipeline is
wrapped with a timer), the pipeline build time (models loaded once) and the peak RSS
(``resource.getrusage``). ``--store`` also writes the analysed articles into a fresh SQLite file
through ``marsad.store.Store.write`` in batches (timed apart). ``--profile`` runs the analysis
under pyinstrument and writes ``test-output/throughput-profile.{html,txt}``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._workload import articles
from marsad.document import Document
from marsad.errors import MarsadError
from marsad.pipeline import Pipeline, make_document

OUT = Path(__file__).resolve().parent.parent / "test-output"


@dataclass(slots=True)
class StageClock:
    """Wall and CPU seconds spent in each stage."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    def wrap(self, name: str, fn: Callable[[Document], Document]) -> Callable[[Document], Document]:
        self.wall.setdefault(name, 0.0)
        self.cpu.setdefault(name, 0.0)

        def timed(doc: Document) -> Document:
            w0, c0 = time.perf_counter(), time.process_time()
            try:
                return fn(doc)
            finally:
                self.wall[name] += time.perf_counter() - w0
                self.cpu[name] += time.process_time() - c0

        return timed


def build(clock: StageClock, *, stages: list[str] | None = None) -> tuple[Pipeline, float]:
    t0 = time.perf_counter()
    pipe = Pipeline.from_config(stages=stages)
    for stage in pipe.stages:
        stage.fn = clock.wrap(stage.spec.name, stage.fn)
    return pipe, time.perf_counter() - t0


def to_doc(art: dict[str, Any]) -> Document:
    return make_document(
        art["content"], published=(art.get("date_extracted") or "")[:10] or None,
        outlet=art.get("source"), url=art.get("url"), title=art.get("title"),
    )


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def analyse(pipe: Pipeline, arts: list[dict[str, Any]], *, keep: bool = False) -> tuple[list[Document], int, int]:
    """Analyse every article; keep the Documents only when asked (for --store), so the peak RSS
    is the pipeline's and not the benchmark's."""
    docs: list[Document] = []
    tokens = failed = 0
    for art in arts:
        try:
            doc = pipe(to_doc(art))
        except MarsadError as exc:
            failed += 1
            sys.stderr.write(f"skipped {art.get('url')}: {exc}\n")
            continue
        except Exception as exc:  # noqa: BLE001 -- a stage bug: count it, name it, go on (as marsad batch does)
            failed += 1
            sys.stderr.write(f"stage error on {art.get('url')}: {type(exc).__name__}: {exc}\n")
            continue
        tokens += len(doc.tokens)
        if keep:
            docs.append(doc)
    return docs, tokens, failed


def store_docs(docs: list[Document], *, batch: int) -> dict[str, float]:
    from marsad.ids import content_hash
    from marsad.store import Item, Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t0, c0 = time.perf_counter(), time.process_time()
        with Store(url) as store:
            for i in range(0, len(docs), batch):
                store.write([Item(doc=d, content_hash=content_hash(d.text), base_id=d.id) for d in docs[i : i + batch]])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = Path(f"{tmp}/bench.db").stat().st_size
    return {"wall_s": wall, "cpu_s": cpu, "articles_per_s_cpu": len(docs) / cpu if cpu else 0.0,
            "db_bytes_per_article": size / max(len(docs), 1)}


def ingest_run(limit: int, *, workers: int) -> dict[str, Any]:
    """``marsad ingest`` of the first ``limit`` workload articles into a fresh SQLite file."""
    from benchmarks._workload import NEWS
    from marsad.ingest.runner import Ingest
    from marsad.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        with Store(f"sqlite:///{tmp}/ingest.db") as store:
            summary = Ingest(store=store, workers=workers, limit=limit).run([str(p) for p in sorted(NEWS.glob("*.zip"))])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = Path(f"{tmp}/ingest.db").stat().st_size
    done = summary.read or limit
    return {"workers": workers, "wall_s": wall, "main_process_cpu_s": cpu, "articles": done,
            "articles_per_s_wall": done / wall, "db_bytes_per_article": size / max(done, 1),
            "summary": summary.to_dict()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000, help="articles to analyse")
    ap.add_argument("--warm", type=int, default=50, help="articles analysed first, not counted")
    ap.add_argument("--store", action="store_true", help="also store into a fresh SQLite file")
    ap.add_argument("--store-batch", type=int, default=200)
    ap.add_argument("--profile", action="store_true", help="profile with pyinstrument into test-output/")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--stages", help="comma-separated stage names instead of the default pipeline's")
    ap.add_argument("--ingest", type=int, metavar="WORKERS", default=0,
                    help="also run marsad ingest (dedup, story vectors, store) on the same articles with WORKERS")
    args = ap.parse_args()

    arts = list(articles(args.limit + args.warm))
    warm, arts = arts[: args.warm], arts[args.warm :]
    chars = sum(len(a["content"]) for a in arts)
    clock = StageClock()
    pipe, build_s = build(clock, stages=args.stages.split(",") if args.stages else None)
    analyse(pipe, warm)
    for name in clock.wall:
        clock.wall[name] = clock.cpu[name] = 0.0

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    load0 = os.getloadavg()[0]
    w0, c0 = time.perf_counter(), time.process_time()
    docs, tokens, failed = analyse(pipe, arts, keep=args.store)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    if profiler is not None:
        profiler.stop()
        OUT.mkdir(exist_ok=True)
        (OUT / "throughput-profile.html").write_text(profiler.output_html(), encoding="utf-8")
        (OUT / "throughput-profile.txt").write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    n = len(arts) - failed
    result: dict[str, Any] = {
        "articles": n, "failed": failed, "tokens": tokens, "chars": chars,
        "stages": pipe.names, "build_s": round(build_s, 2),
        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "articles_per_s_per_core": round(n / cpu, 1), "tokens_per_s_per_core": round(tokens / cpu),
        "articles_per_s_wall": round(n / wall, 1),
        "stage_cpu_s": {k: round(v, 3) for k, v in clock.cpu.items()},
        "stage_ms_per_article": {k: round(1000 * v / max(n, 1), 3) for k, v in clock.cpu.items()},
        "peak_rss_mb_after_analyse": round(rss_mb(), 1),
        "profiled": bool(profiler),
        "load1_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }
    if args.store:
        result["store"] = {k: round(v, 2) for k, v in store_docs(docs, batch=args.store_batch).items()}
        result["peak_rss_mb"] = round(rss_mb(), 1)
    if args.ingest:
        result["ingest"] = ingest_run(args.limit + args.warm, workers=args.ingest)
        result["peak_rss_mb"] = round(rss_mb(), 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"# {n} SaudiNewsNet articles ({failed} failed), {tokens} tokens, {chars} chars; python "
          f"{platform.python_version()}, one process; pipeline: {' > '.join(pipe.names)}"
          f"{' (under pyinstrument)' if profiler else ''}")
    print(f"pipeline build (models loaded): {build_s:.2f} s; 1-min load average {load0:.1f} -> "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (CPU seconds are this process's own)")
    print(f"analyse: {cpu:.2f} CPU s, {wall:.2f} wall s -> {n / cpu:,.1f} articles/s per core, "
          f"{tokens / cpu:,.0f} tokens/s per core ({n / wall:,.1f} articles/s wall)")
    print(f"{'stage':<12}{'CPU s':>9}{'ms/article':>12}{'share':>8}")
    total = sum(clock.cpu.values()) or 1.0
    for name, sec in clock.cpu.items():
        print(f"{name:<12}{sec:>9.2f}{1000 * sec / max(n, 1):>12.2f}{100 * sec / total:>7.1f}%")
    if args.store:
        s = result["store"]
        print(f"store (SQLite, batches of {args.store_batch}): {s['cpu_s']:.2f} CPU s, {s['wall_s']:.2f} wall s -> "
              f"{s['articles_per_s_cpu']:,.1f} articles/s per core; {s['db_bytes_per_article']:,.0f} bytes/article")
        print(f"analyse + store: {n / (cpu + s['cpu_s']):,.1f} articles/s per core")
    if args.ingest:
        g = result["ingest"]
        print(f"marsad ingest ({g['workers']} worker(s), fresh SQLite): {g['articles']} articles in {g['wall_s']:.1f} wall s "
              f"-> {g['articles_per_s_wall']:,.1f} articles/s wall; {g['db_bytes_per_article']:,.0f} bytes/article; "
              f"{json.dumps(g['summary'], ensure_ascii=False)}")
    print(f"peak RSS: {rss_mb():,.0f} MB")
    if profiler is not None:
        print(f"profile: {OUT / 'throughput-profile.html'} and .txt")


if __name__ == "__main__":
    main()
