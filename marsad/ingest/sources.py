"""``iter_sources(["a.zip", "folder/", "https://…/feed.xml", "https://…/article"])`` -> records.

A URL is fetched politely (``marsad.ingest.web``); a feed fetched from a URL has its entries'
pages fetched too. Everything else is a file or folder (``marsad.ingest.files``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.errors import MarsadError
from marsad.ingest.decode import decode
from marsad.ingest.feeds import feed_records, looks_like_feed
from marsad.ingest.files import bytes_records, path_records
from marsad.ingest.html import looks_like_html
from marsad.ingest.records import Failure, Record, from_html
from marsad.ingest.web import Fetcher


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def url_records(url: str, *, fetcher: Fetcher) -> Iterator[Record | Failure]:
    try:
        page = fetcher.get(url)
        ctype = page.content_type.lower()
        if any(t in ctype for t in ("rss", "atom", "xml")) or looks_like_feed(page.body):
            yield from feed_records(page.body, source=url, fetcher=fetcher)
            return
        name = Path(page.url.split("?", 1)[0]).name
        if name.lower().endswith((".json", ".jsonl", ".csv", ".warc", ".warc.gz")):
            yield from bytes_records(page.body, name=name, source=url)
            return
        text = decode(page.body, source=url, declared=page.charset)
        if "html" in ctype or looks_like_html(text):
            yield from_html(text, source=url, url=page.url)
        else:
            yield Record(text=text, source=url, url=page.url)
    except MarsadError as exc:
        yield Failure.of(exc, url)


def iter_sources(sources: Iterable[str], *, fetcher: Fetcher | None = None) -> Iterator[Record | Failure]:
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for src in sources:
            if is_url(src):
                yield from url_records(src, fetcher=fetcher)
            else:
                yield from path_records(Path(src))
    finally:
        if own:
            fetcher.close()
