"""Atlas entity bodies for one catalog dataset (with its schema and columns) or AI artifact.

Content comes from the export records (`classifiers.catalog.export`), so Purview receives what
an export holds and nothing more: levels, entity types, confidences, coverage; never a value,
an example or an error message (which may quote the bytes it failed on).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifiers.catalog.export import export_records
from classifiers.catalog.views import DatasetDetail
from lineage.purview.names import (
    WARDEN_ARTIFACT,
    WARDEN_DATASET,
    EntityName,
    column_name,
    dataset_name,
    display_name,
    schema_name,
)
from lineage.purview.typedefs import BUSINESS_METADATA, classification_names

Body = dict[str, Any]


@dataclass(frozen=True)
class PublishItem:
    """What is sent together: a dataset with its schema and columns, an artifact, a workload."""

    name: EntityName  # the dataset's (or workload's) own entity
    source: str | None  # None for a workload
    path: str  # the dataset's path in its source, or the workload's name
    entities: tuple[Body, ...]  # bodies without classifications
    classifications: Mapping[str, tuple[str, ...]]  # qualifiedName -> classification names
    types: Mapping[str, str]  # qualifiedName -> type name, for every entity of the item
    fingerprint: str | None = None  # the catalog version's content fingerprint
    rules_version: str | None = None
    digest: str = field(default="", compare=False)

    def with_digest(self) -> PublishItem:
        content = {"entities": self.entities, "classifications": self.classifications}
        text = json.dumps(content, sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return PublishItem(
            self.name,
            self.source,
            self.path,
            self.entities,
            self.classifications,
            self.types,
            self.fingerprint,
            self.rules_version,
            digest,
        )

    def bodies(self, attach_to: set[str]) -> list[Body]:
        """Request bodies; entities named in `attach_to` carry their classifications.

        Atlas honours classifications in a bulk upsert only when it creates the entity, so
        they go in the body of entities new to Purview and through add/remove calls otherwise.
        """
        found = []
        for entity in self.entities:
            qualified = entity["attributes"]["qualifiedName"]
            names = self.classifications.get(qualified, ())
            if qualified in attach_to and names:
                entity = {**entity, "classifications": [{"typeName": n} for n in names]}
            found.append(entity)
        return found


def _business(record: Mapping[str, Any], rules_version: str, scanned_ms: int) -> Body:
    values: Body = {"rulesVersion": rules_version, "scannedAt": scanned_ms}
    if record.get("sensitivity"):
        values["level"] = record["sensitivity"]
    coverage = record.get("coverage")
    if coverage:
        values["coverageMode"] = coverage["mode"]
        if coverage.get("rows_total"):
            values["coverage"] = round(coverage["rows_read"] / coverage["rows_total"], 4)
    return {BUSINESS_METADATA: values}


def _description(record: Mapping[str, Any]) -> str:
    level = record.get("sensitivity") or "not classified"
    confidence = record.get("confidence") or {}
    found = [f"{e} ({confidence[e]:.2f})" if e in confidence else e for e in record["entities"]]
    return f"Warden: {level}" + (f"; {', '.join(found)}" if found else "")


def dataset_item(detail: DatasetDetail, system: frozenset[str]) -> PublishItem:
    """A dataset or AI artifact as Atlas entities, with the classifications each should carry."""
    row = detail.row
    records = list(export_records([detail]))
    head = records[0]
    name = dataset_name(row.uri, artifact=row.kind == "artifact")
    scanned_ms = int(row.scanned_at.timestamp() * 1000)
    attributes: Body = {"qualifiedName": name.qualified_name, "name": display_name(row.uri)}
    if name.type_name in (WARDEN_DATASET, WARDEN_ARTIFACT):
        attributes |= {
            "source": row.source,
            "path": row.path,
            "format": head["format"] if head["record"] == "artifact" else row.format,
        }
    if head["record"] == "artifact":
        attributes["verdict"] = head["verdict"]
        attributes["description"] = f"Warden: AI artifact, verdict {head['verdict']}"
    else:
        attributes["description"] = _description({**head, "entities": head.get("entities", [])})
    own: Body = {
        "typeName": name.type_name,
        "attributes": attributes,
        "businessAttributes": _business(head, detail.rules_version, scanned_ms),
    }
    entities, labels = [own], {name.qualified_name: head.get("entities", [])}
    columns = [r for r in records if r["record"] == "column"]
    if columns and not detail.document:
        schema = schema_name(name)
        own["relationshipAttributes"] = {"tabular_schema": schema.ref()}
        entities.append(
            {
                "typeName": schema.type_name,
                "attributes": {"qualifiedName": schema.qualified_name, "name": "tabular_schema"},
            }
        )
        dtypes = {c.column: c.dtype for c in detail.columns}
        for record in columns:
            column = column_name(name, record["column"])
            entities.append(
                _column(
                    column,
                    record,
                    dtypes.get(record["column"], ""),
                    schema,
                    _business(record, detail.rules_version, scanned_ms),
                )
            )
            labels[column.qualified_name] = record["entities"]
    types = {e["attributes"]["qualifiedName"]: e["typeName"] for e in entities}
    classes = {q: tuple(classification_names(e, system)) for q, e in labels.items() if e}
    return PublishItem(
        name,
        row.source,
        row.path,
        tuple(entities),
        classes,
        types,
        detail.fingerprint,
        detail.rules_version,
    ).with_digest()


def _column(
    column: EntityName, record: Mapping[str, Any], dtype: str, schema: EntityName, business: Body
) -> Body:
    return {
        "typeName": column.type_name,
        "attributes": {
            "qualifiedName": column.qualified_name,
            "name": record["column"],
            "type": dtype,
            "description": _description(record),
        },
        "relationshipAttributes": {"composeSchema": schema.ref()},
        "businessAttributes": business,
    }
