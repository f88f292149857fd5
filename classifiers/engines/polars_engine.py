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

    def _matches(
        self, column: str, values: pl.Series, stats: dict, free_text: bool
    ) -> tuple[dict[str, MatchCounts], dict[str, tuple[str, ...]]]:
        plan = recognizers_for(
            self.registry, column, stats["max_len"], stats["max_digits"], free_text, self.options
        )
        if not plan.prefilters:
            return {}, {}
        frame = pl.DataFrame({"v": values})
        limit = self.options.weak_rows
        exprs = [
            (pl.col("v") if spec.name in plan.everywhere else pl.col("v").head(limit))
            .str.contains(regex)
            .alias(f"{spec.name}\x00{i}")
            for i, (spec, regex) in enumerate(plan.prefilters)
        ]
        hit_frame = frame.select(exprs)
        by_spec: dict[str, pl.Series] = {}
        for column_name in hit_frame.columns:
            spec_name = column_name.split("\x00")[0]
            hit = hit_frame.get_column(column_name)
            if hit.len() < values.len():
                hit = hit.extend_constant(False, values.len() - hit.len())
            by_spec[spec_name] = by_spec[spec_name] | hit if spec_name in by_spec else hit
        return self._confirm(values, by_spec, plan, free_text)

    def _confirm(
        self, values: pl.Series, by_spec: dict[str, pl.Series], plan: Plan, free_text: bool
    ) -> tuple[dict[str, MatchCounts], dict[str, tuple[str, ...]]]:
        any_hit = pl.Series([False] * values.len())
        for hit in by_spec.values():
            any_hit = any_hit | hit
        counted = values.filter(any_hit).value_counts(name="n")
        row_counts = dict(
            zip(counted.get_column("v").to_list(), counted["n"].to_list(), strict=True)
        )
        flagged: dict[str, list[str]] = defaultdict(list)
        candidate_rows: dict[str, int] = {}
        distinct: dict[str, int] = {}
        for spec_name, hit in by_spec.items():
            unique = values.filter(hit).unique().to_list()
            candidate_rows[spec_name] = int(hit.sum())
            distinct[spec_name] = len(unique)
            for value in unique:
                flagged[value].append(spec_name)
        candidates = [Candidate(v, row_counts[v], tuple(names)) for v, names in flagged.items()]
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
                candidate_rows[name],
                distinct[name],
                confirmed.get(name, 0),
                tally,
            )
            for name in by_spec
        }
        return matches, {k: tuple(v) for k, v in tally.examples.items()}


def merge_all(parts: Iterable[TableEvidence]) -> TableEvidence:
    total = TableEvidence()
    for part in parts:
        total = total + part
    return total
