"""Asset check on each AI artifact: no code in its pickles, not public, stored as asked."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

import dagster as dg

from lineage.evaluate import evaluate
from lineage.model import ArtifactRisk
from pipelines.keys import dataset_key
from pipelines.resources import WardenResource

CHECK_NAME = "artifact_risk"


def build_artifact_checks(specs: Sequence[dg.AssetSpec]) -> list[dg.AssetChecksDefinition]:
    artifacts = [s for s in specs if "model" in s.kinds]
    if not artifacts:
        return []
    check_specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=s.key,
            description="Loading it runs no code (no dangerous pickle); it is not publicly "
            "readable; on Azure it has the encryption scope and immutability the policy asks.",
        )
        for s in artifacts
    ]

    @dg.multi_asset_check(specs=check_specs, can_subset=True, name="artifact_risk")
    def artifact_risk(
        context: dg.AssetCheckExecutionContext, warden: WardenResource
    ) -> Iterator[dg.AssetCheckResult]:
        report = evaluate(warden.config(), warden.store().datasets(), date.today())
        risks: dict[dg.AssetKey, list[ArtifactRisk]] = defaultdict(list)
        for risk in report.artifact_risks:
            risks[dataset_key(risk.source, risk.path)].append(risk)
        for check_key in context.selected_asset_check_keys:
            yield _result(check_key.asset_key, risks.get(check_key.asset_key, []))

    return [artifact_risk]


def _result(key: dg.AssetKey, risks: list[ArtifactRisk]) -> dg.AssetCheckResult:
    errors = [r for r in risks if r.severity == "ERROR"]
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=CHECK_NAME,
        passed=not risks,
        severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
        description="; ".join(f"{r.kind}: {r.reason}" for r in risks) or "no risk found",
        metadata={
            "errors": len(errors),
            "warnings": len(risks) - len(errors),
            "risks": dg.MetadataValue.json([r.kind for r in risks]),
        },
    )
