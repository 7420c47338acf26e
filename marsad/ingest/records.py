"""What every source yields: a :class:`Record` (an article's text and metadata) or a :class:`Failure`.

``record_from_mapping`` reads the field names used by marsad's own JSON Lines (``text``,
``published``, ``outlet``, ``url``, ``title``), by Document JSON, and by SaudiNewsNet
(``content``, ``date_extracted``, ``source``, ``author``).
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from typing import Any

from marsad.errors import BadRecordError, MarsadError
from marsad.ingest.html import extract_html, looks_like_html
from marsad.timeutil import check_date

TEXT_KEYS = ("text", "content", "body", "article", "maintext")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "date_publish", "date_extracted", "pubdate")
OUTLET_KEYS = ("outlet", "source", "site", "source_domain")
URL_KEYS = ("url", "link")


@dataclass(slots=True)
class Record:
    text: str
    source: str  # where it was read: file, file:line, zip member, URL
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None  # a hint from the source (HTML lang, feed language)
    analysed: dict[str, Any] | None = None  # its Document JSON when analysed elsewhere (``marsad batch``)


@dataclass(slots=True)
class Failure:
    source: str
    reason: str  # one line: "[E105] malformed JSON line ..."
    kind: str = "failed"  # failed | skipped

    @classmethod
    def of(cls, exc: MarsadError, source: str, *, kind: str = "failed") -> Failure:
        if exc.source is None:
            exc.source = source
        return cls(source=source, reason=str(exc), kind=kind)


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = data.get(k)
        if v not in (None, ""):
            return v
    return None


def _opt_str(value: Any, key: str, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value).strip() or None
    raise BadRecordError(f'"{key}" must be a string', value=value, source=where)


def clean_date(value: str | None, *, source: str) -> str | None:
    """``YYYY-MM-DD`` of a date or date-time text; ``None`` when absent; raise when it is not a date."""
    if not value:
        return None
    try:
        return check_date(value)
    except MarsadError as exc:
        exc.source = source
        raise


def from_html(html: str, *, source: str, url: str | None = None, **meta: str | None) -> Record:
    ex = extract_html(html, url=url, source=source)
    published = None
    if ex.published:
        try:
            published = check_date(ex.published)
        except MarsadError:
            published = None
    return Record(
        text=ex.text,
        source=source,
        title=meta.get("title") or ex.title,
        url=url or ex.url,
        published=meta.get("published") or published,
        outlet=meta.get("outlet") or ex.site,
        author=meta.get("author") or ex.author,
        language=ex.language,
    )


def record_from_mapping(data: Any, *, source: str) -> Record:
    """A Record from a JSON object / CSV row; raise :class:`BadRecordError` if it has no text."""
    if not isinstance(data, dict):
        raise BadRecordError("record is not an object", value=type(data).__name__, source=source)
    text = _first(data, TEXT_KEYS)
    if not isinstance(text, str):
        raise BadRecordError('record has no "text" (or "content") string', value=text, source=source)
    if not text.strip():
        raise BadRecordError("record text is empty", source=source)
    title = _opt_str(_first(data, TITLE_KEYS), "title", source)
    if title and "&" in title:  # scraped titles often keep HTML character references (&#8220;)
        title = html_lib.unescape(title)
    url = _opt_str(_first(data, URL_KEYS), "url", source)
    outlet = _opt_str(_first(data, OUTLET_KEYS), "outlet", source)
    author = _opt_str(data.get("author"), "author", source)
    published = clean_date(_opt_str(_first(data, DATE_KEYS), "published", source), source=source)
    if looks_like_html(text):
        return from_html(text, source=source, url=url, title=title, published=published, outlet=outlet, author=author)
    return Record(
        text=text, source=source, title=title, url=url, published=published, outlet=outlet, author=author,
        language=_opt_str(data.get("language"), "language", source),
    )
