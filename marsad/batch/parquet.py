"""Writing the batch tables as Parquet with pyarrow (the local engine).

The layout is the one Spark writes: ``OUTPUT/<table>/part-NNNNN.parquet`` for each table, so
``pyarrow.parquet.read_table(OUTPUT / "events")`` (or ``spark.read.parquet``) reads the output
of either engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.batch.records import TABLES, Column, Row, Rows

ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
}


def arrow_schema(columns: tuple[Column, ...]) -> pa.Schema:
    return pa.schema([pa.field(name, ARROW_TYPES[kind]) for name, kind in columns])


def arrow_table(name: str, rows: list[Row]) -> pa.Table:
    cols = TABLES[name]
    data = {c: [r[i] for r in rows] for i, (c, _) in enumerate(cols)}
    return pa.Table.from_pydict(data, schema=arrow_schema(cols))


class TableWriter:
    """One Parquet file per table, appended to in row groups as chunks of rows arrive."""

    def __init__(self, output: Path, *, part: int = 0, compression: str = "zstd") -> None:
        self.output = output
        self.part = part
        self.compression = compression
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = {name: 0 for name in TABLES}

    def write(self, rows: Rows) -> None:
        for name in TABLES:
            chunk = rows.table(name)
            if not chunk:
                continue
            writer = self._writer(name)
            writer.write_table(arrow_table(name, chunk))
            self.counts[name] += len(chunk)

    def _writer(self, name: str) -> pq.ParquetWriter:
        w = self._writers.get(name)
        if w is None:
            folder = self.output / name
            folder.mkdir(parents=True, exist_ok=True)
            w = pq.ParquetWriter(
                folder / f"part-{self.part:05d}.parquet", arrow_schema(TABLES[name]), compression=self.compression
            )
            self._writers[name] = w
        return w

    def close(self) -> None:
        # every table gets a file, even an empty one, so readers always find the schema
        for name in TABLES:
            self._writer(name)
        for w in self._writers.values():
            w.close()
        self._writers.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_table(output: str | Path, name: str) -> pa.Table:
    """A batch table written by either engine."""
    return pq.read_table(Path(output) / name, schema=arrow_schema(TABLES[name]))
