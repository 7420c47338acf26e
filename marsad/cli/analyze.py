"""``marsad analyze``, ``marsad tag-conll`` and ``marsad stages``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from marsad.cli.common import fail, handle_errors, read_bytes, read_text
from marsad.cli.main import app
from marsad.document import Document
from marsad.errors import BadRecordError, InputError, MarsadError
from marsad.ingest.article import date_of as _date
from marsad.ingest.article import document_from_input
from marsad.ingest.html import looks_like_html
from marsad.ingest.petrarch import looks_like_petrarch, parse_sentences
from marsad.ingest.records import Failure
from marsad.pipeline import Pipeline, default_pipeline, registry


def _pipeline(config: Path | None) -> Pipeline:
    return Pipeline.from_config(config) if config else default_pipeline()


def _dump(doc: Document, *, pretty: bool) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=1 if pretty else None)


def _batch(path: str, pipe: Pipeline, *, pretty: bool) -> None:
    data = read_bytes(path)
    lines = data.decode("utf-8", errors="replace").splitlines()
    out = sys.stdout
    bad = 0
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadRecordError(f"malformed JSON line: {exc.msg}", source=where) from exc
            if not isinstance(rec, dict):
                raise BadRecordError("JSON line is not an object", value=type(rec).__name__, source=where)
            text = rec.get("text")
            if not isinstance(text, str):
                raise BadRecordError('"text" must be a string', value=text, source=where)
            meta: dict[str, str | None] = {}
            for key in ("id", "published", "outlet", "url", "title"):
                val = rec.get(key)
                if val is not None and not (isinstance(val, str) or (key == "id" and isinstance(val, int))):
                    raise BadRecordError(f'"{key}" must be a string', value=val, source=where)
                meta[key] = str(val) if val is not None else None
            doc = document_from_input(
                text,
                source=where,
                published=meta["published"],
                outlet=meta["outlet"],
                url=meta["url"],
                title=meta["title"],
                html=False if not looks_like_html(text) else None,
                doc_id=meta["id"],
            )
            doc = pipe(doc)
        except MarsadError as exc:
            if exc.source is None:
                exc.source = where
            bad += 1
            sys.stderr.write(f"marsad: {exc} (line skipped)\n")
            continue
        out.write(_dump(doc, pretty=False) + "\n")
    if bad:
        sys.stderr.write(f"marsad: {path}: {bad} bad line(s) skipped\n")


def _petrarch(path: str, data: bytes, pipe: Pipeline, *, pretty: bool) -> None:
    """PETRARCH sentence XML: one Document JSON line per ``<Sentence>`` (id = its id)."""
    bad = 0
    for s in parse_sentences(data, source=path):
        if isinstance(s, Failure):
            bad += 1
            sys.stderr.write(f"marsad: {s.reason} (sentence skipped)\n")
            continue
        doc = document_from_input(s.text, source=f"{path}#{s.id}", published=s.published, outlet=s.outlet,
                                  url=None, html=False, doc_id=s.id)
        sys.stdout.write(_dump(pipe(doc), pretty=pretty) + "\n")
    if bad:
        sys.stderr.write(f"marsad: {path}: {bad} sentence(s) skipped\n")


@app.command()
@handle_errors
def analyze(
    path: str = typer.Argument(None, help="article file (.txt, .html, PETRARCH sentence .xml) or - for stdin"),
    published: str = typer.Option(None, "--published", help="publication date YYYY-MM-DD"),
    outlet: str = typer.Option(None, "--outlet", help="outlet name"),
    url: str = typer.Option(None, "--url", help="article URL"),
    title: str = typer.Option(None, "--title", help="article title"),
    batch: str = typer.Option(None, "--batch", help="JSON Lines file: one article per line"),
    config: Path = typer.Option(None, "--config", help="pipeline config (TOML)"),
    pretty: bool = typer.Option(False, "--pretty", help="indent the JSON"),
) -> None:
    """Analyse one article (or a JSON Lines batch) and print Document JSON."""
    if batch:
        _batch(batch, _pipeline(config), pretty=pretty)
        return
    if path is None:
        fail("analyze needs a PATH (or - for stdin) or --batch FILE")
    if path != "-" and path.lower().endswith(".xml"):
        data = read_bytes(path)
        if looks_like_petrarch(data):
            _petrarch(path, data, _pipeline(config), pretty=pretty)
            return
    if published:
        published = _date(published, source="--published")
    raw = read_text(path)
    doc = document_from_input(
        raw, source="<stdin>" if path == "-" else path, published=published, outlet=outlet, url=url, title=title
    )
    doc = _pipeline(config)(doc)
    sys.stdout.write(_dump(doc, pretty=pretty) + "\n")


@app.command("tag-conll")
@handle_errors
def tag_conll(
    input: str = typer.Argument(..., help="tokens, one per line (first column), blank line between sentences"),
    output: str = typer.Argument(..., help="where to write token<TAB>tag lines"),
) -> None:
    """Tag pre-tokenized text with the NER model (ANERcorp tag set)."""
    from marsad.extract.ner import tag_conll_lines

    text = read_text(input)
    lines = text.splitlines()
    out_lines = tag_conll_lines(lines)
    try:
        target = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror}", source=output) from exc
    try:
        for line in out_lines:
            target.write(line + "\n")
    finally:
        if target is not sys.stdout:
            target.close()


@app.command()
def stages() -> None:
    """List the registered pipeline stages."""
    for name, spec in sorted(registry().items()):
        typer.echo(f"{spec.tag:<18} needs: {', '.join(spec.needs) or '-':<30} adds: {', '.join(spec.adds)}")
        if spec.doc:
            typer.echo(f"{'':<18} {spec.doc}")
