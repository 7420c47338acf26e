"""WARC and ARC archives (warcio): every HTTP response record that carries HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.errors import BadRecordError, MarsadError
from marsad.ingest.decode import MAX_BYTES, decode
from marsad.ingest.records import Failure, Record, from_html


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"' ")
    return None


def warc_records(stream: BinaryIO, *, source: str) -> Iterator[Record | Failure]:
    try:
        for n, rec in enumerate(ArchiveIterator(stream, arc2warc=True)):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
            http = rec.http_headers
            if http is None:
                continue
            ctype = http.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            status = http.get_statuscode()
            if status and not status.startswith("2"):
                yield Failure(url, f"{url}: [E107] archived response has HTTP status {status}", kind="skipped")
                continue
            body = rec.content_stream().read(MAX_BYTES + 1)
            try:
                if len(body) > MAX_BYTES:
                    raise BadRecordError("archived page is too large", source=url)
                html = decode(body, source=url, declared=_charset(ctype))
                r = from_html(html, source=f"{source}:{url}", url=url)
                date = rec.rec_headers.get_header("WARC-Date")
                if date and not r.published:
                    r.published = date[:10]
                yield r
            except MarsadError as exc:
                yield Failure.of(exc, url)
    except ArchiveLoadFailed as exc:
        yield Failure(source, f"{source}: [E105] not a readable WARC/ARC archive: {str(exc)[:100]}")
