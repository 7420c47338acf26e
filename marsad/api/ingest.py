"""``POST /api/articles``: analyse one article and store it in the corpus, through the store
engineer's ingest (``marsad ingest``: dedup, versions, analysis, event merging, stories).

The article goes to the ingest as a one-line JSON Lines file, its documented input format.
Writes are serialized: one ingest at a time per server.
"""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.api.models import AnalyzeRequest
from marsad.api.store import ApiStore
from marsad.errors import InputError
from marsad.ids import content_hash
from marsad.ingest.runner import Ingest
from marsad.store.models import Article
from marsad.timeutil import check_date

_LOCK = threading.Lock()


def ingest_request(store: ApiStore, body: AnalyzeRequest) -> dict[str, Any]:
    if body.published:
        check_date(body.published)  # a bad date is the request's error, before any work
    record = {k: v for k, v in body.model_dump().items() if v is not None}
    with _LOCK, tempfile.TemporaryDirectory(prefix="marsad-api-") as tmp:
        path = Path(tmp) / "article.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        failures: list[str] = []
        summary = Ingest(store=store.store, log=failures.append).run([str(path)])
    if summary.failed and not (
        summary.new or summary.versions or summary.duplicate or summary.near_duplicate
    ):
        reason = failures[0] if failures else "the article could not be read"
        raise InputError(reason.split(": ", 1)[-1].removesuffix(" (failed)"))
    with store.session() as s:
        # the article row: by URL when there is one (a copy elsewhere gets its own row),
        # else the first article with this text (a copy without URL is not stored again)
        stmt = select(Article).where(Article.current.is_(True))
        if body.url and body.url.strip():
            stmt = stmt.where(Article.url == body.url.strip())
        else:
            stmt = stmt.where(Article.content_hash == content_hash(_stored_text(body)))
        art = s.scalars(stmt.order_by(Article.ingested_at, Article.id)).first()
    return {
        "id": art.id if art else None,
        "status": art.status if art else None,
        "duplicate_of": art.duplicate_of if art else None,
        "summary": summary.to_dict(),
    }


def _stored_text(body: AnalyzeRequest) -> str:
    """The text the ingest stores: the request text (HTML is extracted first)."""
    from marsad.ingest.html import extract_html, looks_like_html

    if looks_like_html(body.text):
        return extract_html(body.text, url=body.url, source="request").text
    return body.text
