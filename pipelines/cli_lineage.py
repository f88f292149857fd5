"""`warden boundaries` and `warden workloads`: which AI workload reads which data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

from rich.console import Console
from rich.table import Table

from classifiers.catalog.lineage_views import AlertRow
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.after_scan import boundary_evaluation
from lineage.evaluate import BoundaryReport, readers_of
from lineage.model import ArtifactRisk, BoundaryFinding, DriftEvent, ModelLevel
from pipelines.render import level_text
from pipelines.render_lineage import print_boundaries


def _today(text: str | None) -> date:
    return datetime.strptime(text, "%Y-%m-%d").date() if text else date.today()


def boundary_report(store: CatalogStore, config: WardenConfig, today: date) -> BoundaryReport:
    return boundary_evaluation(store, config, today)


def finding_json(finding: BoundaryFinding, audience: str) -> dict[str, object]:
    exception = finding.exception
    return {
        "workload": finding.workload,
        "audience": audience,
        "dataset": finding.dataset,
        "level": finding.level.label if finding.level is not None else None,
        "ceiling": finding.ceiling.label,
        "kind": finding.kind,
        "status": "accepted" if finding.accepted else "violation",
        "reason": finding.reason,
        "owners": list(finding.owners),
        "exception": None
        if exception is None
        else {
            "reason": exception.reason,
            "approver": exception.approver,
            "expires": exception.expires.isoformat(),
        },
    }


def run_boundaries(console: Console, report: BoundaryReport, fmt: str) -> int:
    """Print the report; 1 when any violation is not covered by an exception, or an artifact
    risk is an error (a dangerous pickle, say): a gate."""
    if fmt == "json":
        audiences = {w.name: w.audience for w in report.workloads}
        rows = [finding_json(f, audiences.get(f.workload, "")) for f in report.findings]
        document = {
            "findings": rows,
            "violations": len(report.violations),
            "models": [model_json(m) for m in report.models.values()],
            "artifact_risks": [risk_json(r) for r in report.artifact_risks],
        }
        console.print_json(json.dumps(document))
    else:
        print_boundaries(console, report)
    return 1 if report.violations or report.artifact_errors else 0


def model_json(model: ModelLevel) -> dict[str, object]:
    return {
        "model": model.model,
        "level": model.level.label if model.level is not None else None,
        "reasons": list(model.reasons),
        "trained_by": list(model.workloads),
        "inputs": list(model.inputs),
    }


def risk_json(risk: ArtifactRisk) -> dict[str, object]:
    return {
        "artifact": risk.ref,
        "kind": risk.kind,
        "severity": risk.severity,
        "reason": risk.reason,
        "owners": list(risk.owners),
    }


def workloads_table(report: BoundaryReport) -> Table:
    table = Table(title="AI workloads and the data they read", show_lines=True)
    for name in ("workload", "kind", "audience", "owners", "inputs (level)"):
        table.add_column(name, overflow="fold")
    for workload in report.workloads:
        reads = [d for d in report.datasets if workload in readers_of(d, [workload])]
        inputs = "\n".join(f"{d.ref} ({level_text(d.level)})" for d in reads) or "-"
        table.add_row(
            workload.name, workload.kind, workload.audience, ", ".join(workload.owners), inputs
        )
    return table


def parse_since(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def drift_json(event: DriftEvent) -> dict[str, object]:
    return {
        "source": event.source,
        "dataset": event.path,
        "type": event.type,
        "before": event.before,
        "after": event.after,
        "reasons": list(event.reasons),
    }


def alerts_table(rows: Sequence[AlertRow]) -> Table:
    table = Table(title="Alerts", show_lines=False)
    for name in ("created", "event", "recipient", "channel", "status", "attempts", "error"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            row.created_at.strftime("%Y-%m-%d %H:%M"),
            row.message.subject,
            row.recipient,
            row.channel,
            row.status,
            str(row.attempts),
            row.last_error or "",
        )
    return table
