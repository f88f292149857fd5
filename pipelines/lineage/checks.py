"""ERROR asset check on each AI workload: within its boundary."""

from collections.abc import Iterator, Sequence
from datetime import date

import dagster as dg

from lineage.evaluate import evaluate
from lineage.model import Workload
from pipelines.lineage.workload_assets import workload_key
from pipelines.resources import WardenResource

CHECK_NAME = "within_boundary"


def build_boundary_checks(workloads: Sequence[Workload]) -> list[dg.AssetChecksDefinition]:
    if not workloads:
        return []
    specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=workload_key(w.name),
            description="Every input is scanned and at most the audience's "
            "ceiling, and none is sensitive and publicly readable.",
        )
        for w in workloads
    ]
    by_key = {workload_key(w.name): w.name for w in workloads}

    @dg.multi_asset_check(specs=specs, can_subset=True, name="within_boundary")
    def within_boundary(
        context: dg.AssetCheckExecutionContext, warden: WardenResource
    ) -> Iterator[dg.AssetCheckResult]:
        store = warden.store()
        report = evaluate(warden.config(), store.datasets(), date.today())
        for check_key in context.selected_asset_check_keys:
            name = by_key[check_key.asset_key]
            violations = [f for f in report.violations if f.workload == name]
            accepted = [f for f in report.accepted if f.workload == name]
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key,
                check_name=CHECK_NAME,
                passed=not violations,
                severity=dg.AssetCheckSeverity.ERROR,
                description="; ".join(f.reason for f in violations) or "within boundary",
                metadata={
                    "violations": len(violations),
                    "accepted_risks": len(accepted),
                    "datasets": dg.MetadataValue.json([f.dataset for f in violations]),
                },
            )

    return [within_boundary]
