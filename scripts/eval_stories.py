"""Stories against hand-labelled clusters of SaudiNewsNet articles (tests/fixtures/stories_*.jsonl).

Each fixture line is a reference (day, url, outlet, story label; no article text: see
tests/fixtures/stories_dev.md). The day's SaudiNewsNet file is ingested for real (``Ingest`` with
the default pipeline: dedup, analysis, event merging, stories) into a new store, then every
labelled URL is mapped to its stored story: an exact or near-duplicate (stored, not analysed, in no
story) takes the story of the article it duplicates; an article in no story is alone. Scores over
the labelled articles only:

* pairwise precision / recall / F1: over the pairs of labelled articles, a pair is predicted
  together when both are in one story, and is truly together when both carry one label;
* B-cubed precision / recall / F1 (per article, averaged).

``--replay DB`` skips the analysis: the analysed Documents and story vectors of a store that
ingested the same day (at any commit) are written again through ``Store.write`` in the order of
the day's file, in ingest-sized batches, so only event merging and story assignment run (for
quick iterations; final figures use the real ingest).

Usage: python scripts/eval_stories.py [--labels tests/fixtures/stories_dev.jsonl] [--db URL]
       [--workers 1] [--replay SOURCE_DB] [--show]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts._shared import ROOT, shared_data, snn_articles  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "stories_dev.jsonl"


def read_labels(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def day_records(day: str) -> list[dict[str, object]]:
    return snn_articles(shared_data() / "news" / "saudinewsnet" / "dataset" / f"{day}.zip")


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Pair counts over the keys of ``gold`` (every labelled item has a prediction)."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_g, same_p = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_g and same_p
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pair_tp": tp, "pair_fp": fp, "pair_fn": fn, "pair_p": round(p, 4), "pair_r": round(r, 4),
            "pair_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    by_g: dict[str, set[str]] = defaultdict(set)
    by_p: dict[str, set[str]] = defaultdict(set)
    for k in gold:
        by_g[gold[k]].add(k)
        by_p[pred[k]].add(k)
    ps, rs = [], []
    for k in gold:
        g, p = by_g[gold[k]], by_p[pred[k]]
        both = len(g & p)
        ps.append(both / len(p))
        rs.append(both / len(g))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def stored_stories(store: object, urls: list[str]) -> tuple[dict[str, str], Counter[str]]:
    """url -> story id (or a singleton key), and how each URL was found (in a story, a duplicate's
    story, alone, not stored)."""
    from sqlalchemy import select

    from marsad.store import models as m

    a, sa = m.Article.__table__, m.StoryArticle.__table__
    out: dict[str, str] = {}
    how: Counter[str] = Counter()
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(a.c.url, a.c.id, a.c.duplicate_of).where(a.c.url.in_(urls), a.c.current.is_(True)))
        art = {u: (aid, dup) for u, aid, dup in rows}
        ids = {x for v in art.values() for x in v if x}
        story = dict(conn.execute(select(sa.c.article_id, sa.c.story_id).where(sa.c.article_id.in_(sorted(ids)))).all())
    for u in urls:
        if u not in art:
            out[u] = f"missing:{u}"
            how["not stored"] += 1
            continue
        aid, dup = art[u]
        if aid in story:
            out[u] = story[aid]
            how["in a story"] += 1
        elif dup and dup in story:
            out[u] = story[dup]
            how["duplicate: its original's story"] += 1
        else:
            out[u] = f"alone:{aid}"
            how["in no story"] += 1
    return out, how


def replay(source: str, target: str, days: list[str] | None) -> dict[str, object]:
    """Write the articles of the SQLite store ``source`` into ``target`` in the order they were
    stored (rowid), in ingest-sized batches; only those of ``days`` when given (a duplicate whose
    original is left out is then stored as not analysed, in no story)."""
    import numpy as np
    from sqlalchemy import literal_column, select

    from marsad.document import Document
    from marsad.ingest.runner import BATCH
    from marsad.store import Item, Store
    from marsad.store import models as m

    src = Store(source)
    a = m.Article.__table__
    q = select(a.c.doc, a.c.content_hash, a.c.base_id, a.c.minhash, a.c.vector, a.c.status, a.c.duplicate_of,
               a.c.similarity, a.c.published).where(a.c.current.is_(True)).order_by(literal_column("rowid"))
    with src.engine.connect() as conn:
        rows = [r for r in conn.execute(q).all() if days is None or r.published in days]
    src.close()
    kept = {json.loads(r.doc)["id"] for r in rows}
    items = [Item(doc=Document.from_dict(json.loads(r.doc)), content_hash=r.content_hash, base_id=r.base_id,
                  status=r.status, duplicate_of=r.duplicate_of if r.duplicate_of in kept else None,
                  similarity=r.similarity, minhash=r.minhash,
                  vector=np.frombuffer(r.vector, dtype=np.float32) if r.vector else None, doc_json=r.doc)
             for r in rows]
    store = Store(target)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(items), BATCH):
        store.write(items[i : i + BATCH])
    out = {"replayed": len(items), "seconds": round(time.perf_counter() - t0, 2),
           "cpu_seconds": round(time.process_time() - c0, 2)}
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--db", default=None, help="the store to create (default: a temporary SQLite file)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--replay", default=None, help="re-store the analysed articles of this SQLite store instead")
    ap.add_argument("--all-days", action="store_true", help="--replay: every day of the source, not the labels' only")
    ap.add_argument("--show", action="store_true", help="print each label's stories and each story's labels")
    a = ap.parse_args()

    from marsad.store import Store

    labels = read_labels(a.labels)
    days = sorted({x["day"] for x in labels})
    tmp = tempfile.mkdtemp(prefix="eval-stories-")
    db = a.db or f"sqlite:///{os.path.join(tmp, 'stories.db')}"
    run: dict[str, object] = {}
    if a.replay:
        run["replay"] = replay(a.replay, db, None if a.all_days else days)
    for day in days if not a.replay else []:
        from marsad.ingest.runner import Ingest

        records = day_records(day)
        path = Path(tmp) / f"{day}.json"  # the day's records, in a temporary folder only
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        store = Store(db)
        t0, c0 = time.perf_counter(), time.process_time()
        summary = Ingest(store=store, workers=a.workers).run([str(path)])
        run[day] = {"read": summary.read, "seconds": round(time.perf_counter() - t0, 1),
                    "cpu_seconds": round(time.process_time() - c0, 1)}
        store.close()
        path.unlink()
    store = Store(db)
    urls = [x["url"] for x in labels]
    pred, how = stored_stories(store, urls)
    gold = {x["url"]: x["story"] for x in labels}
    from marsad.store.queries import stories

    multi = stories(store)  # stories of >= 2 articles
    store.close()
    out: dict[str, object] = {"labels": str(a.labels.relative_to(ROOT)) if a.labels.is_relative_to(ROOT) else str(a.labels),
                              "articles": len(gold), "gold_stories": len(set(gold.values())),
                              "gold_multi": sum(1 for n in Counter(gold.values()).values() if n > 1),
                              **pairwise(gold, pred), **bcubed(gold, pred), "found": dict(how),
                              "stories_ge2": len(multi), "largest_story": max((s["num_articles"] for s in multi), default=0),
                              "run": run}
    if a.show:  # per label: its stories, "×n" labelled articles there (+k labelled with another label)
        by_label: dict[str, Counter[str]] = defaultdict(Counter)
        size = Counter(pred.values())  # labelled articles per story
        for u, g in gold.items():
            by_label[g][pred[u]] += 1
        for g, c in sorted(by_label.items()):
            if sum(c.values()) > 1 or any(size[s] > 1 for s in c):
                parts = ", ".join(f"{s[:22]}×{n}" + (f"(+{size[s] - n} other)" if size[s] > n else "")
                                  for s, n in c.most_common())
                sys.stderr.write(f"{g}: {parts}\n")
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
