"""The catalog's datasets as lineage sees them."""

from __future__ import annotations

from collections.abc import Iterable

from classifiers.catalog.views import DatasetRow
from lineage.model import DatasetState


def dataset_states(
    rows: Iterable[DatasetRow], world_readable_is_public: bool
) -> list[DatasetState]:
    """Datasets and AI artifacts; a model's level is left unknown here: it comes from the
    training workloads that write it (lineage.model_lineage), not from a scan."""
    states = []
    for row in rows:
        public = row.access.public or (world_readable_is_public and row.access.world_readable)
        if row.kind == "artifact":
            states.append(_artifact_state(row, public))
            continue
        states.append(
            DatasetState(
                source=row.source,
                path=row.path,
                uri=row.uri,
                level=row.sensitivity,
                status=row.status
                if row.sensitivity is not None or row.status == "error"
                else "unscanned",
                public_location=public,
                owners=tuple(row.owners),
                entities=tuple(row.entities),
            )
        )
    return states


def _artifact_state(row: DatasetRow, public: bool) -> DatasetState:
    return DatasetState(
        source=row.source,
        path=row.path,
        uri=row.uri,
        level=None,
        status="error" if row.status == "error" else "unscanned",
        public_location=public,
        owners=tuple(row.owners),
        kind="artifact",
    )
