"""Crash safety and concurrency of ``marsad ingest`` (the real CLI in subprocesses) on SQLite and
PostgreSQL: a run SIGKILLed in the middle and restarted on the same input, and four runs at once on
overlapping inputs, must both end in the state of one clean run -- nothing lost, nothing doubled."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from marsad.store.db import normalize_url

ROOT = Path(__file__).resolve().parents[2]
N = 720  # distinct articles
KILL_AFTER = 150  # articles stored before the SIGKILL
DEADLINE = 420.0  # seconds for any one ingest (2 shared cores)

PEOPLE = [
    "وزير الخارجية السعودي فيصل بن فرحان", "الرئيس التركي رجب طيب أردوغان",
    "العاهل الأردني الملك عبد الله الثاني", "الرئيس المصري عبد الفتاح السيسي",
    "الرئيس الفرنسي إيمانويل ماكرون", "وزير الخارجية الأمريكي", "الرئيس الروسي فلاديمير بوتين",
    "رئيس الوزراء القطري",
]
PLACES = ["الرياض", "أنقرة", "عمّان", "القاهرة", "باريس", "واشنطن", "موسكو", "الدوحة", "بيروت", "بغداد"]
VERBS = ["التقى", "استقبل", "بحث مع", "انتقد", "أدان"]
TOPICS = ["الأوضاع في غزة", "التعاون الاقتصادي", "الملف النووي", "أمن الحدود", "أزمة اللاجئين",
          "تجارة الطاقة", "الاستثمار", "السياحة"]
OUTLETS = ["العربية", "الجزيرة", "سبق"]


def article(i: int) -> dict[str, str]:
    """The i-th synthetic article: short, distinct (not a near-duplicate of another), with events."""
    p, q = PEOPLE[i % 8], PEOPLE[(i // 8 + 1 + i) % 8]
    place, verb, topic = PLACES[(i // 3) % 10], VERBS[(i // 7) % 5], TOPICS[(i // 11) % 8]
    body = f"{verb} {p} {q} في {place} اليوم، وناقش الجانبان {topic} في الاجتماع رقم {i} بحضور الوفد {i * 7919 % 100003}."
    return {"id": f"a{i}", "text": body, "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "outlet": OUTLETS[i % 3], "url": f"https://example.org/news/{i}"}


def write_jsonl(path: Path, indexes: list[int]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in indexes:
            fh.write(json.dumps(article(i), ensure_ascii=False) + "\n")
    return path


def pipeline_config(path: Path) -> Path:
    """The default configuration with the entities and events stages in the list (so events are stored)."""
    base = (ROOT / "marsad" / "data" / "config" / "default.toml").read_text(encoding="utf-8")
    stages = 'stages = ["arabic", "times", "entities", "quotes", "events", "counts", "themes", "brief"]'
    config, n = re.subn(r"(?ms)^stages = \[.*?^\]", stages, base, count=1)
    assert n == 1
    path.write_text(config, encoding="utf-8")
    return path


def ingest_cmd(db: str, config: Path, *inputs: Path) -> list[str]:
    return [sys.executable, "-m", "marsad", "ingest", *map(str, inputs), "--db", db, "--config", str(config),
            "--no-stories", "--quiet", "--format", "json"]


def run_ingest(db: str, config: Path, *inputs: Path) -> dict[str, Any]:
    r = subprocess.run(ingest_cmd(db, config, *inputs), capture_output=True, timeout=DEADLINE, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()[-3000:]
    assert b"Traceback" not in r.stderr
    return json.loads(r.stdout)


def article_count(db: str) -> int:
    engine = create_engine(normalize_url(db))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except Exception:  # the table may not exist yet (migrating)
        return 0
    finally:
        engine.dispose()


def snapshot(db: str) -> dict[str, Any]:
    """What must not be lost or doubled, in a form that compares across runs."""
    engine = create_engine(normalize_url(db))
    q: dict[str, str] = {
        "articles": "SELECT id, content_hash, url, status, duplicate_of FROM articles",
        "events": "SELECT id, cameo, date, num_mentions, num_articles, num_sources FROM events",
        "reports": "SELECT event_id, article_id, local_id FROM event_reports",
        "mentions": "SELECT article_id, entity_id, start, \"end\" FROM mentions",
        "entities": "SELECT id FROM entities",
        "quotes": "SELECT article_id, local_id FROM quotes",
        "search": "SELECT article_id FROM article_search",
    }
    try:
        with engine.connect() as conn:
            return {k: sorted(tuple(r) for r in conn.execute(text(sql)).all()) for k, sql in q.items()}
    finally:
        engine.dispose()


def assert_no_duplicates(snap: dict[str, Any]) -> None:
    arts = snap["articles"]
    for col, name in ((0, "id"), (1, "content hash"), (2, "url")):
        dup = [v for v, n in Counter(a[col] for a in arts).items() if n > 1]
        assert not dup, f"duplicate article {name}s: {dup[:5]}"
    for key in ("reports", "mentions", "quotes", "search"):
        dup = [v for v, n in Counter(snap[key]).items() if n > 1]
        assert not dup, f"doubled {key}: {dup[:5]}"


def mergeable_pairs(db: str) -> list[tuple[str, str]]:
    """Pairs of stored events that the merge would have made one (``marsad.store.merge``).

    A writer that sees every stored event never leaves such a pair: an event is only created when
    no stored one matches it. Writers with stale caches would (one event stored twice). Run in a
    fresh interpreter, so the merge rules are those the ingest processes ran with."""
    r = subprocess.run([sys.executable, __file__, db], capture_output=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    return [tuple(pair) for pair in json.loads(r.stdout)]


def _mergeable_pairs(db: str) -> list[tuple[str, str]]:
    from marsad.store.merge import MAX_DAYS_APART, Shape, same_happening

    engine = create_engine(normalize_url(db))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, root, date, actors FROM events WHERE date IS NOT NULL")).all()
    finally:
        engine.dispose()
    shapes = [(eid, dt.date.fromisoformat(date), Shape.from_dict(root, date, json.loads(actors)))
              for eid, root, date, actors in rows]
    pairs = []
    for i, (id_a, day_a, a) in enumerate(shapes):
        for id_b, day_b, b in shapes[i + 1 :]:
            if a.root != b.root or abs((day_a - day_b).days) > MAX_DAYS_APART or a.all_ids.isdisjoint(b.all_ids):
                continue
            if same_happening(a, b) or same_happening(b, a):
                pairs.append((id_a, id_b))
    return pairs


def code_fingerprint() -> tuple[tuple[str, int, int], ...]:
    """Sizes and times of the package's files: the reference is redone if the code changed under it."""
    files = sorted(p for p in (ROOT / "marsad").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


class Reference:
    """The state after one clean single-process ingest of the whole input (SQLite)."""

    def __init__(self, d: Path, config: Path, full: Path) -> None:
        self.dir, self.config, self.full = d, config, full
        self._snap: dict[str, Any] | None = None
        self._code: tuple[tuple[str, int, int], ...] = ()
        self._runs = 0

    def snapshot(self) -> dict[str, Any]:
        code = code_fingerprint()
        if self._snap is None or code != self._code:
            self._runs += 1
            db = f"sqlite:///{self.dir / f'reference-{self._runs}.db'}"
            summary = run_ingest(db, self.config, self.full)
            ref = snapshot(db)
            assert summary["new"] == N and len(ref["articles"]) == N
            assert len(ref["events"]) > 100 and len(ref["reports"]) >= len(ref["events"])
            assert_no_duplicates(ref)
            assert mergeable_pairs(db) == []
            self._snap, self._code = ref, code
        return self._snap


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    d = tmp_path_factory.mktemp("crash")
    ref = Reference(d, pipeline_config(d / "pipeline.toml"), write_jsonl(d / "all.jsonl", list(range(N))))
    ref.snapshot()
    return ref


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marsad.db'}"
    return str(request.getfixturevalue("pg_url"))


def test_sigkill_mid_ingest_then_restart(corpus: Reference, db_url: str) -> None:
    proc = subprocess.Popen(ingest_cmd(db_url, corpus.config, corpus.full), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    stored = 0
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and proc.poll() is None:
            stored = article_count(db_url)
            if stored >= KILL_AFTER:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the ingest ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    killed_at = article_count(db_url)
    assert KILL_AFTER <= killed_at < N, killed_at

    summary = run_ingest(db_url, corpus.config, corpus.full)
    assert summary["new"] == N - killed_at and summary["duplicate"] == killed_at
    after = snapshot(db_url)
    assert_no_duplicates(after)
    assert after == corpus.snapshot()  # redone first if the code changed meanwhile


def test_four_concurrent_ingests_overlapping(corpus: Reference, db_url: str, tmp_path: Path) -> None:
    parts = [
        write_jsonl(tmp_path / "p1.jsonl", list(range(0, N * 3 // 5))),
        write_jsonl(tmp_path / "p2.jsonl", list(range(N * 2 // 5, N))),
        write_jsonl(tmp_path / "p3.jsonl", list(reversed(range(0, N)))),
        write_jsonl(tmp_path / "p4.jsonl", list(range(N // 5, N * 4 // 5, 2))),
    ]
    procs = [subprocess.Popen(ingest_cmd(db_url, corpus.config, p), cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, start_new_session=True) for p in parts]
    outs = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=DEADLINE)  # bounded: a deadlock fails here
            outs.append((p.returncode, out, err))
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=30)
    for rc, _, err in outs:
        assert rc == 0 and b"Traceback" not in err, err.decode()[-3000:]
    summaries = [json.loads(out) for _, out, _ in outs]
    assert sum(s["new"] for s in summaries) == N
    snap = snapshot(db_url)
    assert_no_duplicates(snap)
    ref = corpus.snapshot()
    assert snap["articles"] == ref["articles"]
    for key in ("mentions", "entities", "quotes", "search"):
        assert snap[key] == ref[key], key
    # events merge across articles, so which article reported one first (its id) and how reports
    # group depend on the order the processes got the lock in; what must hold: every report is
    # there once, the counts agree with the reports, and no two stored events are one happening
    assert {(a, loc) for _, a, loc in snap["reports"]} == {(a, loc) for _, a, loc in ref["reports"]}
    per_event = Counter(eid for eid, _, _ in snap["reports"])
    assert {eid: m for eid, _, _, m, _, _ in snap["events"]} == dict(per_event)
    assert mergeable_pairs(db_url) == []


if __name__ == "__main__":  # used by mergeable_pairs
    print(json.dumps(_mergeable_pairs(sys.argv[1])))
