"""Files and folders: .txt, .html, .json, .jsonl, .csv, .zip (SaudiNewsNet), WARC/ARC, RSS/Atom,
PETRARCH / UniversalPetrarch sentence XML (:mod:`marsad.ingest.petrarch`).

Folders are walked in sorted order. A file that cannot be read yields a :class:`Failure` with the
reason and reading goes on with the next one; a bad line of a JSON Lines file or a bad row of a
CSV file skips that line only.

SaudiNewsNet: each ``YYYY-MM-DD.zip`` holds one JSON array of
``{source, url, date_extracted, title, author, content}``; ``outlet = source`` and
``published`` = the date of ``date_extracted``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from marsad.errors import BadRecordError, InputError, MarsadError, TooLargeError, UnsupportedSourceError
from marsad.ingest.decode import MAX_BYTES, decode
from marsad.ingest.feeds import feed_records, looks_like_feed
from marsad.ingest.petrarch import looks_like_petrarch, petrarch_records
from marsad.ingest.records import Failure, Record, from_html, record_from_mapping
from marsad.ingest.warc import warc_records

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
SIDE_SUFFIXES = (".meta.json",)  # metadata beside an article file, not an article
DOC_SUFFIXES = (".md", ".rst")  # README / CREDITS in a folder of articles: not articles, passed over

Item = Record | Failure


def _suffix(name: str) -> str:
    low = name.lower()
    for multi in (".warc.gz", ".arc.gz", ".meta.json"):
        if low.endswith(multi):
            return multi
    return Path(low).suffix


def _read(path: Path) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLargeError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB", source=str(path))
    return data


def _side_meta(path: Path) -> dict[str, str]:
    """``NAME.meta.json`` beside ``NAME.txt``: published/outlet/url/title for that article."""
    side = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in ("published", "outlet", "url", "title") and v}


def json_records(data: bytes, *, source: str) -> Iterator[Item]:
    try:
        parsed = json.loads(decode(data, source=source))
    except MarsadError as exc:
        yield Failure.of(exc, source)
        return
    except json.JSONDecodeError as exc:
        yield Failure.of(BadRecordError(f"malformed JSON: {exc.msg} at line {exc.lineno}"), source)
        return
    items = parsed if isinstance(parsed, list) else [parsed]
    for i, obj in enumerate(items):
        where = f"{source}[{i}]" if isinstance(parsed, list) else source
        try:
            yield record_from_mapping(obj, source=where)
        except MarsadError as exc:
            yield Failure.of(exc, where)


def jsonl_records(data: bytes, *, source: str) -> Iterator[Item]:
    try:
        text = decode(data, source=source)
    except MarsadError as exc:
        yield Failure.of(exc, source)
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadRecordError(f"malformed JSON line: {exc.msg}", source=where) from exc
            yield record_from_mapping(obj, source=where)
        except MarsadError as exc:
            yield Failure.of(exc, where)


def csv_records(data: bytes, *, source: str) -> Iterator[Item]:
    try:
        text = decode(data, source=source)
    except MarsadError as exc:
        yield Failure.of(exc, source)
        return
    csv.field_size_limit(MAX_BYTES)
    reader = csv.DictReader(io.StringIO(text))
    try:
        for row in reader:
            where = f"{source}:{reader.line_num}"
            try:
                yield record_from_mapping({k: v for k, v in row.items() if k}, source=where)
            except MarsadError as exc:
                yield Failure.of(exc, where)
    except csv.Error as exc:
        yield Failure.of(BadRecordError(f"malformed CSV: {exc}"), f"{source}:{reader.line_num}")


def zip_records(path: Path) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Failure.of(InputError(f"not a readable zip file: {exc}"), str(path))
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            where = f"{path}!{info.filename}"
            if info.file_size > MAX_BYTES:
                yield Failure.of(TooLargeError("zip member is too large"), where)
                continue
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield Failure.of(InputError(f"cannot read zip member: {exc}"), where)
                continue
            yield from bytes_records(data, name=info.filename, source=where)


def bytes_records(data: bytes, *, name: str, source: str, meta: dict[str, str] | None = None) -> Iterator[Item]:
    """Records of one file's bytes, by its name's suffix."""
    suf = _suffix(name)
    meta = meta or {}
    if suf in SIDE_SUFFIXES:
        return
    if suf == ".json":
        yield from json_records(data, source=source)
    elif suf in (".jsonl", ".ndjson"):
        yield from jsonl_records(data, source=source)
    elif suf == ".csv":
        yield from csv_records(data, source=source)
    elif suf in WARC_SUFFIXES:
        yield from warc_records(io.BytesIO(data), source=source)
    elif suf == ".xml" and looks_like_petrarch(data):
        yield from petrarch_records(data, source=source)
    elif suf in FEED_SUFFIXES or (suf not in TEXT_SUFFIXES + HTML_SUFFIXES and looks_like_feed(data)):
        yield from feed_records(data, source=source, fetcher=None)
    elif suf in TEXT_SUFFIXES + HTML_SUFFIXES:
        try:
            text = decode(data, source=source)
            if suf in HTML_SUFFIXES:
                yield from_html(text, source=source, url=meta.get("url"), **{k: v for k, v in meta.items() if k != "url"})
            else:
                yield Record(text=text, source=source, **meta)
        except MarsadError as exc:
            yield Failure.of(exc, source)
    else:
        yield Failure.of(UnsupportedSourceError(f"unsupported file type {suf or '(none)'}"), source, kind="skipped")


def path_records(path: Path) -> Iterator[Item]:
    """Records of a file or (recursively, sorted) a folder."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            if child.suffix.lower() not in DOC_SUFFIXES:
                yield from path_records(child)
        return
    if not path.exists():
        yield Failure.of(InputError("no such file or folder"), str(path))
        return
    if _suffix(path.name) in SIDE_SUFFIXES:
        return
    if path.suffix.lower() == ".zip":
        yield from zip_records(path)
        return
    if _suffix(path.name) in WARC_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from warc_records(fh, source=str(path))
        except OSError as exc:
            yield Failure.of(InputError(f"cannot read: {exc.strerror}"), str(path))
        return
    try:
        data = _read(path)
    except MarsadError as exc:
        yield Failure.of(exc, str(path))
        return
    except OSError as exc:
        yield Failure.of(InputError(f"cannot read: {exc.strerror}"), str(path))
        return
    yield from bytes_records(data, name=path.name, source=str(path), meta=_side_meta(path))
