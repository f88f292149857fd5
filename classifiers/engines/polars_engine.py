"""The Polars engine: a table in, mergeable evidence out. It counts; it never decides.

The text of every column of a batch is stacked into one long column, so each recognizer's
prefilter (a Rust regex) is compiled once per batch and runs over all columns in parallel; the
exact Presidio patterns and validators then run on the distinct candidates only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import polars as pl

from classifiers.engines.assemble import ColumnStats, column_evidence
from classifiers.engines.options import NULL_TOKENS, EngineOptions, Plan, recognizers_for
from classifiers.engines.tally import Candidate
from classifiers.evidence import ColumnEvidence, TableEvidence
from classifiers.nlp import NerEngine
from classifiers.recognizers.registry import Registry

PROSE_WORDS = 5  # a value with this many plain words or more reads as free text
# A plain word: letters only, maybe one trailing punctuation mark ("Mozilla/5.0" is not one).
PLAIN_WORD = r"(?:^|\s)\p{L}[\p{Ll}']*\p{Ll}[,.;:!?]?(?:\s|$)"


def _as_text(series: pl.Series) -> pl.Series | None:
    """The column as strings, or None for types no recognizer reads (bool, float, temporal)."""
    dtype = series.dtype
    if dtype == pl.String:
        return series
    if dtype.is_integer():
        return series.cast(pl.String)
    if dtype.is_nested() or dtype in (pl.Categorical, pl.Enum):
        return series.cast(pl.String, strict=False)
    return None


def _stack(frame: pl.DataFrame) -> pl.DataFrame:
    """(c, v): the cleaned, non-null text values of every text-like column, stacked."""
    parts = []
    for index, name in enumerate(frame.columns):
        text = _as_text(frame.get_column(name))
        if text is not None:
            parts.append(
                pl.DataFrame({"c": index, "v": text}, schema={"c": pl.Int32, "v": pl.String})
            )
    if not parts:
        return pl.DataFrame(schema={"c": pl.Int32, "v": pl.String})
    stacked = pl.concat(parts).with_columns(pl.col("v").str.strip_chars())
    return stacked.filter(
        pl.col("v").is_not_null() & ~pl.col("v").str.to_lowercase().is_in(NULL_TOKENS)
    )


def _stats(stacked: pl.DataFrame) -> dict[int, ColumnStats]:
    words = pl.col("v").str.replace_all(r"\s+", "  ").str.count_matches(PLAIN_WORD)
    table = stacked.group_by("c").agg(
        pl.len().alias("values"),
        pl.col("v").str.len_chars().sum().alias("chars"),
        pl.col("v").str.len_chars().max().alias("max_len"),
        pl.col("v").str.count_matches(r"\d").max().alias("max_digits"),
        (words >= PROSE_WORDS).sum().alias("prose"),
        pl.col("v").str.contains(r"^[0-9]+$").sum().alias("digits_only"),
    )
    return {row.pop("c"): ColumnStats(**{k: int(v or 0) for k, v in row.items()})
            for row in table.iter_rows(named=True)}  # fmt: skip


def _flags(plans: dict[int, Plan], limit: int) -> dict[str, pl.Expr]:
    """Per recognizer: one of its prefilters matches, in the columns (and rows) it reads."""
    patterns: dict[str, set[str]] = defaultdict(set)
    everywhere: dict[str, set[int]] = defaultdict(set)
    for column, plan in plans.items():
        for spec, regex in plan.prefilters:
            patterns[spec.name].add(regex)
            if spec.name in plan.everywhere:
                everywhere[spec.name].add(column)
    head = pl.int_range(pl.len()).over("c") < limit
    return {
        name: pl.any_horizontal([pl.col("v").str.contains(r) for r in sorted(regexes)])
        & (pl.col("c").is_in(sorted(everywhere[name])) | head)
        for name, regexes in patterns.items()
    }


_BITS = 62  # flags packed into Int64 words (the sign bit stays unused)


def _packed(flags: dict[str, pl.Expr]) -> list[pl.Expr]:
    """The recognizers' flags as bit masks: one group-by over two integers instead of a
    hundred booleans. A row's weak flags are a superset of another row's with the same value,
    so the largest mask of a value is the union of its rows' masks."""
    names = list(flags)
    return [
        pl.sum_horizontal(
            [flags[n].cast(pl.Int64) * (1 << bit) for bit, n in enumerate(names[w : w + _BITS])]
        ).alias(f"__m{w // _BITS}")
        for w in range(0, len(names), _BITS)
    ]


