"""``marsad batch --engine spark``: the batch on Apache Spark (local mode or a cluster).

Input is read with Spark's own readers, so any Hadoop filesystem URI works (``file://``,
``hdfs://``, ``s3a://``, ``gs://`` ... given the connector on the classpath):

* JSON Lines with ``spark.read.json`` (an explicit all-string schema; malformed lines land in
  ``_corrupt_record`` and are skipped with a message);
* Parquet with ``spark.read.parquet`` (the columns of either record shape that exist);
* SaudiNewsNet zips and WARC files with ``sparkContext.binaryFiles`` (one whole file per record,
  parsed by the same functions as the local reader).

The records are spread over ``partitions`` partitions and analysed with ``mapPartitions``: each
Python worker builds the pipeline once (``marsad.batch.work``). The result of each record is one
row with an array of rows per table; it is persisted and each table is written with ``explode``,
so the pipeline runs once per record.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.batch.inputs import BYTES_PARSERS, RawItem
from marsad.batch.local import BatchResult
from marsad.batch.records import TABLES
from marsad.batch.work import analyse_items
from marsad.errors import BadRecordError, BatchError, EngineUnavailableError

INPUT_FIELDS: tuple[str, ...] = (
    "id", "text", "published", "outlet", "url", "title",  # the contract's batch lines
    "content", "source", "date_extracted", "author",  # SaudiNewsNet
)
CORRUPT = "_corrupt_record"


def spark_available() -> str | None:
    """None if Spark can run here, else why not."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'marsad[spark]')"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "java is not installed (Spark needs Java 17)"
    return None


def session(
    *, master: str | None = None, partitions: int | None = None, driver_memory: str | None = None,
    app_name: str = "marsad-batch",
) -> Any:
    """A SparkSession; ``master`` None keeps what spark-submit set (else ``local[*]``)."""
    why = spark_available()
    if why:
        raise EngineUnavailableError(f"--engine spark cannot run: {why}; use --engine local")
    from pyspark.sql import SparkSession

    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # launched by spark-submit
    if (master or "").startswith("local") or (master is None and not under_submit):
        # local mode: Python workers must be this interpreter (it has marsad installed); under
        # spark-submit on a cluster spark.pyspark.python / PYSPARK_PYTHON say where it is
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _schema() -> Any:
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(f, StringType(), True) for f in (*INPUT_FIELDS, CORRUPT)])


def _row_item(row: Any) -> RawItem:
    rec = {k: v for k, v in row.asDict().items() if k not in ("_file", CORRUPT)}
    where = str(row["_file"] or "<spark>")
    if CORRUPT in row.asDict() and row[CORRUPT] is not None:
        return where, BadRecordError("malformed JSON line", value=str(row[CORRUPT])[:80], source=where)
    return where, rec


def _bytes_items(pair: tuple[str, bytes], fmt: str) -> Iterator[RawItem]:
    name, data = pair
    yield from BYTES_PARSERS[fmt](bytes(data), name=name)


def read_items(spark: Any, path: str, *, fmt: str, partitions: int | None = None) -> Any:
    """An RDD of raw items ``(where, record)`` from ``path``."""
    from pyspark.sql import functions as F

    if fmt == "jsonl":
        df = (
            spark.read.schema(_schema())
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .json(path)
            .withColumn("_file", F.input_file_name())
        )
        rdd = df.rdd.map(_row_item)
    elif fmt == "parquet":
        df = spark.read.parquet(path)
        cols = [F.col(c).cast("string").alias(c) for c in INPUT_FIELDS if c in df.columns]
        if not any(c in df.columns for c in ("text", "content")):
            raise BatchError('Parquet input needs a "text" (or "content") column', value=df.columns, source=path)
        rdd = df.select(*cols, F.input_file_name().alias("_file")).rdd.map(_row_item)
    elif fmt in ("zip", "warc"):
        rdd = spark.sparkContext.binaryFiles(path).flatMap(lambda pair: _bytes_items(pair, fmt))
    else:
        raise BatchError(f"unknown input format {fmt!r}", source=path)
    want = partitions or spark.sparkContext.defaultParallelism
    if partitions or rdd.getNumPartitions() < want:
        # spread the records: a single JSONL file or a few zips would otherwise be one task each
        rdd = rdd.repartition(want)
    return rdd


def _result_schema() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    kinds = {"str": StringType(), "int": LongType(), "float": DoubleType(), "bool": BooleanType()}
    return StructType([
        StructField(
            name,
            ArrayType(StructType([StructField(c, kinds[k], True) for c, k in cols]), containsNull=False),
            False,
        )
        for name, cols in TABLES.items()
    ])


def _analyse_partition(items: Iterable[RawItem], config: str | None, keep_json: bool) -> Iterator[tuple[Any, ...]]:
    for rows in analyse_items(items, config=config, keep_json=keep_json):
        yield tuple(rows.table(name) for name in TABLES)


def run_spark(
    input_path: str,
    output: str,
    *,
    fmt: str,
    master: str | None = None,
    partitions: int | None = None,
    config: str | None = None,
    keep_json: bool = True,
    overwrite: bool = False,
    db: str | None = None,
    db_schema: str | None = None,
    driver_memory: str | None = None,
    spark: Any = None,
) -> BatchResult:
    """Analyse ``input_path`` on Spark and write one Parquet folder per table under ``output``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    _check_local_output(output, overwrite=overwrite)
    spark = spark or session(master=master, partitions=partitions, driver_memory=driver_memory)
    t0 = time.perf_counter()
    items = read_items(spark, input_path, fmt=fmt, partitions=partitions)
    analysed = items.mapPartitions(lambda part: _analyse_partition(part, config, keep_json))
    df = spark.createDataFrame(analysed, schema=_result_schema(), verifySchema=False)
    df = df.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        sizes = df.select(*[F.sum(F.size(name)).alias(name) for name in TABLES]).first()
        counts = {name: int(sizes[name] or 0) for name in TABLES}
        mode = "overwrite" if overwrite else "errorifexists"
        for name in TABLES:
            table = df.select(F.explode(name).alias("r")).select("r.*")
            try:
                table.write.mode(mode).option("compression", "zstd").parquet(f"{output.rstrip('/')}/{name}")
            except Exception as exc:  # AnalysisException: the path exists
                if "already exists" in str(exc):
                    raise BatchError("output exists (use --overwrite)", source=f"{output}/{name}") from None
                raise
        if db:
            load_spark_tables(df, db, schema=db_schema)
    finally:
        df.unpersist()
    return BatchResult(
        engine=f"spark[{spark.sparkContext.master}]", output=output,
        seconds=time.perf_counter() - t0, counts=counts,
    )


def _check_local_output(output: str, *, overwrite: bool) -> None:
    """Refuse an existing local output before starting Spark (a URI is checked by Spark)."""
    if overwrite or "://" in output.removeprefix("file://"):
        return
    folder = Path(output.removeprefix("file://"))
    for name in TABLES:
        if (folder / name).exists():
            raise BatchError("output exists (use --overwrite)", source=str(folder / name))


def load_spark_tables(df: Any, db: str, *, schema: str | None = None) -> None:
    """COPY each table into PostgreSQL from the executors, one transaction per partition."""
    from pyspark.sql import functions as F

    from marsad.batch.pgload import copy_rows, create_tables

    create_tables(db, schema=schema)
    for name in TABLES:
        table = df.select(F.explode(name).alias("r")).select("r.*")

        def load(rows: Iterable[Any], name: str = name) -> None:
            copy_rows(db, name, (tuple(r) for r in rows), schema=schema)

        table.foreachPartition(load)
