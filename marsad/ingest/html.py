"""HTML -> article text and metadata through trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.errors import InputError

_HTML_RE = re.compile(r"<\s*(html|body|div|p|article|head|!doctype)\b", re.I)


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:4096]))


def extract_html(html: str, *, url: str | None = None, source: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page; raise :class:`InputError` if it has no text."""
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    meta = trafilatura.extract_metadata(html, default_url=url)
    if not text or not text.strip():
        raise InputError("HTML page has no article text", source=source)
    ex = Extracted(text=text)
    if meta is not None:
        ex.title = meta.title or None
        ex.published = (meta.date or None) if meta.date else None
        ex.author = meta.author or None
        ex.site = meta.sitename or None
        ex.url = meta.url or url
        ex.language = getattr(meta, "language", None)
    return ex