def _candidates(stacked: pl.DataFrame, flags: dict[str, pl.Expr]) -> dict[int, list[Candidate]]:
    if not flags:
        return {}
    names = list(flags)
    masks = _packed(flags)
    words = [f"__m{i}" for i in range(len(masks))]
    grouped = (
        stacked.lazy()
        .with_columns(masks)
        .filter(pl.any_horizontal([pl.col(w) != 0 for w in words]))
        .group_by("c", "v")
        .agg(pl.len().alias("__rows"), *(pl.col(w).max() for w in words))
        .collect()
    )
    decoded: dict[tuple[int, ...], tuple[str, ...]] = {}
    found: dict[int, list[Candidate]] = defaultdict(list)
    for column, value, rows, *mask in grouped.iter_rows():
        key = tuple(mask)
        if key not in decoded:
            decoded[key] = tuple(
                n for i, n in enumerate(names) if mask[i // _BITS] >> (i % _BITS) & 1
            )
        found[column].append(Candidate(value, rows, decoded[key]))
    return found


class PolarsEngine:
    """Computes evidence for Polars frames with one registry and one (optional) NER engine."""

    name = "polars"

    def __init__(self, registry: Registry, ner: NerEngine | None, options: EngineOptions) -> None:
        self.registry = registry
        self.ner = ner
        self.options = options

    def table_evidence(self, frame: pl.DataFrame) -> TableEvidence:
        stacked = _stack(frame)
        stats = _stats(stacked)
        plans = {
            c: recognizers_for(self.registry, frame.columns[c], s.max_len, s.max_digits,
                               s.free_text, self.options)
            for c, s in stats.items()
        }  # fmt: skip
        candidates = _candidates(stacked, _flags(plans, self.options.weak_rows))
        heads = self._ner_values(stacked)
        columns = {}
        for index, name in enumerate(frame.columns):
            series = frame.get_column(name)
            base = ColumnEvidence(
                column=name,
                dtype=str(series.dtype),
                rows=series.len(),
                non_null=series.len() - series.null_count(),
                temporal=series.dtype.is_temporal(),
            )
            if index in stats:
                base = column_evidence(base, stats[index], plans[index], candidates.get(index, []),
                                       heads.get(index, []), series.dtype == pl.String,
                                       self.ner, self.options)  # fmt: skip
            elif _as_text(series) is not None:
                base = ColumnEvidence(name, base.dtype, rows=base.rows, non_null=0)
            columns[name] = base
        return TableEvidence(columns, frame.height)

    def column_evidence(self, series: pl.Series) -> ColumnEvidence:
        return self.table_evidence(series.to_frame()).columns[series.name]

    def _ner_values(self, stacked: pl.DataFrame) -> dict[int, list[str]]:
        """Distinct values from the head of each column: the NER sample."""
        if self.ner is None:
            return {}
        head = self.options.ner_sample * 20
        firsts = stacked.filter(pl.int_range(pl.len()).over("c") < head)
        distinct = firsts.unique(subset=["c", "v"], maintain_order=True)
        return {
            c: group.get_column("v").to_list()
            for (c,), group in distinct.group_by("c", maintain_order=True)
        }


def merge_all(parts: Iterable[TableEvidence]) -> TableEvidence:
    total = TableEvidence()
    for part in parts:
        total = total + part
    return total
