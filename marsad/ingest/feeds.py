"""RSS/Atom feeds (feedparser): each entry's full content when the feed carries it, else its page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import feedparser

from marsad.errors import FetchError, InputError, MarsadError
from marsad.ingest.decode import decode
from marsad.ingest.html import looks_like_html
from marsad.ingest.records import Failure, Record, from_html
from marsad.ingest.web import Fetcher

MIN_CONTENT_CHARS = 400  # shorter feed content is a teaser: fetch the page instead


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or (
        head.startswith((b"<rss", b"<feed"))
    )


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            return dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
    return None


def _entry_content(entry: feedparser.FeedParserDict) -> str:
    parts = entry.get("content") or []
    best = max((p.get("value", "") for p in parts), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def feed_records(data: bytes, *, source: str, fetcher: Fetcher | None) -> Iterator[Record | Failure]:
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield Failure(source, f"{source}: [E105] not a readable RSS/Atom feed")
        return
    outlet = parsed.feed.get("title") or None
    lang = parsed.feed.get("language") or None
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        where = link or f"{source}#{i}"
        meta = {"title": entry.get("title") or None, "published": _entry_date(entry), "outlet": outlet}
        content = _entry_content(entry)
        try:
            if len(content) >= MIN_CONTENT_CHARS or not link or fetcher is None:
                if not content.strip():
                    raise InputError("feed entry has no content and no link to fetch", source=where)
                if looks_like_html(content) or "<p" in content:
                    yield from_html(f"<html><body><article>{content}</article></body></html>", source=where,
                                    url=link, **meta)
                else:
                    yield Record(text=content, source=where, url=link, language=lang, **meta)
                continue
            page = fetcher.get(link)
            html = decode(page.body, source=link, declared=page.charset)
            rec = from_html(html, source=link, url=page.url, **meta)
            rec.language = rec.language or lang
            yield rec
        except FetchError as exc:
            yield Failure.of(exc, where)
        except MarsadError as exc:
            yield Failure.of(exc, where)
