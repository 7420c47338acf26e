"""Cursors and pages shared by the list queries."""

from __future__ import annotations

import base64
import json
from typing import Any

from marsad.errors import BadQueryError

MAX_LIMIT = 500


def clamp_limit(limit: int) -> int:
    if limit < 1:
        raise BadQueryError("limit must be at least 1", value=limit)
    return min(limit, MAX_LIMIT)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, *, size: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError) as exc:
        raise BadQueryError("not a cursor from this API", value=cursor) from exc
    if not isinstance(values, list) or len(values) != size:
        raise BadQueryError("not a cursor from this API", value=cursor)
    return values


def page(items: list[dict[str, Any]], *, next_cursor: str | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"items": items, "next_cursor": next_cursor}
    out.update(extra)
    return out


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped (escape char \\)."""
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"
