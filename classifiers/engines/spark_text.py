"""Spark frames in the engine's shape: every text-like column stacked into (b, c, r, v).

`b` is the batch a row belongs to, `c` the column's index, `r` the row's index in the table
(contiguous from 0, in read order) and `v` the value, cleaned as the Polars engine cleans it
(whitespace stripped, null tokens dropped). Per-value facts the engine needs travel with it:
`n` (characters) and `d` (digits).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from classifiers.engines.options import NULL_TOKENS
from classifiers.engines.polars_engine import _as_text
from classifiers.engines.spark_regex import java_regex

# Rust's char::is_whitespace (Unicode White_Space), which Polars' strip_chars() strips.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
DIGIT = r"\d"
_INDEX_BITS = 33  # monotonically_increasing_id(): partition id above bit 33, position below


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the table as the Polars engine would see it."""

    name: str
    dtype: str  # the Polars dtype's name, as evidence records it
    textual: bool  # a string column: NER reads it
    temporal: bool
    text: bool  # has a text form that recognizers read


def polars_info(series: pl.Series) -> ColumnInfo:
    return ColumnInfo(series.name, str(series.dtype), series.dtype == pl.String,
                      series.dtype.is_temporal(), _as_text(series) is not None)  # fmt: skip


def wide_from_polars(spark: SparkSession, frame: pl.DataFrame) -> DataFrame:
    """A Polars batch as a Spark frame (b, r, t0, t1, ...): the text form of each column, made
    by the Polars engine's own function, so both engines start from the same strings."""
    arrays: dict[str, pa.Array] = {"r": pa.array(range(frame.height), pa.int64())}
    for index, series in enumerate(frame.get_columns()):
        text = _as_text(series)
        if text is not None:
            arrays[f"t{index}"] = text.to_arrow().cast(pa.string())
    wide = spark.createDataFrame(pa.table(arrays))
    return wide.withColumn("b", F.lit(0))


def stack(wide: DataFrame, columns: list[int]) -> DataFrame:
    """(b, c, r, v, n, d) for the non-null, non-placeholder values of the given columns."""
    pairs = [F.struct(F.lit(c).alias("c"), F.col(f"t{c}").alias("v")) for c in columns]
    long = wide.select("b", "r", F.inline(F.array(*pairs)))
    value = F.btrim(F.col("v"), F.lit(WHITESPACE))
    long = long.select("b", "c", "r", value.alias("v"))
    long = long.filter(F.col("v").isNotNull() & ~F.lower("v").isin(*NULL_TOKENS))
    length = F.length("v")
    digits = length - F.length(F.regexp_replace("v", java_regex(DIGIT), ""))
    return long.select("b", "c", "r", "v", length.alias("n"), digits.alias("d"))


# --- Spark-native frames ---------------------------------------------------------------------


def _flat(
    schema: T.StructType, prefix: str = "", parent: Column | None = None
) -> list[tuple[str, Column, T.DataType]]:
    """Struct fields become dotted columns, as the Polars readers flatten records."""
    out = []
    for field in schema.fields:
        name = f"{prefix}.{field.name}" if prefix else field.name
        column = parent.getField(field.name) if parent is not None else F.col(f"`{field.name}`")
        if isinstance(field.dataType, T.StructType) and field.dataType.fields:
            out.extend(_flat(field.dataType, name, column))
        else:
            out.append((name, column, field.dataType))
    return out


_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_NESTED = (T.ArrayType, T.MapType, T.StructType)
_POLARS_NAMES = {
    T.StringType: "String", T.ByteType: "Int8", T.ShortType: "Int16", T.IntegerType: "Int32",
    T.LongType: "Int64", T.FloatType: "Float32", T.DoubleType: "Float64",
    T.BooleanType: "Boolean", T.DateType: "Date", T.BinaryType: "Binary",
    T.TimestampType: "Datetime(time_unit='us', time_zone='UTC')",
    T.TimestampNTZType: "Datetime(time_unit='us', time_zone=None)",
}  # fmt: skip
_TEMPORAL = (T.DateType, T.TimestampType, T.TimestampNTZType, T.DayTimeIntervalType)


def _spark_info(name: str, dtype: T.DataType) -> ColumnInfo:
    """Lists and maps are JSON text, as the Polars readers make them."""
    if isinstance(dtype, _NESTED):
        return ColumnInfo(name, "String", True, False, True)
    polars_name = _POLARS_NAMES.get(type(dtype), type(dtype).__name__.removesuffix("Type"))
    text = isinstance(dtype, (T.StringType, *_INTEGRAL))
    temporal = isinstance(dtype, _TEMPORAL)
    return ColumnInfo(name, polars_name, isinstance(dtype, T.StringType), temporal, text)


def _text_of(column: Column, dtype: T.DataType) -> Column:
    if isinstance(dtype, _NESTED):
        return F.to_json(column)
    return column.cast("string")


def indexed(frame: DataFrame, column: str = "r") -> tuple[DataFrame, int]:
    """The frame with `column`, each row's index in partition order (contiguous from 0), and
    the row count. Deterministic when the frame's partitions are (a file read is)."""
    ids = frame.withColumn("__warden_id", F.monotonically_increasing_id())
    part = F.shiftright("__warden_id", _INDEX_BITS)
    counts = sorted(ids.groupBy(part.alias("p")).count().collect())
    offsets, total = {}, 0
    for p, count in counts:
        offsets[p] = total
        total += count
    if not offsets:
        return ids.withColumn(column, F.lit(0).cast("long")).drop("__warden_id"), 0
    start = F.create_map(*[F.lit(x) for p, o in offsets.items() for x in (p, o)])
    local = F.col("__warden_id").bitwiseAND(F.lit((1 << _INDEX_BITS) - 1))
    return ids.withColumn(column, F.element_at(start, part) + local).drop("__warden_id"), total


def wide_from_spark(frame: DataFrame, batch_rows: int) -> tuple[DataFrame, list[ColumnInfo], int]:
    """A Spark frame as (b, r, t0, t1, ..., o0, o1, ...): text forms of text-like columns and
    non-null markers of every column; with its columns and row count."""
    flat = _flat(frame.schema)
    infos = [_spark_info(name, dtype) for name, _, dtype in flat]
    selected = [col.alias(f"o{i}") for i, (_, col, _) in enumerate(flat)]
    rows, total = indexed(frame.select(*selected))
    texts = [
        _text_of(F.col(f"o{i}"), dtype).alias(f"t{i}")
        for i, (_, _, dtype) in enumerate(flat)
        if infos[i].text
    ]
    present = [F.col(f"o{i}").isNotNull().alias(f"o{i}") for i in range(len(flat))]
    batch = (F.col("r") / F.lit(batch_rows)).cast("long").cast("int").alias("b")
    return rows.select(batch, "r", *texts, *present), infos, total
