"""Verification of a sanitized copy: a Great Expectations 1.x suite built from the source's
findings (sensitive columns free of their types' patterns, row count kept, keyed columns as
distinct as before and mapped one to one from the source's values, unclassified columns
unchanged), with Data Docs that show no value: a site per copy, a page per validation."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from presidio_analyzer import PatternRecognizer

from classifiers.entities import policy_key
from classifiers.readers.nested import flatten_frame
from classifiers.recognizers.registry import Registry
from classifiers.sanitize.policy import ColumnPlan

# Never the values themselves: SUMMARY's default lists 20 unexpected values, i.e. the PII.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0}
SOURCE_SUFFIX = "__source"  # unclassified columns of the source, beside the copy's
# Beside a keyed column: for each row, how many distinct copy values its source value has and
# how many distinct source values its copy value has, the larger. 1 everywhere: one to one.
KEY_MAP_SUFFIX = "__key_map"
YEAR = r"^(1[89]\d{2}|20\d{2})$"


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result: counts only."""

    expectation: str
    column: str | None
    success: bool
    unexpected: int | None = None


@dataclass(frozen=True)
class SuiteResult:
    success: bool
    outcomes: tuple[ExpectationOutcome, ...]
    docs_url: str | None  # the copy's own Data Docs site (index of its validations)
    page_url: str | None = field(default=None)  # this validation's own result page

    def to_json(self) -> dict[str, Any]:
        return {
            "success": self.success,
            "docs_url": self.docs_url,
            "page_url": self.page_url,
            "expectations": [asdict(o) for o in self.outcomes],
        }


def docs_site(docs_dir: Path, copy_ref: str) -> Path:
    """A copy's own Data Docs site: `sanitized:crm/customers.csv` ->
    `<docs_dir>/sanitized/crm/customers_csv/` (its asset key's path), so each copy's index lists
    only its own validations."""
    source, _, path = copy_ref.partition(":")
    parts = [source, *path.split("/")]
    return docs_dir.joinpath(*("".join(c if c.isalnum() else "_" for c in p) for p in parts))


def great_expectations() -> Any:
    """GX, imported on first use. It imports pyspark's Spark Connect, whose dependency check
    takes a `__main__` without a file for a doctest run and calls sys.exit(0) (pytest-xdist
    workers, `python -c`, embedded interpreters): for the import, an interactive prompt marks
    the process as not a doctest run, and Spark Connect's missing grpc is then an ImportError
    GX handles."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    prompt = hasattr(sys, "ps1")
    if not prompt:
        sys.ps1 = ""
    try:
        import great_expectations as gx
    finally:
        if not prompt:
            del sys.ps1
    return gx


def entity_regexes(registry: Registry, entities: Sequence[str]) -> list[str]:
    """The recognizers' patterns for these types, case-insensitive as Presidio runs them
    (GX compiles without flags); a pattern Python's `re` cannot read is left to the rescan."""
    wanted = {policy_key(e) for e in entities}
    found = []
    for spec in registry.specs:
        if policy_key(spec.entity) not in wanted or not isinstance(
            spec.recognizer, PatternRecognizer
        ):
            continue
        for pattern in spec.recognizer.patterns or ():
            regex = f"(?i){pattern.regex}"
            try:
                re.compile(regex)
            except re.error:
                continue
            found.append(regex)
    return list(dict.fromkeys(found))


def expectations(
    plans: Sequence[ColumnPlan],
    source: pl.DataFrame,
    copy: pl.DataFrame,
    registry: Registry,
) -> list[Any]:
    """The suite for one copy; GX is imported here, never at module import (5 s, 300 MB)."""
    ex = great_expectations().expectations
    suite: list[Any] = [ex.ExpectTableRowCountToEqual(value=source.height)]
    for plan in plans:
        if plan.column not in copy.columns:
            continue
        col = plan.column
        # A path under a list holds each row's list, checked as JSON text: no value shape.
        op: str = "listed" if isinstance(copy.schema[col], pl.List) else plan.operator.name
        if not plan.free_text and op == "year":
            suite.append(ex.ExpectColumnValuesToMatchRegex(column=col, regex=YEAR))
        elif not plan.free_text and op == "prefix":
            suite.append(
                ex.ExpectColumnValueLengthsToBeBetween(column=col, max_value=plan.operator.chars)
            )
        else:
            regexes = entity_regexes(registry, plan.entities)
            if regexes:
                suite.append(
                    ex.ExpectColumnValuesToNotMatchRegexList(column=col, regex_list=regexes)
                )
        if plan.keyed:
            distinct = source[col].n_unique() - int(source[col].null_count() > 0)
            suite.append(
                ex.ExpectColumnUniqueValueCountToBeBetween(
                    column=col, min_value=distinct, max_value=distinct
                )
            )
    one_to_one = expect_key_to_map_one_to_one()
    suite.extend(
        one_to_one(column=col + KEY_MAP_SUFFIX) for col in mapped_keys(plans, source, copy)
    )
    suite.extend(
        ex.ExpectColumnPairValuesToBeEqual(column_A=col, column_B=col + SOURCE_SUFFIX)
        for col in unchanged_columns(plans, source, copy)
    )
    return suite


@functools.cache
def expect_key_to_map_one_to_one() -> Any:
    """A custom GX expectation (a subclass, as GX 1.x defines them): every row's key-map count
    (`key_map`) is 1, i.e. the source's key values and the copy's map one to one. With the
    distinct count kept, a join between two copies keyed by the same column matches the same
    rows, with the same cardinality, as between their sources. Defined once: GX registers
    each expectation class by name."""
    ex = great_expectations().expectations

    class ExpectKeyToMapOneToOne(ex.ExpectColumnValuesToBeBetween):  # type: ignore[name-defined]
        """Each source value of a keyed column has exactly one value in the copy, and each
        copy value comes from exactly one source value."""

        min_value: float = 1
        max_value: float = 1
        description: str = "source values and copy values map one to one (joins keep cardinality)"

    return ExpectKeyToMapOneToOne


