"""A Dagster asset per sanitized dataset, with an ERROR asset check running its GX suite."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import dagster as dg

from classifiers.catalog.sanitized_store import SanitizedStore
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.sanitize.policy import MissingKey
from classifiers.sanitize.repoint import config_diff
from classifiers.sanitize.write import SanitizeError
from lineage.evaluate import BoundaryReport
from pipelines.catalog.checks import CHECKS_PER_OP
from pipelines.keys import dataset_key
from pipelines.resources import WardenResource
from pipelines.sanitize_command import OVER, make_sanitizer

if TYPE_CHECKING:  # Presidio's anonymizer loads when a copy is made, not with the code location
    from classifiers.sanitize.run import SanitizeResult
    from classifiers.sanitize.verify import SuiteResult

GROUP = "sanitized"
CHECK_NAME = "verified_by_great_expectations"


@dataclass(frozen=True)
class SanitizeDefinitions:
    assets: list[dg.AssetsDefinition] = field(default_factory=list)
    checks: list[dg.AssetChecksDefinition] = field(default_factory=list)

    @property
    def keys(self) -> set[dg.AssetKey]:
        return {key for asset in self.assets for key in asset.keys}


def sanitize_targets(
    store: CatalogStore, config: WardenConfig, report: BoundaryReport
) -> list[str]:
    """Inputs over their workload's ceiling, datasets the config names, and those copied before."""
    over = [f.dataset for f in report.violations if f.kind in OVER]
    copied = [c.source_ref for c in SanitizedStore(store).copies()]
    return list(dict.fromkeys([*over, *config.sanitize.datasets, *copied]))


def copy_key(config: WardenConfig, source_ref: str) -> dg.AssetKey:
    """The copy's key is the one the catalog gives it (source `sanitize.source`, same path)."""
    return dataset_key(config.sanitize.source, source_ref.split(":", 1)[1])


def _metadata(result: "SanitizeResult") -> dict[str, Any]:
    checks = result.suite.outcomes
    metadata: dict[str, Any] = {
        "dagster/uri": result.uri,
        "dagster/row_count": result.rows,
        "warden/status": "verified" if result.passed else "failed: kept aside, not offered",
        "warden/copy_level": result.copy_level.label if result.copy_level else "unknown",
        "warden/operators": dg.MetadataValue.json(
            {p.column: "free text" if p.free_text else p.operator.name for p in result.plans}
        ),
        "warden/free_text_spans": dg.MetadataValue.json(dict(result.spans)),
        "gx/expectations_passed": f"{sum(o.success for o in checks)}/{len(checks)}",
    }
    metadata.update(_docs_links(result.suite))
    if result.reasons:
        metadata["warden/reasons"] = dg.MetadataValue.json(list(result.reasons))
    return metadata


def _docs_links(suite: "SuiteResult") -> dict[str, Any]:
    """The copy's own Data Docs site (every validation of this copy, not of others) and this
    validation's own result page."""
    links: dict[str, Any] = {}
    if suite.docs_url:
        links["gx/data_docs"] = dg.MetadataValue.url(suite.docs_url)
    if suite.page_url:
        links["gx/validation_result"] = dg.MetadataValue.url(suite.page_url)
    return links


def _repointing(config: WardenConfig, result: "SanitizeResult") -> str | None:
    """The config change re-pointing the workloads that read the source to the copy."""
    if config.config_path is None:
        return None
    copies = {result.source_ref: result.copy_ref}
    diffs = [
        diff
        for w in config.workloads
        if result.source_ref in w.inputs
        and (diff := config_diff(config.config_path, w.name, copies))
    ]
    return "".join(f"```diff\n{d}```\n" for d in diffs) or None


def _copy_spec(config: WardenConfig, source_ref: str) -> dg.AssetSpec:
    source, path = source_ref.split(":", 1)
    return dg.AssetSpec(
        key=copy_key(config, source_ref),
        deps=[dataset_key(source, path)],
        group_name=GROUP,
        kinds={"python"},
        tags={"masking": "true"},
        description=f"Sanitized copy of {source_ref}, verified by a full rescan and a "
        "Great Expectations suite before it is offered to any workload.",
        skippable=True,  # a copy that could not be made fails the run, not its neighbours
    )


