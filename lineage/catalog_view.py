"""The catalog's datasets as lineage sees them."""

from __future__ import annotations

from collections.abc import Iterable

from classifiers.catalog.views import DatasetRow
from lineage.model import DatasetState


def dataset_states(
    rows: Iterable[DatasetRow], world_readable_is_public: bool
) -> list[DatasetState]:
    states = []
    for row in rows:
        if row.kind != "dataset":
            continue
        public = row.access.public or (world_readable_is_public and row.access.world_readable)
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
