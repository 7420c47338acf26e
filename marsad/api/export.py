"""``GET /api/export``: the filtered events as a download, in the store's export formats
(``marsad export``: the same CSV columns, JSON Lines objects and GDELT 2.0 rows), produced in
pages so that a large corpus streams."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from marsad.api.queries.events import EventFilters, store_filter
from marsad.api.store import ApiStore
from marsad.store.export import ACLED_COLUMNS, CSV_COLUMNS, acled_row, csv_row, gdelt_row
from marsad.store.queries import EventFilter, event_objects

PAGE = 500


def _store_filter(f: EventFilters, *, offset: int) -> EventFilter:
    return store_filter(f, limit=PAGE, offset=offset)


def _pages(store: ApiStore, filters: EventFilters) -> Iterator[list[dict[str, Any]]]:
    offset = 0
    while True:
        batch = event_objects(store.store, _store_filter(filters, offset=offset))
        if not batch:
            return
        yield batch
        if len(batch) < PAGE:
            return
        offset += PAGE


def _csv(
    store: ApiStore, filters: EventFilters, *, columns: list[str] = CSV_COLUMNS, row: Any = csv_row
) -> Iterator[bytes]:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=columns).writeheader()
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets then read the Arabic right
    for batch in _pages(store, filters):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns)
        for ev in batch:
            writer.writerow(row(ev))
        yield buf.getvalue().encode("utf-8")


def _jsonl(store: ApiStore, filters: EventFilters) -> Iterator[bytes]:
    for batch in _pages(store, filters):
        yield "".join(json.dumps(ev, ensure_ascii=False) + "\n" for ev in batch).encode("utf-8")


def _clean(v: Any) -> Any:
    return v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v


def _gdelt(store: ApiStore, filters: EventFilters) -> Iterator[bytes]:
    added = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    for batch in _pages(store, filters):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        for ev in batch:
            writer.writerow([_clean(v) for v in gdelt_row(ev, added=added)])
        yield buf.getvalue().encode("utf-8")


def export_stream(store: ApiStore, *, filters: EventFilters, fmt: str) -> tuple[str, str, Iterator[bytes]]:
    """(media type, file name, body chunks) of an export."""
    if fmt == "csv":
        return "text/csv; charset=utf-8", "marsad-events.csv", _csv(store, filters)
    if fmt == "acled":
        return "text/csv; charset=utf-8", "marsad-events.acled.csv", _csv(
            store, filters, columns=ACLED_COLUMNS, row=acled_row
        )
    if fmt == "jsonl":
        return "application/x-ndjson", "marsad-events.jsonl", _jsonl(store, filters)
    return "text/tab-separated-values; charset=utf-8", "marsad-events.gdelt.tsv", _gdelt(store, filters)
