"""Rich tables for workloads, boundary findings and drift events."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lineage.after_scan import FollowUp
from lineage.evaluate import BoundaryReport
from lineage.model import DriftEvent
from lineage.refs import matches
from pipelines.render import level_text


def boundary_table(report: BoundaryReport) -> Table:
    table = Table(title="AI workload boundaries", show_lines=True)
    for name in (
        "workload",
        "audience",
        "dataset",
        "level",
        "ceiling",
        "status",
        "reason",
        "owners",
    ):
        table.add_column(name, overflow="fold")
    audiences = {w.name: w.audience for w in report.workloads}
    for finding in sorted(report.findings, key=lambda f: (f.accepted, f.workload, f.dataset)):
        status = "[yellow]accepted risk[/]" if finding.accepted else "[bold red]VIOLATION[/]"
        reason = finding.reason
        if finding.exception is not None:
            e = finding.exception
            reason += f" (exception: {e.reason}; approved by {e.approver} until {e.expires})"
        table.add_row(
            finding.workload,
            audiences.get(finding.workload, "?"),
            finding.dataset,
            level_text(finding.level),
            finding.ceiling.label,
            status,
            reason,
            ", ".join(finding.owners),
        )
    return table


def models_table(report: BoundaryReport) -> Table:
    table = Table(title="AI models and the data they were trained on", show_lines=True)
    for name in ("model", "level", "why", "served by"):
        table.add_column(name, overflow="fold")
    served = {
        ref: [w.name for w in report.workloads if any(matches(i, d) for i in w.inputs)]
        for d in report.datasets
        if (ref := d.ref) in report.models
    }
    for ref, model in sorted(report.models.items()):
        table.add_row(
            ref,
            level_text(model.level),
            "\n".join(model.reasons),
            ", ".join(served.get(ref, [])) or "-",
        )
    return table


def artifact_risk_table(report: BoundaryReport) -> Table:
    table = Table(title="AI artifact risks", show_lines=True)
    for name in ("artifact", "risk", "severity", "reason", "owners"):
        table.add_column(name, overflow="fold")
    for risk in report.artifact_risks:
        style = "bold red" if risk.severity == "ERROR" else "yellow"
        table.add_row(
            risk.ref,
            risk.kind,
            f"[{style}]{risk.severity}[/]",
            escape(risk.reason),
            ", ".join(risk.owners),
        )
    return table


def print_boundaries(console: Console, report: BoundaryReport) -> None:
    if report.models:
        console.print(models_table(report))
    if report.artifact_risks:
        console.print(artifact_risk_table(report))
        errors = len(report.artifact_errors)
        console.print(
            f"{len(report.artifact_risks)} artifact risks: {errors} errors, "
            f"{len(report.artifact_risks) - errors} warnings"
        )
    if not report.workloads:
        console.print("[dim]no AI workloads declared (workloads: in the config)[/]")
        return
    within = {w.name for w in report.workloads} - {f.workload for f in report.violations}
    if report.findings:
        console.print(boundary_table(report))
    console.print(
        f"{len(report.workloads)} workloads: {len(within)} within their boundary, "
        f"{len(report.violations)} violations, {len(report.accepted)} accepted risks"
    )


def drift_table(events: Sequence[DriftEvent]) -> Table:
    table = Table(title="Sensitivity drift", show_lines=False)
    for name in ("dataset", "change", "before", "after", "reasons"):
        table.add_column(name, overflow="fold")
    for event in events:
        table.add_row(
            f"{event.source}:{event.path}",
            event.type,
            event.before,
            event.after,
            "; ".join(event.reasons),
        )
    return table


def print_follow_up(console: Console, after: FollowUp) -> None:
    """One line each on new drift and on alerts."""
    if after.drift:
        console.print(drift_table(after.drift))
    alerts = after.alerts
    if alerts.enabled:
        line = f"alerts: {alerts.sent} sent in {alerts.messages} messages, {alerts.failed} failed"
        if alerts.skipped:
            line += f", {alerts.skipped} already sent"
        console.print(line)
        for error in alerts.errors:
            console.print(f"[red]  {error}[/]")
    else:
        console.print(f"[dim]{len(after.drift)} new drift events; alerts off (no `alerts:`)[/]")
