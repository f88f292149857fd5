"""External AssetSpecs for every dataset and AI artifact in the catalog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dagster as dg

from classifiers.artifacts.report import ArtifactReport
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetDetail
from classifiers.model import DataFormat, Sensitivity
from pipelines.catalog.schema import column_schema, findings_markdown
from pipelines.keys import dataset_key, entity_tag, level_tag, name_part


def _tags(detail: DatasetDetail) -> dict[str, str]:
    row = detail.row
    entities = sorted({e for c in detail.columns for e in c.entity_types})
    personal = any(c.sensitivity >= Sensitivity.CONFIDENTIAL and c.entities for c in detail.columns)
    # Unscanned is not clean: pii is "unknown" until a scan has read the object.
    pii = str(personal).lower() if row.status == "ok" and row.kind == "dataset" else "unknown"
    tags = {"sensitivity": level_tag(row.sensitivity), "pii": pii}
    if row.status == "error":
        tags["scan"] = "error"
    if row.artifact is not None:
        tags["artifact_risk"], tags["format"] = row.artifact.verdict.value, row.artifact.format
    if row.access.public:
        tags["access"] = "public"
    if level := _container_access(row.access.details):  # Azure: private, blob or container
        tags["access"] = level
    tags.update({entity_tag(e): "true" for e in entities})
    subtypes = {e.subtype for c in detail.columns for e in c.entities if e.subtype}
    tags.update({subtype_tag(s): "true" for s in sorted(subtypes)})
    return tags


def subtype_tag(subtype: str) -> str:
    """`subtype_street_address`: Warden's finer kind beside `entity_location`."""
    return f"subtype_{subtype.lower()}"


def _container_access(details: Sequence[tuple[str, str]]) -> str | None:
    """The blob container's public access level, where the crawl recorded it."""
    return next((value for key, value in details if key == "public_access"), None)


def _kinds(detail: DatasetDetail) -> set[str]:
    row = detail.row
    kinds = {"local" if row.uri.startswith("file:") else "azure"}
    kinds.add("model" if row.kind == "artifact" else row.format)
    if row.format in DataFormat.VECTOR_STORE:
        kinds.add("vector_store")
    return {k for k in kinds if k and k != "unknown"}


def _metadata(detail: DatasetDetail) -> dict[str, object]:
    row = detail.row
    metadata: dict[str, object] = {
        "dagster/uri": row.uri,
        "warden/path": row.path,
        "warden/format": row.format,
        "warden/scanned_at": row.scanned_at.isoformat(),
    }
    if row.coverage is not None:
        rows = row.coverage.rows_total or row.coverage.rows_read
        metadata["dagster/row_count"] = rows
        metadata["warden/coverage"] = dg.MetadataValue.json(row.coverage.__dict__)
    if detail.columns:
        metadata["dagster/column_schema"] = column_schema(detail)
        metadata["warden/findings"] = dg.MetadataValue.md(findings_markdown(detail))
    if row.artifact is not None:
        metadata |= _artifact_metadata(row.artifact)
    if row.table_version is not None:
        metadata["warden/table_version"] = row.table_version
    if row.error:
        metadata["warden/error"] = row.error
    return metadata


def _artifact_metadata(report: ArtifactReport) -> dict[str, object]:
    """The verdict, the globals a pickle imports and the header's facts, one entry each."""
    metadata: dict[str, object] = {"warden/artifact_risk": report.verdict.value}
    if report.globals:
        metadata["warden/globals"] = dg.MetadataValue.json(list(report.globals))
    for key, value in report.metadata.items():
        plain = isinstance(value, str | int | float | bool)
        metadata[f"warden/model/{key}"] = value if plain else dg.MetadataValue.json(value)
    if report.error:
        metadata["warden/artifact_note"] = report.error
    return metadata


def dataset_spec(detail: DatasetDetail, deps: Sequence[dg.AssetKey] = ()) -> dg.AssetSpec:
    row = detail.row
    level = row.sensitivity.label if row.sensitivity is not None else "not classified"
    description = f"{row.format} {row.kind} in source '{row.source}'. Level: {level}."
    if detail.reasons:
        description += " " + "; ".join(detail.reasons)
    return dg.AssetSpec(
        key=dataset_key(row.source, row.path),
        deps=list(deps),
        description=description,
        group_name=name_part(row.source),
        owners=list(row.owners),
        tags=_tags(detail),
        kinds=_kinds(detail),
        metadata=_metadata(detail),
    )


def catalog_specs(
    store: CatalogStore, deps: Mapping[dg.AssetKey, Sequence[dg.AssetKey]] | None = None
) -> Sequence[dg.AssetSpec]:
    """Every catalog object; `deps` gives derived datasets the workloads that write them."""
    deps = deps or {}
    specs = []
    for detail in store.details():
        key = dataset_key(detail.row.source, detail.row.path)
        specs.append(dataset_spec(detail, deps.get(key, ())))
    return specs
