"""Reading objects straight into Spark: local paths, or abfss:// with the hadoop-azure connector.

Columns come out as the Polars readers make them where Spark allows: CSV types are inferred
but dates and times stay text (Polars does not parse them either), struct fields become dotted
columns (in the engine), and a document is one row per paragraph or ~1,000-character chunk.
Sample mode keeps `max_rows` rows chosen by a seeded hash of each row's position, so the same
file gives the same sample on any cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from classifiers.engines.spark_text import indexed
from classifiers.model import DataFormat
from classifiers.readers import ReadError, RowCheck, Sampling
from classifiers.readers.csv_rows import HEADER_PROBE, column_names, head_records
from classifiers.readers.documents import _chunked, _paragraphs

SAMPLE_SEED = 20240601
_POSITION = "__warden_position"
_TEMPORAL = (T.DateType, T.TimestampType, T.TimestampNTZType)


def read_spark(
    spark: SparkSession, path: str, fmt: str, sampling: Sampling | None = None,
    seed: int = SAMPLE_SEED, first_row_is_data: RowCheck | None = None,
) -> DataFrame:  # fmt: skip
    """A Spark frame of the object at `path` (a file, folder or glob), sampled as asked.
    `first_row_is_data` (`scan.headerless_check(registry)`) tells CSV and TSV files without
    a header row, as Warden's readers tell them: their columns are column_1, column_2..."""
    sampling = sampling or Sampling()
    frame = _load(spark, path, fmt, first_row_is_data)
    return frame if sampling.full else sample_rows(frame, sampling.max_rows, seed)


def _load(spark: SparkSession, path: str, fmt: str, check: RowCheck | None) -> DataFrame:
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        return _delimited(spark, path, "\t" if fmt == DataFormat.TSV else ",", check)
    if fmt == DataFormat.PARQUET:
        return spark.read.parquet(path)
    if fmt in (DataFormat.JSON, DataFormat.JSONL):
        return spark.read.json(path, multiLine=fmt == DataFormat.JSON)
    if fmt in DataFormat.DOCUMENT:
        return _document(spark, path)
    raise ReadError(f"the Spark engine does not read {fmt!r}")


def _delimited(spark: SparkSession, path: str, sep: str, check: RowCheck | None) -> DataFrame:
    """RFC 4180 quoting (quoted line breaks, doubled quotes); dates and times left as text.
    A file whose first records `check` finds to be data has no header row."""
    headerless = check is not None and check(_head_records(spark, path, sep))
    reader = spark.read.options(header=not headerless, sep=sep, quote='"', escape='"',
                                multiLine=True, encoding="UTF-8")  # fmt: skip
    inferred = reader.options(inferSchema=True).csv(path).schema
    names = column_names(len(inferred.fields)) if headerless else inferred.names
    schema = T.StructType([
        T.StructField(name, T.StringType() if isinstance(f.dataType, _TEMPORAL) else f.dataType)
        for name, f in zip(names, inferred.fields, strict=True)
    ])  # fmt: skip
    return reader.schema(schema).csv(path)


def _head_records(spark: SparkSession, path: str, sep: str) -> list[list[str]]:
    """The first records of the (first) file, as Warden's readers take them from its head."""
    lines = [row.value for row in spark.read.text(path).limit(HEADER_PROBE + 1).collect()]
    head = "".join(line + "\n" for line in lines).removeprefix("\ufeff").encode("utf-8")
    return head_records(head, sep, whole=len(lines) <= HEADER_PROBE)


def _chunks(texts: Iterator[list[str]]) -> Iterator[list[str]]:
    for text in texts:
        yield list(_chunked(_paragraphs(iter([text[0].removeprefix("\ufeff")]))))


def _document(spark: SparkSession, path: str) -> DataFrame:
    """One row per chunk, cut by the Polars document reader's own paragraph and chunk rules."""
    whole = spark.read.text(path, wholetext=True)
    split = F.udf(lambda text: next(_chunks(iter([[text]]))), T.ArrayType(T.StringType()))
    return whole.select(F.explode(split("value")).alias("content"))


def sample_rows(frame: DataFrame, rows: int, seed: int) -> DataFrame:
    """`rows` rows picked by a seeded hash of their position, kept in read order."""
    numbered, total = indexed(frame, _POSITION)
    if total <= rows:
        return frame
    chosen = numbered.orderBy(F.xxhash64(_POSITION, F.lit(seed)), _POSITION).limit(rows)
    return chosen.orderBy(_POSITION).drop(_POSITION)
