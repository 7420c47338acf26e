"""The per-partition work of ``marsad batch``: raw items in, flat rows out.

The pipeline is built once per process (a Spark executor's Python worker, a multiprocessing
worker) and kept in a module-level cache keyed by the config path, so a partition of thousands of
articles pays for loading models once. A record that cannot be read or analysed is logged with
its location and the reason, becomes a row of the ``skipped`` table, and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from marsad.batch.inputs import RawItem, to_document
from marsad.batch.records import Rows, document_rows, skipped_row
from marsad.errors import MarsadError
from marsad.pipeline import Pipeline

log = logging.getLogger("marsad.batch")

_PIPELINES: dict[str, Pipeline] = {}


def pipeline_for(config: str | None = None) -> Pipeline:
    """The pipeline of ``config`` (default: the default config), built once per process."""
    key = config or ""
    pipe = _PIPELINES.get(key)
    if pipe is None:
        pipe = Pipeline.from_config(config) if config else Pipeline.from_config()
        _PIPELINES[key] = pipe
    return pipe


def analyse_item(item: RawItem, pipe: Pipeline, *, keep_json: bool = True) -> Rows:
    """The rows of one raw item: its analysis, or one ``skipped`` row saying why not."""
    where, rec = item
    if isinstance(rec, MarsadError):
        log.warning("marsad batch: %s (record skipped)", rec)
        return skipped_row(source=where, code=rec.code, reason=rec.message)
    try:
        doc = pipe(to_document(rec, where=where))
    except MarsadError as exc:
        if exc.source is None:
            exc.source = where
        log.warning("marsad batch: %s (record skipped)", exc)
        return skipped_row(source=where, code=exc.code, reason=exc.message)
    except Exception as exc:  # noqa: BLE001 -- a stage failing on one article must not stop the batch
        reason = f"{type(exc).__name__} in the pipeline: {exc}"
        log.warning("marsad batch: %s: [E000] %s (record skipped)", where, reason)
        return skipped_row(source=where, code="E000", reason=reason[:500])
    return document_rows(doc, source=where, keep_json=keep_json)


def analyse_items(
    items: Iterable[RawItem], *, config: str | None = None, keep_json: bool = True
) -> Iterator[Rows]:
    """Rows for each raw item, in order, with the pipeline of ``config`` built once."""
    pipe = pipeline_for(config)
    for item in items:
        yield analyse_item(item, pipe, keep_json=keep_json)


def analyse_chunk(items: list[RawItem], *, config: str | None = None, keep_json: bool = True) -> Rows:
    """All the rows of a list of raw items (a multiprocessing task)."""
    out = Rows.empty()
    for rows in analyse_items(items, config=config, keep_json=keep_json):
        out.extend(rows)
    return out
