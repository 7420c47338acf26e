"""``marsad batch --engine local`` (multiprocessing), the input readers and the PostgreSQL COPY load."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.batch.inputs import detect_format, read_local, to_document, warc_items
from marsad.batch.local import run_local_path
from marsad.batch.parquet import read_table
from marsad.batch.records import TABLES
from marsad.errors import BadRecordError, BatchError
from tests.batch._inputs import batch_lines, write_jsonl

N = 12


def _shared(root: Path) -> Path:
    return Path(os.environ.get("MARSAD_SHARED", root.parent / "shared")) / "data"


def _marsad(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args], check=False, capture_output=True, timeout=600,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory, seed_text: str, root: Path) -> Path:
    lines = batch_lines(seed_text, _shared(root), n=N)
    lines.append({"id": "bad-text", "text": 5})
    lines.append({"id": "bad-date", "text": "نص قصير.", "published": "20-12-2025"})
    return write_jsonl(tmp_path_factory.mktemp("in") / "articles.jsonl", lines, bad=True)


@pytest.fixture(scope="module")
def local_out(jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    result = run_local_path(str(jsonl), out, fmt="jsonl", workers=2)
    assert result.documents == N and result.skipped == 3
    return out


def test_local_engine_matches_plain_cli(jsonl: Path, local_out: Path) -> None:
    r = _marsad("analyze", "--batch", str(jsonl))
    assert r.returncode == 0
    cli = {d["id"]: d for d in map(json.loads, r.stdout.decode().splitlines())}
    docs = read_table(local_out, "documents").to_pylist()
    assert {d["doc_id"]: json.loads(d["doc_json"]) for d in docs} == cli
    # input order is kept by the local engine
    assert [d["doc_id"] for d in docs] == list(cli)


def test_skipped_records_say_why(jsonl: Path, local_out: Path) -> None:
    skipped = {s["source"]: (s["code"], s["reason"]) for s in read_table(local_out, "skipped").to_pylist()}
    assert skipped == {
        f"{jsonl}:{N + 1}": ("E105", '"text" must be a string'),
        f"{jsonl}:{N + 2}": ("E104", "not a date (expected YYYY-MM-DD)"),
        f"{jsonl}:{N + 3}": ("E105", "malformed JSON line: Expecting property name enclosed in double quotes"),
    }


def test_cli_batch_local_and_bad_arguments(jsonl: Path, tmp_path: Path) -> None:
    r = _marsad("batch", str(jsonl), str(tmp_path / "o"), "--engine", "local", "--workers", "1", "--no-json")
    assert r.returncode == 0, r.stderr.decode()
    summary = json.loads(r.stdout)
    assert summary["rows"]["documents"] == N and summary["rows"]["skipped"] == 3
    assert read_table(tmp_path / "o", "documents").column("doc_json").null_count == N
    assert "3 record(s) skipped" in r.stderr.decode()
    for args, message in [
        ((str(jsonl), str(tmp_path / "o")), "[E700] output folder exists"),
        ((str(tmp_path / "none.jsonl"), str(tmp_path / "p")), "no such file"),
        ((str(tmp_path), str(tmp_path / "p"), "--format", "csv"), "--format must be one of"),
        ((str(jsonl), str(tmp_path / "p"), "--engine", "flink"), "--engine must be spark or local"),
        ((str(jsonl), str(tmp_path / "p"), "--db", "mysql://x"), "[E702]"),
    ]:
        r = _marsad("batch", *args)
        err = r.stderr.decode()
        assert r.returncode == 2 and message in err and "Traceback" not in err, (args, err)


def test_format_detection(tmp_path: Path) -> None:
    assert detect_format("hdfs://nn/news/2015-07-21.zip") == "zip"
    assert detect_format("s3a://b/crawl/*.warc.gz") == "warc"
    assert detect_format("/data/x.parquet") == "parquet"
    (tmp_path / "a.jsonl").write_text("", encoding="utf-8")
    assert detect_format(str(tmp_path)) == "jsonl"
    with pytest.raises(BatchError):
        detect_format("hdfs://nn/news/")


def test_saudinewsnet_record_and_html_record() -> None:
    doc = to_document(
        {"source": "aawsat", "url": "http://a/1", "date_extracted": "2015-07-21 02:51:32",
         "title": "عنوان", "author": "", "content": "قال الوزير إن الاجتماع عقد أمس."},
        where="t",
    )
    assert (doc.outlet, doc.published, doc.url, doc.title) == ("aawsat", "2015-07-21", "http://a/1", "عنوان")
    with pytest.raises(BadRecordError):
        to_document({"content": ["not", "text"]}, where="t")


def test_warc_responses_become_records() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    body = ("<html><head><title>خبر</title></head><body><article><p>"
            + "قال وزير الخارجية إن المباحثات كانت مثمرة وبناءة. " * 5 + "</p></article></body></html>").encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://news.example/1", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    items = list(warc_items(buf.getvalue(), name="x.warc.gz"))
    assert len(items) == 1 and items[0][0] == "x.warc.gz@http://news.example/1"
    rec = items[0][1]
    assert isinstance(rec, dict)
    doc = to_document(rec, where="w")
    assert "المباحثات" in doc.text and doc.url == "http://news.example/1"
    assert isinstance(next(iter(warc_items(b"garbage", name="g.warc")))[1], BadRecordError)


def test_read_local_parquet_roundtrip(local_out: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    docs = read_table(local_out, "documents")
    texts = [json.loads(j)["text"] for j in docs.column("doc_json").to_pylist()]
    import pyarrow as pa

    pq.write_table(pa.table({"id": docs.column("doc_id"), "text": pa.array(texts)}), tmp_path / "in.parquet")
    items = list(read_local(str(tmp_path / "in.parquet"), fmt="parquet"))
    assert [i[1]["id"] for i in items] == docs.column("doc_id").to_pylist()  # type: ignore[index]


@pytest.mark.postgres
def test_copy_into_postgresql(local_out: Path, pg_url: str) -> None:
    import psycopg

    from marsad.batch.pgload import load_parquet_output

    counts = load_parquet_output(local_out, pg_url, schema="staging")
    with psycopg.connect(pg_url) as conn:
        for table in TABLES:
            n = conn.execute(f'SELECT count(*) FROM staging."batch_{table}"').fetchone()[0]
            assert n == counts[table] == read_table(local_out, table).num_rows, table
        seed = conn.execute(
            "SELECT n_chars, doc_json::jsonb->>'outlet' FROM staging.batch_documents WHERE doc_id = 'seed'"
        ).fetchone()
    assert seed is not None and seed[1] == "العربية" and seed[0] > 1000
    # a second load appends (staging tables; the move into the store deduplicates)
    assert load_parquet_output(local_out, pg_url, schema="staging")["documents"] == N


@pytest.mark.postgres
def test_merge_staged_documents_into_the_store(jsonl: Path, local_out: Path, pg_url: str, tmp_path: Path) -> None:
    """``marsad batch --db … --merge``: the staged documents end in the corpus store with the same
    articles, merged events and stories as ``marsad ingest`` of the same input; twice is once."""
    from sqlalchemy import text

    from marsad.batch.pgload import load_parquet_output
    from marsad.batch.storemerge import merge_staged
    from marsad.ingest.runner import Ingest
    from marsad.store import Store

    load_parquet_output(local_out, pg_url)
    load_parquet_output(local_out, pg_url)  # staged twice: the merge deduplicates
    store = Store(pg_url)
    first = merge_staged(store, pg_url)
    assert first.new == N and first.events > 0 and first.duplicate == N
    again = merge_staged(store, pg_url)
    assert again.new == 0 and again.duplicate == 2 * N
    direct = Store(f"sqlite:///{tmp_path / 'direct.db'}")
    Ingest(store=direct).run([str(jsonl)])

    def content(s: Store) -> dict[str, object]:
        with s.engine.connect() as conn:
            q = lambda sql: sorted(tuple(r) for r in conn.execute(text(sql)))  # noqa: E731
            return {
                "articles": q("SELECT id, status, published, outlet FROM articles"),
                "events": q("SELECT cameo, date, num_mentions, num_articles, num_sources FROM events"),
                "reports": q("SELECT article_id, local_id FROM event_reports"),
                "stories": q("SELECT s.num_articles, min(a.article_id) FROM stories s "
                             "JOIN story_articles a ON a.story_id = s.id GROUP BY s.id, s.num_articles"),
                "mentions": q("SELECT count(*) FROM mentions"),
            }

    merged, ingested = content(store), content(direct)
    assert merged["reports"] and merged["stories"]
    assert merged == ingested
    store.close()
    direct.close()


def test_merge_needs_a_database(jsonl: Path, tmp_path: Path) -> None:
    r = _marsad("batch", str(jsonl), str(tmp_path / "out"), "--merge")
    assert r.returncode != 0 and b"--merge needs --db" in r.stderr
