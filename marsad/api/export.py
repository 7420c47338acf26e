"""``GET /api/export``: the filtered events as a download, produced in chunks."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from marsad.api.queries.events import EventFilters, all_events, serialize_events
from marsad.api.store import ApiStore

CSV_COLUMNS = (
    "id", "date", "cameo", "root", "plover", "status", "source", "source_en", "target", "target_en",
    "location", "place_en", "lat", "lon", "country", "summary_en", "goldstein", "confidence",
    "fatalities", "injured", "num_articles", "num_sources", "outlets", "urls",
)
BATCH = 200


def _names(actors: list[dict[str, Any]], key: str) -> str:
    return "; ".join(str(a.get(key) or "") for a in actors if a.get(key))


def csv_row(ev: dict[str, Any]) -> list[Any]:
    place = ev.get("place") or {}
    reports = ev.get("reports") or []
    return [
        ev["id"], ev["date"], ev["cameo"], ev["root"], ev["plover"], ev["status"],
        _names(ev["source"], "name"), _names(ev["source"], "name_en"),
        _names(ev["target"], "name"), _names(ev["target"], "name_en"),
        ev["location"], place.get("name_en"), place.get("lat"), place.get("lon"), ev["country"],
        ev["summary_en"], ev["goldstein"], ev["confidence"], ev["fatalities"], ev["injured"],
        ev["num_articles"], ev["num_sources"],
        "; ".join(sorted({str(r["outlet"]) for r in reports if r.get("outlet")})),
        " ".join(str(r["url"]) for r in reports if r.get("url")),
    ]


def _event_batches(store: ApiStore, filters: EventFilters) -> Iterator[list[dict[str, Any]]]:
    with store.session() as s:
        rows = all_events(s, filters=filters, cap=100_000)
        for i in range(0, len(rows), BATCH):
            yield serialize_events(s, rows[i : i + BATCH])


def _csv(store: ApiStore, filters: EventFilters) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets then read Arabic right
    for batch in _event_batches(store, filters):
        buf = io.StringIO()
        writer = csv.writer(buf)
        for ev in batch:
            writer.writerow(csv_row(ev))
        yield buf.getvalue().encode("utf-8")


def _jsonl(store: ApiStore, filters: EventFilters) -> Iterator[bytes]:
    for batch in _event_batches(store, filters):
        yield "".join(json.dumps(ev, ensure_ascii=False) + "\n" for ev in batch).encode("utf-8")


def export_stream(store: ApiStore, *, filters: EventFilters, fmt: str) -> tuple[str, str, Iterator[bytes]]:
    """(media type, file name, body chunks) of an export."""
    if fmt == "csv":
        return "text/csv; charset=utf-8", "marsad-events.csv", _csv(store, filters)
    if fmt == "jsonl":
        return "application/x-ndjson", "marsad-events.jsonl", _jsonl(store, filters)
    from marsad.api.gdelt import gdelt_stream

    return "text/tab-separated-values; charset=utf-8", "marsad-events.gdelt.tsv", gdelt_stream(store, filters)
