"""HTML -> article text and metadata through trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    warnings: list[str] = field(default_factory=list)


# Pages larger than this are cut (at a tag boundary) before extraction: article text never needs
# more, and parsing tens of megabytes of markup takes minutes. The cut is recorded as a warning.
MAX_HTML_CHARS = 4_000_000


def _trim(html: str) -> tuple[str, bool]:
    if len(html) <= MAX_HTML_CHARS:
        return html, False
    cut = html.rfind("<", 0, MAX_HTML_CHARS)
    return html[: cut if cut > 0 else MAX_HTML_CHARS], True


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:4096]))


def extract_html(html: str, *, url: str | None = None, source: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page; raise :class:`InputError` if it has no text."""
    import trafilatura

    html, trimmed = _trim(html)
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
    )
    meta = trafilatura.extract_metadata(html, default_url=url)
    if not text or not text.strip():
        raise InputError("HTML page has no article text", source=source)
    ex = Extracted(text=text)
    if trimmed:
        ex.warnings.append(f"HTML page longer than {MAX_HTML_CHARS:,} characters: only its start was read")
    if meta is not None:
        ex.title = meta.title or None
        ex.published = (meta.date or None) if meta.date else None
        ex.author = meta.author or None
        ex.site = meta.sitename or None
        ex.url = meta.url or url
        ex.language = getattr(meta, "language", None)
    return ex
