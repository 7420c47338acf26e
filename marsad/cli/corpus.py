"""Corpus commands: ``ingest``, ``stats``, ``events``, ``entities``, ``stories``, ``search``, ``export``.

Every command takes ``--db URL`` (default: the embedded SQLite file, see ``marsad.store.db``).
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import typer

from marsad.cli.common import fail, handle_errors
from marsad.cli.main import app
from marsad.errors import MarsadError

DB_HELP = "database URL: sqlite:///PATH or postgresql://user@host/db (default: $MARSAD_DB or the user's data dir)"


def _store(db: str | None) -> Any:
    from marsad.store import Store

    return Store(db)


def _json_out(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        fail(f"--format must be one of {', '.join(allowed)} (got {fmt!r})")


def _table(rows: list[dict[str, Any]], columns: list[str], *, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    Console(width=max(120, Console().width)).print(t)


@app.command()
@handle_errors
def ingest(
    sources: list[str] = typer.Argument(..., help="files, folders, URLs, feeds, WARC files, SaudiNewsNet zips"),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    published: str = typer.Option(None, "--published", help="publication date for every record (YYYY-MM-DD)"),
    outlet: str = typer.Option(None, "--outlet", help="outlet for every record"),
    url: str = typer.Option(None, "--url", help="URL for every record (one article)"),
    workers: int = typer.Option(1, "--workers", min=1, help="analysis processes"),
    limit: int = typer.Option(None, "--limit", min=0, help="stop after N records"),
    config: str = typer.Option(None, "--config", help="pipeline config (TOML)"),
    no_stories: bool = typer.Option(False, "--no-stories", help="skip story vectors and clustering"),
    fmt: str = typer.Option("table", "--format", help="summary as table (stderr) or json (stdout)"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bar, no per-record log"),
) -> None:
    """Read, analyse and store articles; idempotent. Prints a summary at the end."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from marsad.ingest.runner import Ingest
    from marsad.timeutil import check_date

    _check_format(fmt, ("table", "json"))
    if published:
        try:
            published = check_date(published)
        except MarsadError as exc:
            exc.source = "--published"
            raise
    err = Console(stderr=True)
    store = _store(db)
    log = (lambda line: None) if quiet else (lambda line: err.print(f"marsad: {line}", markup=False, highlight=False, soft_wrap=True))
    job = Ingest(store=store, published=published, outlet=outlet, url=url, workers=workers, limit=limit,
                 config=config, stories=not no_stories, log=log)
    with Progress(SpinnerColumn(), TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[info]}"), console=err, disable=quiet, transient=False) as bar:
        task = bar.add_task("ingest", total=limit, info="")

        def tick(n: int) -> None:
            s = job.summary
            bar.update(task, advance=n, info=f"new {s.new}  dup {s.duplicate}  near {s.near_duplicate}")

        summary = job.run(sources, progress=tick)
    store.close()
    data = summary.to_dict()
    if fmt == "json":
        _json_out(data)
        return
    rows = [{"what": k, "count": v} for k, v in data.items() if not isinstance(v, dict)]
    for kind in ("skipped_reasons", "failed_reasons"):
        for reason, n in data[kind].items():
            rows.append({"what": f"  {kind.split('_')[0]}: {reason}", "count": n})
    from rich.table import Table

    t = Table(title="ingest summary")
    t.add_column("what")
    t.add_column("count", justify="right")
    for r in rows:
        t.add_row(r["what"], str(r["count"]))
    err.print(t)


@app.command()
@handle_errors
def stats(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("table", "--format", help="json or table"),
) -> None:
    """Counts of articles, events, entities and stories in the store."""
    from marsad.store.queries import stats as get_stats

    _check_format(fmt, ("table", "json"))
    data = get_stats(_store(db))
    if fmt == "json":
        _json_out(data)
    else:
        _table([{"what": k, "count": v} for k, v in data.items()], ["what", "count"], title="marsad store")


