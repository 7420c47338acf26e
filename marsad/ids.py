"""Stable identifiers: a document's id comes from its URL or, failing that, its text."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 of the text (hex), the article's content identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str, *, url: str | None = None) -> str:
    basis = url.strip() if url and url.strip() else text
    return "doc-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
