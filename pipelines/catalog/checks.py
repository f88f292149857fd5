"""Classified and current (WARN when not): a check on every dataset, or, in a catalog of more
datasets than `dagster.dataset_checks_up_to`, one per source on the `classification` asset.

Dagster gives a checked asset an input and an output of its check op and resolves a type for
each: at 10,000 datasets the per-dataset checks were about half of the code location's build
and 14 of its 33 MB snapshot. Above the threshold each source has one check that judges every
dataset of the source by the same condition and fails when any fails, naming the first ones;
each dataset's own state stays on its asset (the `scan` tag, and the `warden/status` and
`warden/error` of its latest materialization, reported by `catalog_versions`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import dagster as dg

from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetRow
from pipelines.keys import dataset_key, name_part
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification

CHECK_NAME = "classified_and_current"
SCAN_ASSET = classification.key  # where the per-source checks sit
SOURCE_CHECKS_OP = "classified_and_current_per_source"
FIRST_FAILING = 20  # failing datasets named in a per-source check's result


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
    specs: Sequence[dg.AssetSpec],
    places: Mapping[dg.AssetKey, tuple[str, str]],
    up_to: int | None = None,
) -> list[dg.AssetChecksDefinition]:
    """`places`: each dataset's (source, path), so a check op reads only its own datasets.
    `up_to`: above this many datasets, one check per source instead of one per dataset."""
    datasets = [s for s in specs if "model" not in s.kinds and s.key in places]
    if up_to is not None and len(datasets) > up_to:
        return [_source_checks([places[s.key] for s in datasets])]
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


def source_check_name(source: str) -> str:
    return f"{CHECK_NAME}_{name_part(source)}"


def _source_checks(places: Sequence[tuple[str, str]]) -> dg.AssetChecksDefinition:
    """One check per source on `classification`, judging each of the source's datasets."""
    paths: dict[str, list[str]] = defaultdict(list)
    for source, path in places:
        paths[source].append(path)
    names: dict[str, str] = {}
    for source in sorted(paths):
        name = source_check_name(source)
        while name in names.values():  # two names that differ only in punctuation
            name += "_"
        names[source] = name
    specs = [
        dg.AssetCheckSpec(
            names[source],
            asset=SCAN_ASSET,
            description=f"Every dataset of source {source!r} ({len(paths[source]):,} when the "
            "code location loaded): the last scan read it and it has not changed since.",
        )
        for source in sorted(paths)
    ]
    by_name = {name: source for source, name in names.items()}

    @dg.multi_asset_check(specs=specs, can_subset=True, name=SOURCE_CHECKS_OP)
    def classified_and_current_per_source(
        context: dg.AssetCheckExecutionContext, warden: WardenResource
    ) -> Iterator[dg.AssetCheckResult]:
        store = warden.store()
        for check_key in context.selected_asset_check_keys:
            source = by_name[check_key.name]
            yield _source_result(store, source, paths[source], check_key.name)

    return classified_and_current_per_source


def _source_result(
    store: CatalogStore, source: str, paths: Sequence[str], check_name: str
) -> dg.AssetCheckResult:
    # The whole source in one select: `datasets_at` binds a parameter per path, too many here.
    rows = {r.path: r for r in store.datasets(source)}
    failing: list[tuple[str, str]] = []  # (asset key, reason)
    reasons: Counter[str] = Counter()
    for path in paths:
        row = rows.get(path)
        problem = (
            "not in the catalog any more"
            if row is None
            else freshness_problem(store, source, path, row.uri)
        )
        if problem is not None:
            failing.append((dataset_key(source, path).to_user_string(), problem))
            reasons[problem.split(":")[0]] += 1
    shown = failing[:FIRST_FAILING]
    if failing:
        named = "; ".join(f"{key}: {reason}" for key, reason in shown[:3])
        more = f" and {len(failing) - 3:,} more" if len(failing) > 3 else ""
        description = f"{len(failing):,} of {len(paths):,} datasets not current: {named}{more}"
    else:
        description = f"all {len(paths):,} datasets classified and current"
    return dg.AssetCheckResult(
        asset_key=SCAN_ASSET,
        check_name=check_name,
        passed=not failing,
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "source": source,
            "datasets": len(paths),
            "failing": len(failing),
            "failing_by_reason": dg.MetadataValue.json(dict(reasons)),
            "first_failing": dg.MetadataValue.md(_table(shown)) if shown else "",
        },
    )


def _table(failing: Sequence[tuple[str, str]]) -> str:
    """Asset keys and reasons (catalog errors: types and messages, no values) as Markdown."""
    lines = ["| dataset | reason |", "| --- | --- |"]
    lines += [f"| {key} | {reason.replace('|', '/')} |" for key, reason in failing]
    return "\n".join(lines)


def _rows(store: CatalogStore, places: Iterable[tuple[str, str]]) -> list[DatasetRow]:
    """The live catalog rows of these datasets: one query per source, not the whole catalog."""
    paths: dict[str, list[str]] = defaultdict(list)
    for source, path in places:
        paths[source].append(path)
    return [row for source, found in paths.items() for row in store.datasets_at(source, found)]
