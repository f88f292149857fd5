"""External AssetSpecs for every dataset and AI artifact in the catalog."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import dagster as dg

from classifiers.artifacts.report import ArtifactReport
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetDetail, DatasetRow, DatasetSummary
from classifiers.model import DataFormat
from pipelines.catalog.schema import ColumnPages, ColumnsTags
from pipelines.keys import dataset_key, level_tag, name_part


def _tags(row: DatasetRow, page: ColumnsTags | None) -> dict[str, str]:
    personal = page is not None and page.personal
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
    if page is not None:
        tags.update(page.tags)
    return tags


def _container_access(details: Sequence[tuple[str, str]]) -> str | None:
    """The blob container's public access level, where the crawl recorded it."""
    return next((value for key, value in details if key == "public_access"), None)


def _kinds(row: DatasetRow) -> set[str]:
    kinds = {"local" if row.uri.startswith("file:") else "azure"}
    kinds.add("model" if row.kind == "artifact" else row.format)
    if row.format in DataFormat.VECTOR_STORE:
        kinds.add("vector_store")
    return {k for k in kinds if k and k != "unknown"}


def _metadata(row: DatasetRow) -> dict[str, object]:
    """Where the object is and what it is. What each scan finds (schema, findings, coverage,
    scan time, error) is on the asset's materializations: `pipelines/catalog/events.py`."""
    metadata: dict[str, object] = {
        "dagster/uri": row.uri,
        "warden/path": row.path,
        "warden/format": row.format,
    }
    if row.artifact is not None:
        metadata |= _artifact_metadata(row.artifact)
    if row.table_version is not None:
        metadata["warden/table_version"] = row.table_version
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


def dataset_spec(
    detail: DatasetDetail | DatasetSummary,
    deps: Sequence[dg.AssetKey] = (),
    pages: ColumnPages | None = None,
) -> dg.AssetSpec:
    """One dataset's spec; `pages` shares the column tags of equal layouts across datasets."""
    row = detail.row
    page = (pages or ColumnPages()).tags(detail.columns) if detail.columns else None
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
        tags=_tags(row, page),
        kinds=_kinds(row),
        metadata=_metadata(row),
    )


def catalog_specs(
    store: CatalogStore, deps: Mapping[dg.AssetKey, Sequence[dg.AssetKey]] | None = None
) -> list[dg.AssetSpec]:
    """Every catalog object; `deps` gives derived datasets the workloads that write them."""
    return specs_of(store.summaries(), deps)


def specs_of(
    summaries: Iterable[DatasetSummary],
    deps: Mapping[dg.AssetKey, Sequence[dg.AssetKey]] | None = None,
) -> list[dg.AssetSpec]:
    """The specs of summaries read in bulk, equal column layouts sharing one page."""
    deps = deps or {}
    pages = ColumnPages()
    specs = []
    for summary in summaries:
        key = dataset_key(summary.row.source, summary.row.path)
        specs.append(dataset_spec(summary, deps.get(key, ()), pages))
    return specs
