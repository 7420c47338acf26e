"""Input records for ``marsad batch``: what one article looks like before analysis.

Every reader (local files here, Spark readers in ``marsad.batch.spark``) produces *raw items*
``(where, record)``: ``where`` names the file and line/member/offset for messages, and ``record``
is a dict or, when the bytes could not be parsed, the :class:`MarsadError` saying why.
``to_document`` turns a dict into a :class:`Document` the same way ``marsad analyze --batch``
does, so both give the same analyses of the same input.

Two record shapes are read:

* the contract's batch lines ``{"id", "text", "published"?, "outlet"?, "url"?, "title"?}``;
* SaudiNewsNet articles ``{"source", "url", "date_extracted", "title", "author", "content"}``
  (``source`` is the outlet, the date the publication date).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.errors import BadRecordError, BatchError, InputError, MarsadError
from marsad.ingest.article import document_from_input

RawItem = tuple[str, dict[str, Any] | MarsadError]

FORMATS: tuple[str, ...] = ("jsonl", "parquet", "zip", "warc")
_SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".zip": "zip",
    ".warc": "warc", ".warc.gz": "warc", ".arc.gz": "warc",
}
META_KEYS: tuple[str, ...] = ("id", "published", "outlet", "url", "title")


def format_of_name(name: str) -> str | None:
    low = name.lower().rstrip("/")
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if low.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


def detect_format(path: str) -> str:
    """The input format of ``path`` (a file, a glob, a local folder of one kind, or a URI)."""
    fmt = format_of_name(path.replace("*", ""))
    if fmt:
        return fmt
    local = Path(path.removeprefix("file://"))
    if "://" not in path.removeprefix("file://") and local.is_dir():
        kinds = {format_of_name(p.name) for p in local.iterdir() if not p.name.startswith((".", "_"))}
        kinds.discard(None)
        if len(kinds) == 1:
            return str(kinds.pop())
        if kinds:
            raise BatchError(f"folder mixes input formats {sorted(k or '' for k in kinds)}; "
                             "give one --format", source=path)
    raise BatchError("cannot tell the input format from the name; give --format "
                     f"({'|'.join(FORMATS)})", source=path)


def _field(rec: dict[str, Any], key: str, where: str) -> str | None:
    val = rec.get(key)
    if val is None:
        return None
    if isinstance(val, bool) or not isinstance(val, str | int):
        raise BadRecordError(f'"{key}" must be a string', value=val, source=where)
    return str(val)


def normalize_record(rec: dict[str, Any], *, where: str) -> dict[str, str | None]:
    """The contract's batch fields of a record of either shape; raise :class:`BadRecordError`."""
    if rec.get("text") is None and rec.get("content") is not None:  # SaudiNewsNet
        text = rec.get("content")
        if not isinstance(text, str):
            raise BadRecordError('"content" must be a string', value=text, source=where)
        return {
            "text": text,
            "id": _field(rec, "id", where),
            "published": _field(rec, "date_extracted", where) or _field(rec, "published", where),
            "outlet": _field(rec, "source", where) or _field(rec, "outlet", where),
            "url": _field(rec, "url", where),
            "title": _field(rec, "title", where),
        }
    text = rec.get("text")
    if not isinstance(text, str):
        raise BadRecordError('"text" must be a string', value=text, source=where)
    out: dict[str, str | None] = {"text": text}
    for key in META_KEYS:
        out[key] = _field(rec, key, where)
    return out


def to_document(rec: dict[str, Any], *, where: str) -> Document:
    """A Document from one record, as ``marsad analyze --batch`` makes it."""
    meta = normalize_record(rec, where=where)
    return document_from_input(
        meta["text"] or "", source=where, published=meta["published"], outlet=meta["outlet"], url=meta["url"],
        title=meta["title"], doc_id=meta["id"],
    )


# -- parsing bytes: shared by the local reader and Spark's binaryFiles -------------------------
def jsonl_items(data: bytes, *, name: str) -> Iterator[RawItem]:
    text = data.decode("utf-8", errors="replace")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield json_line(line, where=f"{name}:{lineno}")


def json_line(line: str, *, where: str) -> RawItem:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return where, BadRecordError(f"malformed JSON line: {exc.msg}", source=where)
    if not isinstance(rec, dict):
        return where, BadRecordError("JSON line is not an object", value=type(rec).__name__, source=where)
    return where, rec


def zip_items(data: bytes, *, name: str) -> Iterator[RawItem]:
    """Articles of a SaudiNewsNet zip: each member a JSON array (or JSON Lines) of articles."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        yield name, BadRecordError(f"not a zip file: {exc}", source=name)
        return
    with zf:
        for member in zf.namelist():
            if member.endswith("/"):
                continue
            where = f"{name}!{member}"
            raw = zf.read(member)
            if format_of_name(member) == "jsonl" and not raw.lstrip().startswith(b"["):
                yield from jsonl_items(raw, name=where)
                continue
            try:
                arr = json.loads(raw.decode("utf-8", errors="replace"))
            except json.JSONDecodeError as exc:
                yield where, BadRecordError(f"member is not JSON: {exc.msg}", source=where)
                continue
            if not isinstance(arr, list):
                arr = [arr]
            for i, rec in enumerate(arr):
                w = f"{where}[{i}]"
                if isinstance(rec, dict):
                    yield w, rec
                else:
                    yield w, BadRecordError("article is not a JSON object", value=type(rec).__name__, source=w)


def warc_items(data: bytes, *, name: str) -> Iterator[RawItem]:
    """HTML responses of a WARC file as records ``{"text": html, "url": target URI}``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}@{uri or record.rec_headers.get_header('WARC-Record-ID')}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            body = record.content_stream().read()
            yield where, {"text": body.decode("utf-8", errors="replace"), "url": uri}
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        yield name, BadRecordError(f"unreadable WARC: {exc}", source=name)


def parquet_items(path: str) -> Iterator[RawItem]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield path, BadRecordError(f"not a Parquet file: {exc}", source=path)
        return
    n = 0
    for batch in pf.iter_batches(batch_size=1024):
        for rec in batch.to_pylist():
            yield f"{path}#{n}", rec
            n += 1


BYTES_PARSERS = {"jsonl": jsonl_items, "zip": zip_items, "warc": warc_items}


def local_files(path: str, fmt: str) -> list[Path]:
    """The local files of ``path`` (a file, a folder or a glob) in the given format."""
    p = Path(path.removeprefix("file://"))
    if any(c in path for c in "*?["):
        files = sorted(Path(p.anchor or ".").glob(str(p.relative_to(p.anchor)) if p.anchor else str(p)))
    elif p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith((".", "_")))
    elif p.exists():
        files = [p]
    else:
        raise InputError("no such file", source=path)
    files = [f for f in files if f.is_file() and (len(files) == 1 or format_of_name(f.name) == fmt)]
    if not files:
        raise InputError(f"no {fmt} files here", source=path)
    return files


def read_local(path: str, *, fmt: str) -> Iterator[RawItem]:
    """Raw items of local input files (the files are listed, and checked, at once)."""
    return _read_files(local_files(path, fmt), fmt)


def _read_files(files: list[Path], fmt: str) -> Iterator[RawItem]:
    for f in files:
        if fmt == "parquet":
            yield from parquet_items(str(f))
        else:
            yield from BYTES_PARSERS[fmt](f.read_bytes(), name=str(f))
