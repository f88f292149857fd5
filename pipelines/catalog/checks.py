"""Asset check on every dataset: classified and current (WARN when not)."""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import dagster as dg

from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetRow
from pipelines.keys import dataset_key
from pipelines.resources import WardenResource

CHECK_NAME = "classified_and_current"


def freshness_problem(store: CatalogStore, source: str, path: str, uri: str) -> str | None:
    """Why the catalog's latest result for an object cannot be trusted, or None."""
    # Imported here: the scanner's modules (recognizers, Presidio) are not needed to load
    # the code location, only when the check runs.
    from classifiers.scan import local_path
    from classifiers.sources.local import sha256_of

    history = store.history(source, path)
    if not history:
        return "never scanned"
    latest = history[-1]
    if latest.status == "error":
        return f"the last scan could not read it: {latest.error}"
    file = local_path(uri) if uri.startswith("file:") else None
    if file is None:
        return None
    if not file.exists():
        return "the object is gone since the last scan"
    info = file.stat()
    same = info.st_size == latest.size and abs(info.st_mtime - latest.mtime) < 1e-3
    if not same and sha256_of(Path(file)) != latest.fingerprint:
        return "the object changed since the last scan"
    return None


# Checks per op. Dagster builds an asset job's dependencies in time that grows with the square
# of one op's checks (asset_job.build_node_deps): one op for 10,000 datasets took about a minute
# of the code server's snapshot, 100,000 would take hours; 200 per op keeps it linear.
CHECKS_PER_OP = 200


def build_checks(
    specs: Sequence[dg.AssetSpec], places: Mapping[dg.AssetKey, tuple[str, str]]
) -> list[dg.AssetChecksDefinition]:
    """`places`: each dataset's (source, path), so a check op reads only its own datasets."""
    datasets = [s for s in specs if "model" not in s.kinds and s.key in places]
    check_specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=s.key,
            description="The last scan read this object and it has not changed since.",
        )
        for s in datasets
    ]
    chunks = range(0, len(check_specs), CHECKS_PER_OP)
    return [
        _checks_op(
            check_specs[start : start + CHECKS_PER_OP],
            places,
            f"{CHECK_NAME}_{n}" if n else CHECK_NAME,
        )
        for n, start in enumerate(chunks)
    ]


def _checks_op(
    check_specs: Sequence[dg.AssetCheckSpec],
    places: Mapping[dg.AssetKey, tuple[str, str]],
    name: str,
) -> dg.AssetChecksDefinition:
    mine = {spec.asset_key: places[spec.asset_key] for spec in check_specs}

    @dg.multi_asset_check(specs=check_specs, can_subset=True, name=name)
    def classified_and_current(
        context: dg.AssetCheckExecutionContext, warden: WardenResource
    ) -> Iterator[dg.AssetCheckResult]:
        store = warden.store()
        rows = {dataset_key(r.source, r.path): r for r in _rows(store, mine.values())}
        for check_key in context.selected_asset_check_keys:
            row = rows.get(check_key.asset_key)
            problem = (
                "not in the catalog any more"
                if row is None
                else freshness_problem(store, row.source, row.path, row.uri)
            )
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key,
                check_name=CHECK_NAME,
                passed=problem is None,
                severity=dg.AssetCheckSeverity.WARN,
                description=problem or "classified and current",
                metadata={"scanned_at": row.scanned_at.isoformat() if row else ""},
            )

    return classified_and_current


def _rows(store: CatalogStore, places: Iterable[tuple[str, str]]) -> list[DatasetRow]:
    """The live catalog rows of these datasets: one query per source, not the whole catalog."""
    paths: dict[str, list[str]] = defaultdict(list)
    for source, path in places:
        paths[source].append(path)
    return [row for source, found in paths.items() for row in store.datasets_at(source, found)]
