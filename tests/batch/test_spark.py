"""``marsad batch`` on real Spark (local mode) against the plain CLI (``marsad analyze --batch``).

Spark runs as ``local[2]`` with two shuffle partitions and a small driver; the inputs are the
seed article and SaudiNewsNet articles (generated Arabic sentences when the shared data is absent).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.batch.parquet import arrow_schema, read_table
from marsad.batch.records import ANALYSIS_TABLES, TABLES, document_rows
from marsad.batch.spark import spark_available
from marsad.document import Document
from tests.batch._inputs import batch_lines, saudinewsnet_articles, write_jsonl

pytestmark = pytest.mark.spark

N_ARTICLES = 20


def _shared(root: Path) -> Path:
    return Path(os.environ.get("MARSAD_SHARED", root.parent / "shared")) / "data"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    why = spark_available()
    if why:
        pytest.skip(why)
    from marsad.batch.spark import session

    s = session(master="local[2]", partitions=2, driver_memory="512m", app_name="marsad-tests")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory, seed_text: str, root: Path) -> Path:
    lines = batch_lines(seed_text, _shared(root), n=N_ARTICLES)
    return write_jsonl(tmp_path_factory.mktemp("in") / "articles.jsonl", lines, bad=True)


@pytest.fixture(scope="module")
def cli_docs(jsonl: Path) -> dict[str, dict[str, Any]]:
    """The plain CLI's Documents of the same input, by id."""
    r = subprocess.run(
        [sys.executable, "-m", "marsad", "analyze", "--batch", str(jsonl)],
        check=False, capture_output=True, timeout=600, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert r.returncode == 0, r.stderr.decode()
    docs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert len(docs) == N_ARTICLES
    return {d["id"]: d for d in docs}


@pytest.fixture(scope="module")
def spark_out(spark: Any, jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from marsad.batch.spark import run_spark

    out = tmp_path_factory.mktemp("spark") / "out"
    result = run_spark(str(jsonl), str(out), fmt="jsonl", partitions=2, spark=spark)
    assert result.documents == N_ARTICLES and result.skipped == 1
    return out


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def test_spark_matches_plain_cli(spark_out: Path, cli_docs: dict[str, dict[str, Any]]) -> None:
    expected: dict[str, list[tuple[Any, ...]]] = {t: [] for t in ANALYSIS_TABLES}
    for d in cli_docs.values():
        rows = document_rows(Document.from_dict(d), source=None, keep_json=False)
        for t in ANALYSIS_TABLES:
            expected[t].extend(rows.table(t))
    for t in ("entities", "times", "events", "quotes"):
        got = [tuple(r.values()) for r in read_table(spark_out, t).to_pylist()]
        assert _sorted(got) == _sorted(expected[t]), t
    # the whole Document JSON, not only the flat tables, is the CLI's
    docs = read_table(spark_out, "documents").to_pylist()
    assert {r["doc_id"]: json.loads(r["doc_json"]) for r in docs} == cli_docs
    assert sum(len(d["times"]) for d in cli_docs.values()) == len(expected["times"])


def test_parquet_tables_load_with_pyarrow(spark_out: Path) -> None:
    import pyarrow.parquet as pq

    for t in TABLES:
        table = pq.read_table(spark_out / t)
        assert table.schema.names == arrow_schema(TABLES[t]).names, t
        assert read_table(spark_out, t).schema.equals(arrow_schema(TABLES[t])), t
    skipped = read_table(spark_out, "skipped").to_pylist()
    assert [(s["code"], s["reason"]) for s in skipped] == [("E105", "malformed JSON line")]


def test_spark_reads_saudinewsnet_zips(spark: Any, root: Path, tmp_path: Path) -> None:
    from marsad.batch.spark import run_spark

    arts = saudinewsnet_articles(_shared(root), 6) or [
        {"source": "gen", "url": f"http://x/{i}", "date_extracted": "2015-07-21 02:51:32", "title": "t",
         "author": "", "content": line["text"]}
        for i, line in enumerate(batch_lines("نص.", Path("/nonexistent"), n=6))
    ]
    for name, chunk in (("day1.zip", arts[:3]), ("day2.zip", arts[3:])):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(name.replace(".zip", ".json"), json.dumps(chunk, ensure_ascii=False))
        (tmp_path / name).write_bytes(buf.getvalue())
    (tmp_path / "broken.zip").write_bytes(b"not a zip at all")
    result = run_spark(str(tmp_path / "*.zip"), str(tmp_path / "out"), fmt="zip", partitions=2, spark=spark)
    assert result.documents == len(arts) and result.skipped == 1
    docs = read_table(tmp_path / "out", "documents").to_pylist()
    assert {d["url"] for d in docs} == {a["url"] for a in arts}
    assert all(d["published"] == a["date_extracted"][:10] for d, a in zip(
        sorted(docs, key=lambda d: d["url"]), sorted(arts, key=lambda a: a["url"]), strict=True))


def test_spark_batch_cli_refuses_existing_output(jsonl: Path, spark_out: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "marsad", "batch", str(jsonl), str(spark_out), "--engine", "spark",
         "--master", "local[1]", "--partitions", "1"],
        check=False, capture_output=True, timeout=600, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert r.returncode == 2
    assert "[E700] output exists" in r.stderr.decode().strip().splitlines()[-1]
    assert "Traceback" not in r.stderr.decode()


@pytest.mark.postgres
def test_spark_copies_into_postgresql(spark: Any, jsonl: Path, tmp_path: Path, pg_url: str) -> None:
    import psycopg

    from marsad.batch.spark import run_spark

    result = run_spark(str(jsonl), str(tmp_path / "out"), fmt="jsonl", partitions=2, spark=spark,
                       keep_json=False, db=pg_url)
    with psycopg.connect(pg_url) as conn:
        for table in TABLES:
            n = conn.execute(f'SELECT count(*) FROM "batch_{table}"').fetchone()[0]
            assert n == result.counts[table] == read_table(tmp_path / "out", table).num_rows, table
        assert conn.execute("SELECT count(*) FROM batch_documents WHERE doc_json IS NULL").fetchone()[0] == N_ARTICLES
