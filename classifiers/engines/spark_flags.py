"""Spark SQL for the stacked values: column statistics, row cut-offs and prefilter flags.

Each expression restates a Polars expression of the Polars engine with its regexes translated
by `java_regex`; the per-column plans themselves come from `recognizers_for`, unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from classifiers.engines.assemble import ColumnStats
from classifiers.engines.dates import TRUNK_DIGITS, date_regex
from classifiers.engines.polars_engine import PLAIN_WORD, PROSE_WORDS
from classifiers.engines.spark_executor import BITS
from classifiers.engines.spark_regex import java_regex
from classifiers.recognizers.registry import Registry
from classifiers.recognizers.widen import SHAPE_FROM, SHAPE_TO

SPACES, ONLY_DIGITS = r"\s+", r"^[0-9]+$"
Key = tuple[int, int]  # (batch, column)


def column_stats(stacked: DataFrame) -> dict[Key, ColumnStats]:
    """Per batch and column: the Polars engine's `_stats`."""
    spaced = F.regexp_replace("v", java_regex(SPACES), "  ")
    words = F.regexp_count(spaced, F.lit(java_regex(PLAIN_WORD)))
    rows = stacked.groupBy("b", "c").agg(
        F.count("*").alias("values"),
        F.sum("n").alias("chars"),
        F.max("n").alias("max_len"),
        F.max("d").alias("max_digits"),
        F.sum((words >= PROSE_WORDS).cast("long")).alias("prose"),
        F.sum(F.col("v").rlike(java_regex(ONLY_DIGITS)).cast("long")).alias("digits_only"),
        F.sum(F.col("v").rlike(java_regex(date_regex())).cast("long")).alias("dates"),
        F.sum(
            (F.col("v").rlike(java_regex(date_regex())) & F.col("v").contains(":")).cast("long")
        ).alias("timed_dates"),
        F.sum(F.col("v").rlike(java_regex(TRUNK_DIGITS)).cast("long")).alias("trunk_digits"),
    )
    fields = list(ColumnStats.__annotations__)
    return {
        (row["b"], row["c"]): ColumnStats(**{k: int(row[k] or 0) for k in fields})
        for row in rows.collect()
    }


def cutoffs(
    stacked: DataFrame, wanted: Mapping[Key, int], nulls: Mapping[Key, int],
    starts: Mapping[int, int],
) -> dict[Key, int]:  # fmt: skip
    """The row index of the k-th value of each (batch, column) asked for (k = wanted[key]):
    rows up to it are the column's first k values. Rows are numbered from starts[batch], so a
    column without nulls (or placeholders) needs no Spark job."""
    found: dict[Key, int] = {}
    search = []
    for (b, c), k in wanted.items():
        if nulls[(b, c)] == 0:
            found[(b, c)] = starts[b] + k - 1
        else:  # the k-th value lies within the first k + nulls rows of the batch
            search.append((b, c, k, starts[b] + k + nulls[(b, c)] - 1))
    if search:
        limits = stacked.sparkSession.createDataFrame(search, "b int, c int, k long, last long")
        ranked = (
            stacked.join(F.broadcast(limits), ["b", "c"])
            .filter(F.col("r") <= F.col("last"))
            .withColumn("rank", F.row_number().over(Window.partitionBy("b", "c").orderBy("r")))
            .filter(F.col("rank") == F.col("k"))
        )
        found.update(
            {(row["b"], row["c"]): row["r"] for row in ranked.select("b", "c", "r").collect()}
        )
    return found


