"""``marsad batch``: analyse a large input with Spark or multiprocessing into Parquet tables."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import typer

from marsad.cli.common import fail, handle_errors
from marsad.cli.main import app


@app.command()
@handle_errors
def batch(
    input: str = typer.Argument(..., help="JSONL, Parquet, WARC or SaudiNewsNet zip: a file, folder, glob or URI"),
    output: str = typer.Argument(..., help="output folder (or URI): one Parquet folder per table"),
    engine: str = typer.Option("local", "--engine", help="spark or local (multiprocessing)"),
    fmt: str = typer.Option(None, "--format", help="jsonl | parquet | zip | warc (default: from the name)"),
    db: str = typer.Option(None, "--db", help="postgresql://… : also COPY the tables into batch_* tables"),
    db_schema: str = typer.Option(None, "--db-schema", help="PostgreSQL schema for the batch_* tables"),
    merge: bool = typer.Option(
        False, "--merge", help="then write the staged documents into the corpus store at --db (events merged, stories)"
    ),
    partitions: int = typer.Option(None, "--partitions", help="Spark partitions of the input"),
    workers: int = typer.Option(None, "--workers", help="local engine: processes (default: CPU count)"),
    master: str = typer.Option(None, "--master", help="Spark master (default: spark-submit's, else local[*])"),
    config: Path = typer.Option(None, "--config", help="pipeline config (TOML)"),
    no_json: bool = typer.Option(False, "--no-json", help="leave the Document JSON out of documents"),
    overwrite: bool = typer.Option(False, "--overwrite", help="replace an existing output"),
) -> None:
    """Analyse many articles (Spark or local processes) and write Parquet tables (+ PostgreSQL COPY)."""
    from marsad.batch.inputs import FORMATS, detect_format

    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    if engine not in ("spark", "local"):
        fail(f"--engine must be spark or local (got {engine!r})")
    if fmt is not None and fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if partitions is not None and partitions < 1:
        fail("--partitions must be at least 1")
    if workers is not None and workers < 1:
        fail("--workers must be at least 1")
    if db is not None:
        from marsad.batch.pgload import conninfo

        conninfo(db)
    if merge and db is None:
        fail("--merge needs --db postgresql://…")
    fmt = fmt or detect_format(input)
    cfg = str(config) if config else None
    if engine == "spark":
        from marsad.batch.spark import run_spark

        result = run_spark(
            input, output, fmt=fmt, master=master, partitions=partitions, config=cfg,
            keep_json=not no_json, overwrite=overwrite, db=db, db_schema=db_schema,
        )
        loaded = dict(result.counts) if db else None
    else:
        from marsad.batch.local import run_local_path
        from marsad.batch.pgload import load_parquet_output

        if "://" in output.removeprefix("file://"):
            fail("--engine local writes local folders only; use --engine spark for a URI")
        result = run_local_path(
            input, output.removeprefix("file://"), fmt=fmt, workers=workers or os.cpu_count() or 1,
            config=cfg, keep_json=not no_json, overwrite=overwrite,
        )
        loaded = load_parquet_output(result.output, db, schema=db_schema) if db else None
    summary = {
        "engine": result.engine,
        "output": result.output,
        "seconds": round(result.seconds, 2),
        "rows": result.counts,
        "articles_per_second": round(result.documents / result.seconds, 1) if result.seconds else None,
    }
    if loaded is not None:
        summary["copied_to_postgresql"] = loaded
    if merge:
        from marsad.batch.storemerge import merge_staged
        from marsad.store import Store

        with Store(db) as store:
            summary["merged_into_store"] = merge_staged(store, db, schema=db_schema).to_dict()
    typer.echo(json.dumps(summary, ensure_ascii=False))
    if result.skipped:
        sys.stderr.write(f"marsad: {result.skipped} record(s) skipped (see the 'skipped' table)\n")
