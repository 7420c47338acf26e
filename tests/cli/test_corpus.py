"""Corpus commands as a user runs them (``python -m marsad``), on real SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.store import Store
from tests.store.test_store import _item, meeting_b, meeting_c

MARSAD = [sys.executable, "-m", "marsad"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")
    return subprocess.run([*MARSAD, *args], capture_output=True, text=True, timeout=600, env=env, check=False)


def _populate(url: str, seed_annotated: dict) -> None:
    store = Store(url)
    seed = Document.from_dict(dict(seed_annotated, url="https://alarabiya.example/seed"))
    store.write([_item(seed), _item(meeting_b()), _item(meeting_c())])
    store.close()


def test_ingest_twice_then_stats(tmp_path: Path, root: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    seed = str(root / "samples" / "seed-alarabiya-2025-12-20.txt")
    r1 = run("ingest", seed, "--db", db, "--format", "json", "--quiet")
    assert r1.returncode == 0, r1.stderr
    r2 = run("ingest", seed, "--db", db, "--format", "json")
    first, second = json.loads(r1.stdout), json.loads(r2.stdout)
    assert (first["read"], first["new"], second["new"], second["duplicate"]) == (1, 1, 0, 1)
    assert "ingest" in r2.stderr  # the progress bar went to stderr
    st = run("stats", "--db", db, "--format", "json")
    data = json.loads(st.stdout)
    assert {"articles", "events", "entities", "stories"} <= set(data) and data["articles"] == 1
    table = run("stats", "--db", db)
    assert table.returncode == 0 and "articles" in table.stdout


def test_events_entities_stories_search_export(tmp_path: Path, seed_annotated: dict) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    _populate(db, seed_annotated)
    r = run("events", "--db", db, "--root", "04", "--since", "2025-12-20", "--format", "json")
    assert r.returncode == 0, r.stderr
    events = json.loads(r.stdout)
    assert {e["cameo"] for e in events} == {"040", "042"}
    meet = next(e for e in events if e["cameo"] == "040")
    assert (meet["num_sources"], meet["num_articles"]) == (2, 2)
    assert {(x["article_id"], x["outlet"]) for x in meet["reports"]} == {("doc-seed", "العربية"), ("doc-b", "الأناضول")}
    assert {"id", "cameo", "plover", "source", "target", "location", "date", "status", "trigger", "sentence",
            "quote", "confidence", "counts", "fatalities", "injured", "summary_en"} <= set(meet)
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--actor", "قالن", "--format", "csv").stdout)))
    assert {row["cameo"] for row in rows} >= {"040"}
    assert "040" in run("events", "--db", db, "--plover", "consult").stdout
    ents = json.loads(run("entities", "--db", db, "--type", "PER", "--format", "json").stdout)
    assert "إبراهيم قالن" in {e["name"] for e in ents}
    st = run("stories", "--db", db, "--format", "json")
    assert st.returncode == 0 and json.loads(st.stdout) == []  # no story vectors were written
    hits = json.loads(run("search", "اسطنبول", "--db", db, "--format", "json").stdout)
    assert [h["id"] for h in hits][:1] in (["doc-seed"], ["doc-b"]) and len(hits) == 2
    out = tmp_path / "ev.tsv"
    ex = run("export", "--format", "gdelt", "--output", str(out), "--db", db)
    assert ex.returncode == 0, ex.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 and all(len(line.split("\t")) == 61 for line in lines)


def test_bad_options_are_one_line_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    for args in (
        ("stats", "--db", db, "--format", "xml"),
        ("ingest", "x.txt", "--db", db, "--published", "yesterday"),
        ("stats", "--db", "mysql://nobody@localhost/x"),
        ("export", "--format", "xlsx", "--output", str(tmp_path / "x"), "--db", db),
    ):
        r = run(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.strip().count("\n") == 0 and r.stderr.startswith("marsad: ") and "Traceback" not in r.stderr


def test_ingest_of_missing_and_bad_files_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("أعلنت وزارة الصحة افتتاح مستشفى جديد في مدينة جدة اليوم.", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    r = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "bad.json"), str(tmp_path / "none.txt"), "--db", db,
            "--format", "json", "--published", "2015-07-21", "--outlet", "عكاظ")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert (s["new"], s["failed"]) == (1, 2)
    assert "bad.json" in r.stderr and "none.txt" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.postgres
def test_postgres_ingest_stats_events(pg_url: str, root: Path, seed_annotated: dict) -> None:
    seed = str(root / "samples" / "seed-alarabiya-2025-12-20.txt")
    r = run("ingest", seed, "--db", pg_url, "--format", "json", "--quiet")
    assert r.returncode == 0, r.stderr
    _populate(pg_url, seed_annotated)
    data = json.loads(run("stats", "--db", pg_url, "--format", "json").stdout)
    assert data["articles"] == 4
    events = json.loads(run("events", "--db", pg_url, "--format", "json", "--root", "04").stdout)
    meeting = next(e for e in events if any(r["article_id"] == "doc-b" for r in e["reports"]))
    articles = {r["article_id"] for r in meeting["reports"]}
    assert {"doc-seed", "doc-b"} <= articles  # (the pipeline's own reading of the seed may join too)
    assert meeting["num_articles"] == len(articles)
    assert meeting["num_sources"] == len({r["outlet"] for r in meeting["reports"]})
