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
from classifiers.readers import ReadError, Sampling
from classifiers.readers.documents import _chunked, _paragraphs

SAMPLE_SEED = 20240601
_POSITION = "__warden_position"
_TEMPORAL = (T.DateType, T.TimestampType, T.TimestampNTZType)


def read_spark(
    spark: SparkSession, path: str, fmt: str, sampling: Sampling | None = None,
    seed: int = SAMPLE_SEED,
) -> DataFrame:  # fmt: skip
    """A Spark frame of the object at `path` (a file, folder or glob), sampled as asked."""
    sampling = sampling or Sampling()
    frame = _load(spark, path, fmt)
    return frame if sampling.full else sample_rows(frame, sampling.max_rows, seed)


def _load(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        return _delimited(spark, path, "\t" if fmt == DataFormat.TSV else ",")
    if fmt == DataFormat.PARQUET:
        return spark.read.parquet(path)
    if fmt in (DataFormat.JSON, DataFormat.JSONL):
        return spark.read.json(path, multiLine=fmt == DataFormat.JSON)
    if fmt in DataFormat.DOCUMENT:
        return _document(spark, path)
    raise ReadError(f"the Spark engine does not read {fmt!r}")


def _delimited(spark: SparkSession, path: str, sep: str) -> DataFrame:
    """RFC 4180 quoting (quoted line breaks, doubled quotes); dates and times left as text."""
    reader = spark.read.options(header=True, sep=sep, quote='"', escape='"', multiLine=True,
                                encoding="UTF-8")  # fmt: skip
    inferred = reader.options(inferSchema=True).csv(path).schema
    schema = T.StructType([
        T.StructField(f.name, T.StringType() if isinstance(f.dataType, _TEMPORAL) else f.dataType)
        for f in inferred.fields
    ])  # fmt: skip
    return reader.schema(schema).csv(path)


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
