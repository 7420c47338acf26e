"""One article from raw text or HTML plus metadata -> a :class:`Document` (before any stage).

Shared by ``marsad analyze`` (file, stdin, ``--batch``), the API's analyse endpoint and
``marsad batch``, so that the same input gives the same Document everywhere.
"""

from __future__ import annotations

from typing import Any

from marsad.document import Document
from marsad.errors import InputError, MarsadError
from marsad.ingest.html import extract_html, looks_like_html
from marsad.pipeline import make_document
from marsad.timeutil import check_date


def document_from_input(
    raw: str,
    *,
    source: str,
    published: str | None,
    outlet: str | None,
    url: str | None,
    title: str | None = None,
    html: bool | None = None,
    doc_id: str | None = None,
) -> Document:
    """A Document from raw text or HTML; metadata given by the caller wins over the page's."""
    text = raw
    warnings: list[str] = []
    if html or (html is None and (source.lower().endswith((".html", ".htm")) or looks_like_html(raw))):
        ex = extract_html(raw, url=url, source=source)
        text = ex.text
        warnings = ex.warnings
        title = title or ex.title
        url = url or ex.url
        outlet = outlet or ex.site
        if not published and ex.published:
            try:
                published = check_date(ex.published)
            except MarsadError:
                published = None
    if not text.strip():
        raise InputError("input has no text", source=source)
    if published:
        published = date_of(published, source=source)
    doc = make_document(text, published=published, outlet=outlet, url=url, title=title, doc_id=doc_id)
    doc.warnings.extend(warnings)
    return doc


def date_of(value: Any, *, source: str) -> str:
    """``check_date`` with the input named in the error."""
    try:
        return check_date(value)
    except MarsadError as exc:
        exc.source = source
        raise
