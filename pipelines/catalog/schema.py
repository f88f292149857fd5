"""A dataset's columns as Dagster's column schema, with their classifications as tags."""

from __future__ import annotations

import dagster as dg

from classifiers.catalog.views import DatasetDetail
from classifiers.entities import entity_label
from pipelines.keys import level_tag


def column_schema(detail: DatasetDetail) -> dg.TableSchema:
    columns = []
    for column in detail.columns:
        tags = {"sensitivity": level_tag(column.sensitivity)}
        tags.update({e.entity: f"{e.confidence:.2f}" for e in column.entities})
        tags.update({f"subtype_{e.subtype.lower()}": "true" for e in column.entities if e.subtype})
        if column.undetermined:
            tags["undetermined"] = "true"
        columns.append(
            dg.TableColumn(
                name=column.column,
                type=column.dtype,
                description="; ".join(column.reasons) or None,
                tags=tags,
            )
        )
    return dg.TableSchema(columns=columns)


def findings_markdown(detail: DatasetDetail) -> str:
    lines = ["| column | level | entities | reasons |", "|---|---|---|---|"]
    for column in detail.columns:
        entities = ", ".join(
            f"{entity_label(e.entity, e.subtype)} ({e.confidence:.2f})" for e in column.entities
        )
        if column.undetermined:
            entities = "undetermined"
        reasons = "<br>".join(column.reasons).replace("|", "/")
        lines.append(f"| {column.column} | {column.sensitivity.label} | {entities} | {reasons} |")
    return "\n".join(lines)