def mask_words(
    names: Sequence[str], everywhere: Mapping[Key, frozenset[str]]
) -> dict[Key, list[int]]:
    """Per (batch, column): the plan's `everywhere` recognizers as mask words."""
    words = -(-len(names) // BITS)
    out = {}
    for key, chosen in everywhere.items():
        masks = [0] * words
        for i, name in enumerate(names):
            if name in chosen:
                masks[i // BITS] |= 1 << (i % BITS)
        out[key] = masks
    return out


def _literal(text: str) -> str:
    """A Spark SQL string literal (backslash escapes, the parser's default)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def shape(value: Column) -> Column:
    """`widen.shape_of` in Spark SQL: ASCII digits to `0`, ASCII letters to `a`."""
    return F.translate(value, SHAPE_FROM, SHAPE_TO)


def prefilter_masks(registry: Registry, names: Sequence[str]) -> list[Column]:
    """One long per 62 recognizers (`m{j}`): bit i set when the widened form of a prefilter
    of recognizer i matches the value's shape `s`, as the Polars engine flags values (the
    widened form matches the shape of every value the prefilter matches, and has the same
    length, digit and punctuation bounds). A prefilter is only tried on shapes long enough,
    with enough digits (`n`, `d`) and holding the punctuation any of its matches holds (the
    `@` of an email): the plans' bounds, applied per shape. Written as SQL text: one
    expression per word is far quicker to build and analyse than thousands of Column objects."""
    regexes: dict[str, list[str]] = defaultdict(list)
    for spec in registry.specs:
        for f in spec.prefilters:
            marks = "".join(f"instr(s, {_literal(m)}) > 0 AND " for m in sorted(f.marks))
            regexes[spec.name].append(
                f"(n >= {f.min_len} AND d >= {f.min_digits} AND {marks}"
                f"s RLIKE {_literal(java_regex(f.shape))})"
            )
    words = []
    for j in range(-(-len(names) // BITS)):
        bits = [
            f"CASE WHEN {' OR '.join(regexes[name])} THEN {1 << i}L ELSE 0L END"
            for i, name in enumerate(names[j * BITS : (j + 1) * BITS])
            if regexes[name]
        ]
        words.append(F.expr(" + ".join(bits) or "0L").alias(f"m{j}"))
    return words


def candidate_groups(
    stacked: DataFrame, context: DataFrame, masks: Sequence[Column], parts: int
) -> DataFrame:
    """Distinct values per (batch, column) that some recognizer flagged, or that NER samples,
    with the rows flagged, the first row, whether NER samples it, and the flags (`m{j}`).

    The prefilters run once per distinct shape, not per row. A recognizer that reads every
    row of the column (bit in `e{j}`) flags all rows of a value it matches; one that reads
    only the first rows (up to `cut_weak`) flags those of them that hold the value. So a
    value's flagged rows are all its rows, or its rows in that window, or none."""
    words = len(masks)
    kept = ["b", "c", "v", "total", "windowed", "first", "cut_ner"]
    context = F.broadcast(context)
    values = (
        stacked.join(context, ["b", "c"])
        .groupBy("b", "c", "v")
        .agg(
            F.count("*").alias("total"),
            F.sum((F.col("r") <= F.col("cut_weak")).cast("long")).alias("windowed"),
            F.min("r").alias("first"),
            F.max("n").alias("n"),
            F.max("d").alias("d"),
        )
        .withColumn("s", shape(F.col("v")))
    )
    # The regexes run once per distinct shape (a shape has its values' length, digits and
    # punctuation, so the bounds hold there too): the costly part, spread over every core.
    shaped = (
        values.select("b", "c", "s", "n", "d")
        .dropDuplicates(["b", "c", "s"])
        .repartition(parts)
        .select("b", "c", "s", *masks)
    )
    values = (
        values.join(shaped, ["b", "c", "s"])
        .join(context, ["b", "c"])
        .select(*kept, *(f"e{j}" for j in range(words)), *(f"m{j}" for j in range(words)))
    )
    every = [F.col(f"m{j}").bitwiseAND(F.col(f"e{j}")) for j in range(words)]
    window = [F.col(f"m{j}").bitwiseAND(F.bitwise_not(F.col(f"e{j}"))) for j in range(words)]
    read_window = F.col("windowed") > 0
    flags = [(e.bitwiseOR(F.when(read_window, w).otherwise(0))).alias(f"m{j}")
             for j, (e, w) in enumerate(zip(every, window, strict=True))]  # fmt: skip
    rows = (
        F.when(_any_set(every), F.col("total"))
        .when(_any_set(window), F.col("windowed"))
        .otherwise(0)
    )
    ner = F.col("first") <= F.col("cut_ner")
    out = values.select("b", "c", "v", rows.alias("rows"), "first", ner.alias("head"), *flags)
    return out.filter(_any_set([F.col(f"m{j}") for j in range(words)]) | F.col("head"))


def _any_set(words: Sequence[Column]) -> Column:
    found = F.lit(False)
    for word in words:
        found = found | (word != 0)
    return found