def _copies(config: WardenConfig, refs: Sequence[str]) -> dg.AssetsDefinition:
    """Every copy as one multi-asset: an @asset per copy cost about 10 ms of the code
    location's load each (5,300 copies at the 100,000-dataset bench: about a minute)."""
    by_key = {copy_key(config, ref): ref for ref in refs}

    @dg.multi_asset(
        specs=[_copy_spec(config, ref) for ref in refs], can_subset=True, name="sanitized_copies"
    )
    def sanitized_copies(
        context: dg.AssetExecutionContext, warden: WardenResource
    ) -> Iterator[dg.MaterializeResult]:
        failed = []
        store = warden.store()
        try:
            sanitizer, _ = make_sanitizer(store, warden.config(), None)
            for key in sorted(context.selected_asset_keys, key=lambda k: k.to_user_string()):
                try:
                    result = sanitizer.sanitize(by_key[key])
                except Exception:  # the other copies go on; the run fails at the end
                    context.log.exception("%s could not be sanitized", by_key[key])
                    failed.append(by_key[key])
                    continue
                yield dg.MaterializeResult(
                    asset_key=key, metadata=_outcome(context, warden, result)
                )
        finally:
            store.close()
        if failed:
            raise dg.Failure(f"could not sanitize {', '.join(failed)}")

    return sanitized_copies


def _outcome(
    context: dg.AssetExecutionContext, warden: WardenResource, result: "SanitizeResult"
) -> dict[str, Any]:
    metadata = _metadata(result)
    if not result.passed:
        context.log.warning("%s failed verification: kept aside", result.source_ref)
    elif change := _repointing(warden.config(), result):
        metadata["warden/repoint"] = dg.MetadataValue.md(change)
    return metadata


def _checks(config: WardenConfig, refs: Sequence[str], name: str) -> dg.AssetChecksDefinition:
    by_key = {copy_key(config, ref): ref for ref in refs}
    specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=key,
            description="The GX suite from the source's findings passes on the offered copy "
            "(no sensitive pattern, row count, keyed distinct counts and one-to-one mapping "
            "from the source, unclassified columns unchanged) and its full rescan is at most "
            "the target level.",
        )
        for key in by_key
    ]

    @dg.multi_asset_check(specs=specs, can_subset=True, name=name)
    def sanitized_verified(
        context: dg.AssetCheckExecutionContext, warden: WardenResource
    ) -> Iterator[dg.AssetCheckResult]:
        store = warden.store()
        try:
            sanitizer, _ = make_sanitizer(store, warden.config(), None)
            for check_key in context.selected_asset_check_keys:
                try:
                    passed, suite, reasons = sanitizer.check(by_key[check_key.asset_key])
                except (MissingKey, SanitizeError) as exc:  # fail the check, not the run
                    passed, suite, reasons = False, None, [str(exc)]
                metadata: dict[str, Any] = {"reasons": dg.MetadataValue.json(reasons)}
                if suite is not None:
                    done = sum(o.success for o in suite.outcomes)
                    metadata["expectations_passed"] = f"{done}/{len(suite.outcomes)}"
                    metadata.update(_docs_links(suite))
                yield dg.AssetCheckResult(
                    asset_key=check_key.asset_key,
                    check_name=CHECK_NAME,
                    passed=passed,
                    severity=dg.AssetCheckSeverity.ERROR,
                    description="; ".join(reasons) or "verified",
                    metadata=metadata,
                )
        finally:
            store.close()

    return sanitized_verified


def sanitize_definitions(
    store: CatalogStore, config: WardenConfig, report: BoundaryReport
) -> SanitizeDefinitions:
    refs = sanitize_targets(store, config, report)
    if not refs:
        return SanitizeDefinitions()
    checks = [
        _checks(
            config,
            refs[start : start + CHECKS_PER_OP],
            f"sanitized_verified_{n}" if n else "sanitized_verified",
        )
        for n, start in enumerate(range(0, len(refs), CHECKS_PER_OP))
    ]  # ops of at most CHECKS_PER_OP checks: Dagster's asset jobs grow with the square of one's
    return SanitizeDefinitions([_copies(config, refs)], checks)