def mapped_keys(plans: Sequence[ColumnPlan], source: pl.DataFrame, copy: pl.DataFrame) -> list[str]:
    """Keyed columns whose mapping from the source can be checked row by row: flat values (a
    path under a list is checked as JSON text) in a copy with the source's rows."""
    if source.height != copy.height:
        return []  # the row count expectation fails; rows cannot be paired
    return [
        p.column
        for p in plans
        if p.keyed
        and p.column in copy.columns
        and p.column in source.columns
        and not copy.schema[p.column].is_nested()
        and not source.schema[p.column].is_nested()
    ]


def key_map(source: pl.Series, copy: pl.Series) -> pl.Series:
    """Per row, the larger of: distinct copy values of its source value, distinct source
    values of its copy value; 0 where one side is missing and the other not (a missing key
    joins nothing, in the source as in the copy). Vectorised: two windowed n_unique."""
    pairs = pl.DataFrame({"s": source, "c": copy})
    copies_per_source = pl.col("c").n_unique().over("s")
    sources_per_copy = pl.col("s").n_unique().over("c")
    mapped = pl.max_horizontal(copies_per_source, sources_per_copy)
    missing_on_one_side = pl.col("s").is_null() != pl.col("c").is_null()
    counts = pairs.select(pl.when(missing_on_one_side).then(0).otherwise(mapped))
    return counts.to_series().alias(copy.name + KEY_MAP_SUFFIX)


def unchanged_columns(
    plans: Sequence[ColumnPlan], source: pl.DataFrame, copy: pl.DataFrame
) -> list[str]:
    planned = {p.column for p in plans}
    return [c for c in source.columns if c not in planned and c in copy.columns]


def batch_frame(plans: Sequence[ColumnPlan], source: pl.DataFrame, copy: pl.DataFrame) -> Any:
    """The copy with the source's unclassified columns beside it, as pandas (GX takes no
    Polars); nested values as JSON text so pairs compare."""
    kept = unchanged_columns(plans, source, copy)
    extra = source.select([pl.col(c).alias(c + SOURCE_SUFFIX) for c in kept])
    frame = pl.concat([copy, extra], how="horizontal") if source.height == copy.height else copy
    keys = mapped_keys(plans, source, copy)  # counts only: no source key value goes to GX
    if keys:
        frame = frame.with_columns(key_map(source[c], copy[c]) for c in keys)
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    if nested:
        frame = frame.with_columns(
            pl.col(c).map_elements(lambda v: json.dumps(v, default=str), return_dtype=pl.String)
            for c in nested
        )
    return frame.to_pandas()


def run_suite(
    name: str,
    plans: Sequence[ColumnPlan],
    source: pl.DataFrame,
    copy: pl.DataFrame,
    registry: Registry,
    docs_dir: Path | None,
) -> SuiteResult:
    """Run the suite through an ephemeral context; Data Docs go to `docs_dir` if given (one
    site per copy, see `docs_site`): the run's own result page is kept beside earlier runs'
    (GX's index would delete them as unknown to this ephemeral context: `gx_site`).
    Nested columns are checked at their paths (`user.contact.email`), as the scan reads them."""
    source, copy = _paths(source), _paths(copy)
    gx = great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for logger in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(logger).setLevel(logging.WARNING)  # not its temporary folders' names
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    actions: list[Any] = []
    if docs_dir is not None:
        site: Any = {
            "class_name": "SiteBuilder",
            "site_index_builder": {  # earlier runs' pages stay, listed
                "module_name": "classifiers.sanitize.gx_site",
                "class_name": "KeptRunsIndexBuilder",
            },
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
        }
        context.add_data_docs_site(site_name="warden", site_config=site)
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=["warden"]))
    asset = context.data_sources.add_pandas("warden").add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe("copy")
    suite = context.suites.add(gx.ExpectationSuite(name=name))
    for expectation in expectations(plans, source, copy, registry):
        suite.add_expectation(expectation)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            actions=actions,
            result_format=RESULT_FORMAT,
        )
    )
    with warnings.catch_warnings():  # pandas: "has match groups" for every recognizer regex
        warnings.simplefilter("ignore", UserWarning)
        result = checkpoint.run(batch_parameters={"dataframe": batch_frame(plans, source, copy)})
    outcomes = tuple(_outcome(r) for run in result.run_results.values() for r in run.results)
    docs = page = None
    if docs_dir is not None:
        docs = (docs_dir / "index.html").resolve().as_uri()
        for identifier in result.run_results:
            for site in context.get_docs_sites_urls(
                resource_identifier=identifier, site_names=["warden"]
            ):
                page = site.get("site_url") or page
    return SuiteResult(bool(result.success), outcomes, docs, page)


def _paths(frame: pl.DataFrame) -> pl.DataFrame:
    nested = any(dtype.is_nested() for dtype in frame.schema.values())
    return flatten_frame(frame) if nested else frame


def _outcome(result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    column = config.kwargs.get("column") or config.kwargs.get("column_A")
    if column:
        column = column.removesuffix(KEY_MAP_SUFFIX)
    unexpected = (result.result or {}).get("unexpected_count")
    return ExpectationOutcome(config.type, column, bool(result.success), unexpected)
