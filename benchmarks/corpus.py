"""Corpus benchmarks: ingest+analyse+store of SaudiNewsNet days, and the store alone.

    python benchmarks/corpus.py ingest --db sqlite:///tmp/b.db --days 16 [--workers 1]
    python benchmarks/corpus.py store --db sqlite:///tmp/s.db --docs 5000
    python benchmarks/corpus.py restore --db sqlite:///tmp/r.db --source postgresql://…/ingested

Prints one JSON line with what was measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
DAYS = SHARED / "data" / "news" / "saudinewsnet" / "dataset"


def bench_ingest(*, db: str, days: int, workers: int, limit: int | None, config: str | None) -> dict[str, object]:
    from marsad.ingest.runner import Ingest
    from marsad.pipeline import default_pipeline
    from marsad.store import Store
    from marsad.store.queries import stats

    zips = sorted(str(p) for p in DAYS.glob("*.zip"))[:days]
    store = Store(db)
    job = Ingest(store=store, workers=workers, limit=limit, config=config)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    load0 = os.getloadavg()[0]
    commit = _commit()  # at the start: the checkout may move while a long run goes on
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    summary = job.run(zips)  # the worker pool is joined at the end, so its CPU is in the children's
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    cpu_workers = _children_cpu() - k0
    st = stats(store)
    total = cpu + cpu_workers
    return {
        "bench": "ingest", "db": store.dialect, "days": len(zips), "workers": workers, "commit": commit,
        "started": started, "load_start": round(load0, 2), "load_end": round(os.getloadavg()[0], 2),
        "stages": default_pipeline(config).names, "seconds": round(seconds, 1),
        "records_per_s": round(summary.read / seconds, 1), "cpu_seconds": round(cpu, 1),
        "cpu_seconds_workers": round(cpu_workers, 1), "records_per_cpu_s": round(summary.read / total, 1),
        "max_rss_mb": _max_rss_mb(), **summary.to_dict(), "store": st,
    }


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _max_rss_mb() -> dict[str, float]:
    import resource

    return {"self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def _commit() -> str:
    import subprocess

    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def gold_document(text: str, gold: dict[str, object]) -> dict[str, object]:
    """Document JSON of the seed article with its gold annotations (realistic rows for the store)."""
    from marsad.document import Document

    doc = Document(text=text, id="seed", title=str(gold.get("title") or ""), published=str(gold["published"]),
                   outlet=str(gold["outlet"]), language="ar").to_dict()
    doc["entities"] = [dict(e) for e in gold["entities"]]  # type: ignore[union-attr]
    doc["quotes"] = [dict(q) for q in gold["quotes"]]  # type: ignore[union-attr]
    events = []
    for e in gold["events"]:  # type: ignore[union-attr]
        t = e["trigger"]
        start = text.rfind(".", 0, t["start"]) + 1
        end = text.find(".", t["end"])
        events.append(dict(e, sentence={"start": start, "end": end if end > 0 else len(text)}, confidence=0.8))
    doc["events"] = events
    return doc


def bench_store(*, db: str, docs: int, batch: int) -> dict[str, object]:
    """Write already-analysed Documents (the seed article's annotations on varied texts)."""
    import numpy as np

    from marsad.document import Document
    from marsad.ids import content_hash
    from marsad.store import Item, Store
    from marsad.store.queries import stats

    seed = (ROOT / "gold" / "seed.txt").read_text(encoding="utf-8")
    gold = json.loads((ROOT / "gold" / "seed.json").read_text(encoding="utf-8"))
    template = gold_document(seed, gold)
    store = Store(db)
    rng = np.random.default_rng(0)
    items = []
    for i in range(docs):
        d = dict(template, id=f"doc-bench-{i:07d}", url=f"https://example.org/{i}", outlet=f"outlet{i % 20}")
        day = (dt.date(2025, 1, 1) + dt.timedelta(days=i // 100)).isoformat()  # 100 articles a day
        d["published"] = day
        d["events"] = [dict(e, date=day) for e in template["events"]]
        vec = rng.standard_normal(512).astype(np.float32)
        vec = vec / np.linalg.norm(vec) if os.environ.get("BENCH_STORIES", "1") == "1" else None
        items.append(Item(doc=Document.from_dict(d), content_hash=content_hash(d["id"]), base_id=d["id"], vector=vec))
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        store.write(items[i : i + batch])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"bench": "store", "db": store.dialect, "docs": docs, "batch": batch, "seconds": round(seconds, 2),
            "docs_per_s": round(docs / seconds, 1), "cpu_seconds": round(cpu, 2),
            "docs_per_cpu_s": round(docs / cpu, 1), "entities_per_doc": len(template["entities"]),
            "quotes_per_doc": len(template["quotes"]), "stored_events": stats(store)["events"],
            "events_per_doc": len(template["events"])}


def bench_restore(*, db: str, source: str, batch: int) -> dict[str, object]:
    """Write the analysed articles of an existing store (real Documents, vectors) into a new one."""
    import numpy as np
    from sqlalchemy import select

    from marsad.document import Document
    from marsad.store import Item, Store
    from marsad.store import models as m

    src = Store(source)
    a = m.Article.__table__
    with src.engine.connect() as conn:
        rows = conn.execute(
            select(a.c.doc, a.c.content_hash, a.c.base_id, a.c.minhash, a.c.vector).where(a.c.status == "analysed")
            .order_by(a.c.ingested_at, a.c.id)
        ).all()
    # the stored Document JSON goes along, as the ingest's workers hand it to the store
    items = [Item(doc=Document.from_dict(json.loads(r.doc)), content_hash=r.content_hash, base_id=r.base_id,
                  minhash=r.minhash, vector=np.frombuffer(r.vector, dtype=np.float32) if r.vector else None,
                  doc_json=r.doc if os.environ.get("BENCH_DOC_JSON", "1") == "1" else None)
             for r in rows]
    src.close()
    store = Store(db)
    commit, load0 = _commit(), os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        store.write(items[i : i + batch])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"bench": "store-real", "db": store.dialect, "commit": commit, "load_start": round(load0, 2),
            "load_end": round(os.getloadavg()[0], 2), "docs": len(items), "batch": batch,
            "seconds": round(seconds, 2), "docs_per_s": round(len(items) / seconds, 1), "cpu_seconds": round(cpu, 2),
            "docs_per_cpu_s": round(len(items) / cpu, 1),
            "mentions": sum(len(e.mentions) for it in items for e in it.doc.entities),
            "quotes": sum(len(it.doc.quotes) for it in items), "events": sum(len(it.doc.events) for it in items)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["ingest", "store", "restore"])
    ap.add_argument("--source", help="restore: the store whose analysed articles are written again")
    ap.add_argument("--db", required=True)
    ap.add_argument("--days", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--config", default=None, help="pipeline config TOML (default: marsad's default pipeline)")
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=500)
    a = ap.parse_args()
    if a.what == "ingest":
        out = bench_ingest(db=a.db, days=a.days, workers=a.workers, limit=a.limit, config=a.config)
    elif a.what == "restore":
        out = bench_restore(db=a.db, source=a.source, batch=a.batch)
    else:
        out = bench_store(db=a.db, docs=a.docs, batch=a.batch)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
