"""A dataset's columns as Dagster's column schema, with their classifications as tags.

A catalog of 100,000 tables holds few distinct column layouts (partitions, daily files, one
export per customer), so each distinct layout's page is built once and shared (`ColumnPages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg

from classifiers.catalog.views import ColumnRow, ColumnSummary
from classifiers.entities import entity_label
from classifiers.model import Sensitivity
from pipelines.keys import entity_tag, level_tag

Column = ColumnRow | ColumnSummary


@dataclass(frozen=True)
class ColumnsPage:
    """What a dataset's columns give its materializations: the schema and findings table."""

    schema: dg.TableSchema
    findings: dg.MarkdownMetadataValue


@dataclass(frozen=True)
class ColumnsTags:
    """What a dataset's columns give its asset definition: the tags a steward filters by."""

    tags: dict[str, str]  # entity_<type> and subtype_<kind>, sorted
    personal: bool  # a column at Confidential or above holds an entity


class ColumnPages:
    """Each distinct column layout's page built once; `summaries` shares equal layouts and
    equal columns as one object, so they are looked up by identity (the objects are kept)."""

    def __init__(self) -> None:
        self._pages: dict[int, tuple[Sequence[Column], ColumnsPage]] = {}
        self._tags: dict[int, tuple[Sequence[Column], ColumnsTags]] = {}
        self._columns: dict[int, tuple[Column, dg.TableColumn, str]] = {}

    def __call__(self, columns: Sequence[Column]) -> ColumnsPage:
        found = self._pages.get(id(columns))
        if found is None:
            found = self._pages[id(columns)] = (columns, self._build(columns))
        return found[1]

    def tags(self, columns: Sequence[Column]) -> ColumnsTags:
        """The layout's tags, for the asset definitions (its page is for the events)."""
        found = self._tags.get(id(columns))
        if found is None:
            found = self._tags[id(columns)] = (columns, _tags_of(columns))
        return found[1]

    def _build(self, columns: Sequence[Column]) -> ColumnsPage:
        built = [self._column(c) for c in columns]
        return ColumnsPage(
            schema=dg.TableSchema(columns=[table_column for table_column, _ in built]),
            findings=dg.MetadataValue.md("\n".join([*_HEADER, *(line for _, line in built)])),
        )

    def _column(self, column: Column) -> tuple[dg.TableColumn, str]:
        found = self._columns.get(id(column))
        if found is None:
            found = self._columns[id(column)] = (column, table_column(column), _line(column))
        return found[1], found[2]


def _tags_of(columns: Sequence[Column]) -> ColumnsTags:
    entities = sorted({e.entity for c in columns for e in c.entities})
    subtypes = sorted({e.subtype for c in columns for e in c.entities if e.subtype})
    return ColumnsTags(
        tags={
            **{entity_tag(e): "true" for e in entities},
            **{subtype_tag(s): "true" for s in subtypes},
        },
        personal=any(c.sensitivity >= Sensitivity.CONFIDENTIAL and c.entities for c in columns),
    )


def subtype_tag(subtype: str) -> str:
    """`subtype_street_address`: Warden's finer kind beside `entity_location`."""
    return f"subtype_{subtype.lower()}"


def table_column(column: Column) -> dg.TableColumn:
    tags = {"sensitivity": level_tag(column.sensitivity)}
    tags.update({e.entity: f"{e.confidence:.2f}" for e in column.entities})
    tags.update({subtype_tag(e.subtype): "true" for e in column.entities if e.subtype})
    if column.undetermined:
        tags["undetermined"] = "true"
    return dg.TableColumn(
        name=column.column,
        type=column.dtype,
        description="; ".join(column.reasons) or None,
        tags=tags,
    )


_HEADER = ("| column | level | entities | reasons |", "|---|---|---|---|")


def _line(column: Column) -> str:
    entities = ", ".join(
        f"{entity_label(e.entity, e.subtype)} ({e.confidence:.2f})" for e in column.entities
    )
    if column.undetermined:
        entities = "undetermined"
    reasons = "<br>".join(column.reasons).replace("|", "/")
    return f"| {column.column} | {column.sensitivity.label} | {entities} | {reasons} |"
