"""``marsad batch --engine local``: the batch on one machine with multiprocessing.

The main process reads the input and writes the Parquet tables; ``workers`` processes analyse
chunks of records, each building the pipeline once (``marsad.batch.work``). With one worker the
analysis runs in the main process.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import shutil
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.pool import AsyncResult
from pathlib import Path

from marsad.batch.inputs import RawItem, read_local
from marsad.batch.parquet import TableWriter
from marsad.batch.records import TABLES, Rows
from marsad.batch.work import analyse_chunk, pipeline_for
from marsad.errors import BatchError

CHUNK = 32  # records per task: small enough to balance, large enough to amortize pickling
IN_FLIGHT = 4  # chunks per worker read ahead of the writer: memory stays bounded on any input


@dataclass(slots=True)
class BatchResult:
    engine: str
    output: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)  # rows per table

    @property
    def documents(self) -> int:
        return self.counts.get("documents", 0)

    @property
    def skipped(self) -> int:
        return self.counts.get("skipped", 0)


def prepare_output(output: Path, *, overwrite: bool) -> None:
    if output.exists() and any(output.iterdir()):
        if not overwrite:
            raise BatchError("output folder exists and is not empty (use --overwrite)", source=str(output))
        for name in TABLES:
            shutil.rmtree(output / name, ignore_errors=True)
    output.mkdir(parents=True, exist_ok=True)


def _chunks(items: Iterable[RawItem], size: int) -> Iterator[list[RawItem]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_local(
    items: Iterable[RawItem],
    output: str | Path,
    *,
    workers: int = 1,
    config: str | None = None,
    keep_json: bool = True,
    overwrite: bool = False,
    chunk: int = CHUNK,
) -> BatchResult:
    """Analyse ``items`` with ``workers`` processes and write the tables under ``output``."""
    out = Path(output)
    prepare_output(out, overwrite=overwrite)
    t0 = time.perf_counter()
    task = partial(analyse_chunk, config=config, keep_json=keep_json)
    with TableWriter(out) as writer:
        if workers <= 1:
            pipeline_for(config)
            for part in _chunks(items, chunk):
                writer.write(task(part))
        else:
            ctx = mp.get_context("forkserver")
            with ctx.Pool(workers) as pool:
                # a bounded window of chunks in flight (Pool.imap would read the whole input ahead)
                pending: deque[AsyncResult[Rows]] = deque()
                for part in _chunks(items, chunk):
                    pending.append(pool.apply_async(task, (part,)))
                    if len(pending) >= IN_FLIGHT * workers:
                        writer.write(pending.popleft().get())
                while pending:
                    writer.write(pending.popleft().get())
        counts = dict(writer.counts)
    return BatchResult(engine=f"local[{workers}]", output=str(out), seconds=time.perf_counter() - t0, counts=counts)


def run_local_path(
    input_path: str,
    output: str | Path,
    *,
    fmt: str,
    workers: int = 1,
    config: str | None = None,
    keep_json: bool = True,
    overwrite: bool = False,
) -> BatchResult:
    """:func:`run_local` over the local files of ``input_path``."""
    return run_local(
        read_local(input_path, fmt=fmt), output, workers=workers, config=config,
        keep_json=keep_json, overwrite=overwrite,
    )
