"""Small date helpers shared by the CLI, ingest and the time stage."""

from __future__ import annotations

import datetime as dt
import re

from marsad.errors import BadDateError


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[ T])")


def check_date(value: str | dt.date | dt.datetime) -> str:
    """Return ``YYYY-MM-DD`` for a date given as text or date; raise :class:`BadDateError`.

    Accepts ``YYYY-MM-DD`` and ISO date-times (``2015-07-21 10:00:00``, ``2015-07-21T10:00Z``),
    of which the date is kept.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise BadDateError("publication date must be a string YYYY-MM-DD", value=value)
    text = value.strip()
    if not _DATE_RE.match(text):
        raise BadDateError("not a date (expected YYYY-MM-DD)", value=value)
    head = text[:10]
    try:
        day = dt.date.fromisoformat(head)
    except ValueError as exc:
        raise BadDateError("not a date (expected YYYY-MM-DD)", value=value) from exc
    rest = text[10:]
    if rest and rest[0] not in " T":
        raise BadDateError("not a date (expected YYYY-MM-DD)", value=value)
    if rest:
        try:
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise BadDateError("not a date-time", value=value) from exc
    return day.isoformat()
