"""Bulk load of the batch tables into PostgreSQL with COPY (psycopg 3).

The rows go into staging tables ``batch_documents``, ``batch_entities``, ``batch_times``,
``batch_events``, ``batch_quotes`` and ``batch_skipped`` with the flat columns of
``marsad.batch.records`` (one row per article / mention / time / event / quote). They are not the
corpus store's tables (``marsad.store.models``): the store merges events across articles and
clusters stories as it writes, which a blind COPY cannot do; a later step (``marsad ingest``
from the Document JSON in ``batch_documents.doc_json``, or SQL ``INSERT ... SELECT``) moves the
staged rows into the store.

Each writer (the local engine, or every Spark partition) copies its rows in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marsad.batch.records import TABLES, Column, Row
from marsad.errors import BulkLoadError

PG_TYPES: dict[str, str] = {"str": "text", "int": "bigint", "float": "double precision", "bool": "boolean"}
PREFIX = "batch_"


def conninfo(url: str) -> str:
    """A libpq URL from a SQLAlchemy-style one (``postgresql+psycopg://`` is accepted)."""
    if not url.startswith(("postgresql", "postgres://")):
        raise BulkLoadError("--db must be a postgresql:// URL", value=url)
    _, sep, rest = url.partition("://")
    return "postgresql://" + rest if sep else url


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise BulkLoadError("not a plain SQL identifier", value=name)
    return f'"{name}"'


def table_name(table: str, *, schema: str | None = None) -> str:
    qualified = _ident(PREFIX + table)
    return f"{_ident(schema)}.{qualified}" if schema else qualified


def ddl(table: str, *, schema: str | None = None) -> str:
    cols: tuple[Column, ...] = TABLES[table]
    body = ", ".join(f"{_ident(name)} {PG_TYPES[kind]}" for name, kind in cols)
    return f"CREATE TABLE IF NOT EXISTS {table_name(table, schema=schema)} ({body})"


def _connect(url: str) -> Any:
    import psycopg

    try:
        return psycopg.connect(conninfo(url), connect_timeout=10)
    except psycopg.Error as exc:
        raise BulkLoadError(f"cannot connect to PostgreSQL: {str(exc).strip().splitlines()[0]}", value=url) from exc


def create_tables(url: str, *, schema: str | None = None) -> None:
    """Create the schema (if given) and the staging tables if they do not exist."""
    import psycopg

    with _connect(url) as conn:
        try:
            if schema:
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)}")
            for table in TABLES:
                conn.execute(ddl(table, schema=schema))
        except psycopg.Error as exc:
            raise BulkLoadError(f"cannot create the staging tables: {exc}", value=schema) from exc


def copy_rows(url: str, table: str, rows: Iterable[Row], *, schema: str | None = None) -> int:
    """COPY ``rows`` (tuples in the column order of ``table``) into its staging table."""
    import psycopg

    cols = ", ".join(_ident(name) for name, _ in TABLES[table])
    n = 0
    with _connect(url) as conn, conn.cursor() as cur:
        try:
            with cur.copy(f"COPY {table_name(table, schema=schema)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        except psycopg.Error as exc:
            raise BulkLoadError(f"COPY into {PREFIX}{table} failed: {str(exc).strip()}") from exc
    return n


def load_parquet_output(output: str | Path, url: str, *, schema: str | None = None) -> dict[str, int]:
    """COPY every table of a local batch output folder; rows copied per table."""
    import pyarrow.parquet as pq

    create_tables(url, schema=schema)
    counts: dict[str, int] = {}
    for table in TABLES:
        folder = Path(output) / table
        files = sorted(f for f in folder.glob("*.parquet")) if folder.is_dir() else []
        names = [name for name, _ in TABLES[table]]
        total = 0
        for f in files:
            pf = pq.ParquetFile(f)

            def rows(pf: Any = pf, names: list[str] = names) -> Iterable[Row]:
                for batch in pf.iter_batches(batch_size=4096, columns=names):
                    cols = [batch.column(i).to_pylist() for i in range(len(names))]
                    yield from zip(*cols, strict=True)

            total += copy_rows(url, table, rows(), schema=schema)
        counts[table] = total
    return counts
