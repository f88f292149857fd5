"""The Polars engine: a table in, mergeable evidence out. It counts; it never decides.

A vectorised pass runs every recognizer's prefilter (Rust regex) over the column in parallel;
the exact Presidio patterns and validators then run on the distinct candidates only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import polars as pl

from classifiers.engines.options import (
    NULL_TOKENS,
    EngineOptions,
    Plan,
    ner_evidence,
    recognizers_for,
)
from classifiers.engines.tally import Candidate, confirm_candidates, match_counts
from classifiers.evidence import ColumnEvidence, MatchCounts, TableEvidence
from classifiers.nlp import NerEngine
from classifiers.recognizers.registry import Registry

_PROSE_WORDS = 5  # a value with this many plain words or more reads as free text
# A plain word: letters only, maybe one trailing punctuation mark ("Mozilla/5.0" is not one).
_PLAIN_WORD = r"(?:^|\s)\p{L}[\p{Ll}']*\p{Ll}[,.;:!?]?(?:\s|$)"


def _plain_words(values: pl.Expr) -> pl.Expr:
    # Doubling the spaces lets each word consume one space on either side.
    return values.str.replace_all(r"\s+", "  ").str.count_matches(_PLAIN_WORD)


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


def _explained(matches: dict[str, MatchCounts], rows: int) -> bool:
    """Most values already matched one pattern (emails, card numbers): NER adds nothing."""
    return any(m.matched >= 0.8 * rows and m.mean_score >= 0.5 for m in matches.values())


class PolarsEngine:
    """Computes evidence for Polars frames with one registry and one (optional) NER engine."""

    name = "polars"

    def __init__(self, registry: Registry, ner: NerEngine | None, options: EngineOptions) -> None:
        self.registry = registry
        self.ner = ner
        self.options = options

    def table_evidence(self, frame: pl.DataFrame) -> TableEvidence:
        columns = {name: self.column_evidence(frame.get_column(name)) for name in frame.columns}
        return TableEvidence(columns, frame.height)

    def column_evidence(self, series: pl.Series) -> ColumnEvidence:
        base = ColumnEvidence(
            column=series.name,
            dtype=str(series.dtype),
            rows=series.len(),
            non_null=series.len() - series.null_count(),
            temporal=series.dtype.is_temporal(),
        )
        text = _as_text(series)
        if text is None:
            return base
        values = text.drop_nulls().str.strip_chars().alias("v")
        values = values.filter(~values.str.to_lowercase().is_in(NULL_TOKENS))
        non_null = values.len()
        if values.is_empty():
            return replace(base, non_null=0)
        stats = (
            pl.DataFrame({"v": values})
            .select(
                pl.col("v").str.len_chars().sum().alias("chars"),
                pl.col("v").str.len_chars().max().alias("max_len"),
                pl.col("v").str.count_matches(r"\d").max().alias("max_digits"),
                (_plain_words(pl.col("v")) >= _PROSE_WORDS).sum().alias("prose"),
                pl.col("v").str.contains(r"^[0-9]+$").sum().alias("digits_only"),
            )
            .row(0, named=True)
        )
        free_text = stats["prose"] * 2 >= values.len()
        matches = self._matches(series.name, values, stats, free_text)
        head = values.head(self.options.ner_sample * 20).unique(maintain_order=True)
        wants_ner = (
            series.dtype == pl.String
            and stats["digits_only"] * 2 < values.len()
            and not _explained(matches[0], values.len())
        )
        ner, sampled, lead = ner_evidence(self.ner, head.to_list(), self.options, wants_ner)
        return ColumnEvidence(
            column=base.column,
            dtype=base.dtype,
            rows=base.rows,
            non_null=non_null,
            prose=int(stats["prose"]),
            char_sum=int(stats["chars"]),
            temporal=False,
            digits_only=int(stats["digits_only"]),
            repeated_lead=lead,
            matches=matches[0],
            ner=ner,
            ner_sampled=sampled,
            examples=matches[1],
        )

    def _candidate_groups(self, values: pl.Series, plan: Plan) -> pl.DataFrame:
        """Each distinct flagged value with its row count and which recognizers flagged it."""
        flags = _spec_flags(plan, self.options.weak_rows)
        return (
            pl.DataFrame({"v": values})
            .lazy()
            .with_columns(**flags)
            .filter(pl.any_horizontal(list(flags)))
            .group_by("v")
            .agg(pl.len().alias("__rows"), *(pl.col(n).any() for n in flags))
            .collect()
        )

    def _matches(
        self, column: str, values: pl.Series, stats: dict, free_text: bool
    ) -> tuple[dict[str, MatchCounts], dict[str, tuple[str, ...]]]:
        plan = recognizers_for(
            self.registry, column, stats["max_len"], stats["max_digits"], free_text, self.options
        )
        if not plan.prefilters:
            return {
                s.name: MatchCounts(analysed=plan.analysed(s.name, values.len()))
                for s in plan.all_specs
            }, {}
        grouped = self._candidate_groups(values, plan)
        names = [c for c in grouped.columns if c not in ("v", "__rows")]
        candidates = [
            Candidate(row[0], row[1], tuple(n for n, f in zip(names, row[2:], strict=True) if f))
            for row in grouped.iter_rows()
        ]
        totals = grouped.select(
            *(pl.col("__rows").filter(pl.col(n)).sum().alias(f"r{i}") for i, n in enumerate(names)),
            *(pl.col(n).sum().alias(f"d{i}") for i, n in enumerate(names)),
        ).row(0)
        specs = {s.name: s for s, _ in plan.prefilters}
        tally, confirmed = confirm_candidates(
            candidates,
            specs,
            plan.boosted,
            free_text,
            self.options.confirm_bound,
            self.options.confirm_give_up,
        )
        matches = {
            name: match_counts(
                specs[name],
                plan.analysed(name, values.len()),
                int(totals[i] or 0),
                int(totals[len(names) + i] or 0),
                confirmed.get(name, 0),
                tally,
            )
            for i, name in enumerate(names)
        }
        # A recognizer skipped because no value could match still looked at the rows: its
        # `analysed` must count them, or merged partitions would inflate its ratio.
        for spec in plan.all_specs:
            if spec.name not in matches:
                matches[spec.name] = MatchCounts(analysed=plan.analysed(spec.name, values.len()))
        return matches, {k: tuple(v) for k, v in tally.examples.items()}


def _spec_flags(plan: Plan, limit: int) -> dict[str, pl.Expr]:
    """One boolean per recognizer: any of its prefilters matches (weak ones on `limit` rows)."""
    patterns: dict[str, list[str]] = defaultdict(list)
    for spec, regex in plan.prefilters:
        patterns[spec.name].append(regex)
    flags = {}
    for name, regexes in patterns.items():
        flag = pl.any_horizontal([pl.col("v").str.contains(r) for r in regexes])
        if name not in plan.everywhere:
            flag = flag & (pl.int_range(pl.len()) < limit)
        flags[name] = flag
    return flags


def merge_all(parts: Iterable[TableEvidence]) -> TableEvidence:
    total = TableEvidence()
    for part in parts:
        total = total + part
    return total