@app.command()
@handle_errors
def events(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    actor: str = typer.Option(None, "--actor", help="actor name, English name, CAMEO code or kb_id"),
    country: str = typer.Option(None, "--country", help="ISO alpha-3 of an actor or of the place"),
    cameo: str = typer.Option(None, "--cameo", help="CAMEO code or prefix (04, 043)"),
    root: str = typer.Option(None, "--root", help="CAMEO root (two digits)"),
    plover: str = typer.Option(None, "--plover", help="PLOVER event type (CONSULT)"),
    place: str = typer.Option(None, "--place", help="place name"),
    since: str = typer.Option(None, "--since", help="from date YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="to date YYYY-MM-DD"),
    status: str = typer.Option(None, "--status", help="asserted, reported, denied, planned, hypothetical"),
    outlet: str = typer.Option(None, "--outlet", help="reported by this outlet"),
    min_fatalities: int = typer.Option(None, "--min-fatalities", min=0, help="at least this many killed"),
    limit: int = typer.Option(100, "--limit", min=0),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Merged events with their reports, filtered."""
    from marsad.store.export import CSV_COLUMNS, csv_row
    from marsad.store.queries import EventFilter, event_objects
    from marsad.timeutil import check_date

    _check_format(fmt, ("table", "json", "csv"))
    since = check_date(since) if since else None
    until = check_date(until) if until else None
    flt = EventFilter(actor=actor, country=country, cameo=cameo, root=root, plover=plover, place=place,
                      since=since, until=until, status=status, outlet=outlet, min_fatalities=min_fatalities,
                      limit=limit)
    objs = event_objects(_store(db), flt)
    if fmt == "json":
        _json_out(objs)
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for ev in objs:
            w.writerow(csv_row(ev))
    else:
        rows = [dict(csv_row(ev), summary=(ev.get("summary_en") or "")[:80]) for ev in objs]
        _table(rows, ["date", "cameo", "plover", "source", "target", "location", "num_articles", "num_sources",
                      "summary"], title=f"{len(rows)} events")


@app.command()
@handle_errors
def entities(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    type: str = typer.Option(None, "--type", help="PER, ORG, LOC or MISC"),
    name: str = typer.Option(None, "--name", help="name (normalized match), English name, code or kb_id"),
    limit: int = typer.Option(50, "--limit", min=0),
    fmt: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Entities at knowledge-base level, most reported first."""
    from marsad.store.queries import entities as get_entities

    _check_format(fmt, ("table", "json"))
    rows = get_entities(_store(db), type=type, name=name, limit=limit)
    if fmt == "json":
        _json_out(rows)
    else:
        _table(rows, ["id", "type", "name", "name_en", "kb_id", "country", "actor_code", "articles"])


@app.command()
@handle_errors
def stories(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    limit: int = typer.Option(50, "--limit", min=0),
    fmt: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Stories: articles about the same news over a few days (two articles or more)."""
    from marsad.store.queries import stories as get_stories

    _check_format(fmt, ("table", "json"))
    rows = get_stories(_store(db), since=since, until=until, limit=limit)
    if fmt == "json":
        _json_out(rows)
    else:
        _table(rows, ["id", "label", "start", "end", "num_articles", "num_outlets"], title=f"{len(rows)} stories")


@app.command()
@handle_errors
def search(
    query: str = typer.Argument(..., help="words (Arabic is normalized like the index)"),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit", min=1),
    fmt: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Full-text search over the stored articles."""
    from marsad.store.queries import search as do_search

    _check_format(fmt, ("table", "json"))
    rows = do_search(_store(db), query, limit=limit)
    if fmt == "json":
        _json_out(rows)
    else:
        _table(rows, ["id", "published", "outlet", "title", "snippet"], title=f"{len(rows)} articles")


@app.command()
@handle_errors
def export(
    fmt: str = typer.Option(..., "--format", help="gdelt, plover, csv, acled, jsonl or parquet"),
    output: str = typer.Option(..., "--output", help="file (a folder for parquet)"),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
) -> None:
    """Export the stored events (GDELT 2.0 TSV, PLOVER JSONL, CSV, JSONL) or every table (Parquet)."""
    from marsad.store.export import FORMATS
    from marsad.store.export import export as do_export
    from marsad.store.queries import EventFilter

    _check_format(fmt, FORMATS)
    n = do_export(_store(db), fmt=fmt, output=output, flt=EventFilter(since=since, until=until))
    sys.stderr.write(f"marsad: {n} events written to {output} ({fmt})\n")
