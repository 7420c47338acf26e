"""Merging a batch's analysed documents into the corpus store (``marsad batch ... --merge``).

``marsad batch`` analyses in parallel (Spark or local processes) and COPYs flat rows into the
``batch_*`` staging tables; the store's own tables (events merged across articles, stories,
duplicates, versions) are made by the store's writer, in order. This step reads the Document JSON
of ``batch_documents`` (oldest publication date first, then document id) and hands each one to
the ingest (``marsad.ingest.runner.Ingest``) as a record already analysed: the same decisions
as ``marsad ingest`` (new, new version, exact or near duplicate), the same event merging and
story clustering (story vectors are computed here), without analysing again. Documents already
in the store (same URL and text) are counted as duplicates and left alone, so running it twice
stores nothing twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from marsad.batch.pgload import _connect, table_name
from marsad.errors import BulkLoadError
from marsad.ingest.records import Record
from marsad.ingest.runner import Ingest, Summary
from marsad.store import Store


def staged_records(url: str, *, schema: str | None = None, fetch: int = 500) -> Iterator[Record]:
    """Records (with their analysed Document) from ``batch_documents``, oldest first."""
    import psycopg

    table = table_name("documents", schema=schema)
    with _connect(url) as conn:
        try:
            with conn.cursor(name="marsad_store_merge") as cur:  # server-side: streamed
                cur.itersize = fetch
                cur.execute(f"SELECT doc_json, source FROM {table} WHERE doc_json IS NOT NULL "
                            "ORDER BY published NULLS LAST, doc_id")
                for doc_json, source in cur:
                    yield record_of(json.loads(doc_json), source=source or "batch_documents")
        except psycopg.Error as exc:
            raise BulkLoadError(f"cannot read {table}: {str(exc).strip().splitlines()[0]}") from exc


def record_of(data: dict[str, Any], *, source: str) -> Record:
    return Record(text=str(data["text"]), source=source, title=data.get("title"), url=data.get("url"),
                  published=data.get("published"), outlet=data.get("outlet"), analysed=data)


def merge_staged(store: Store, url: str, *, schema: str | None = None, stories: bool = True) -> Summary:
    """Write the staged documents of ``url`` into ``store`` (events merged, stories clustered)."""
    return Ingest(store=store, stories=stories).run_records(staged_records(url, schema=schema))
