"""Rich tables for the CLI: the catalog, one dataset's columns, a scan's summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from classifiers.artifacts.report import ArtifactReport
from classifiers.catalog.views import DatasetDetail, DatasetRow
from classifiers.entities import entity_label
from classifiers.model import Coverage, Sensitivity

LEVEL_STYLE = {
    Sensitivity.PUBLIC: "green",
    Sensitivity.GENERAL: "cyan",
    Sensitivity.CONFIDENTIAL: "yellow",
    Sensitivity.HIGHLY_CONFIDENTIAL: "bold red",
}


def error(console: Console, message: str, heading: str = "") -> None:
    """An error message as it is: never read as markup (a path may hold `[...]`), never
    wrapped (a `file:line` location stays on one line to copy). `heading` goes before it, in
    red, on a line of its own."""
    if heading:
        console.print(Text(heading, style="red"))
    console.print(Text(message, style="" if heading else "red"), soft_wrap=True)


def level_text(level: Sensitivity | None) -> str:
    if level is None:
        return "[magenta]unscanned[/]"
    return f"[{LEVEL_STYLE[level]}]{level.label}[/]"


def coverage_text(coverage: Coverage | None) -> str:
    if coverage is None:
        return ""
    if coverage.rows_total:
        return f"{coverage.rows_read:,}/{coverage.rows_total:,} rows ({coverage.mode})"
    share = coverage.bytes_read / coverage.bytes_total if coverage.bytes_total else 1.0
    return f"{coverage.rows_read:,} rows, {share:.0%} of bytes ({coverage.mode})"


def read_notes(coverage: Coverage | None) -> list[str]:
    """What reading had to work around: records skipped or repaired, a legacy encoding."""
    if coverage is None:
        return []
    notes = []
    if skipped := coverage.records_unreadable:
        seen = (coverage.rows_total or coverage.rows_read) + skipped
        notes.append(f"{skipped:,} of {seen:,} records malformed, skipped")
    if coverage.records_repaired:
        notes.append(f"{coverage.records_repaired:,} records repaired (ragged or bad bytes)")
    if coverage.encoding not in (None, "utf-8", "utf-8-sig"):
        notes.append(f"encoding {coverage.encoding}")
    return notes


def catalog_table(rows: Sequence[DatasetRow]) -> Table:
    table = Table(title="Warden catalog", show_lines=False, expand=False)
    for name in ("source", "dataset", "format", "level", "entities", "coverage"):
        table.add_column(name, overflow="fold")
    for row in rows:
        if row.artifact is not None:
            table.add_row(row.source, row.path, *artifact_cells(row.artifact))
            continue
        entities = ", ".join(row.entities) if row.status == "ok" else f"[red]error:[/] {row.error}"
        level = "[dim]artifact[/]" if row.kind == "artifact" else level_text(row.sensitivity)
        table.add_row(
            row.source,
            row.path,
            row.format,
            level,
            entities,
            "; ".join([coverage_text(row.coverage), *read_notes(row.coverage)]),
        )
    return table


VERDICT_STYLES = {"safe": "green", "suspicious": "yellow", "dangerous": "bold red"}


def artifact_cells(report: ArtifactReport) -> tuple[str, str, str, str]:
    """Format, verdict, the globals a pickle imports (or the header's facts), and why a
    verdict is unknown: for an AI artifact's row of the catalog table."""
    style = VERDICT_STYLES.get(report.verdict.value, "dim")
    verdict = f"[{style}]artifact: {report.verdict.value}[/]"
    facts = [f"{k}={v}" for k, v in report.metadata.items() if not isinstance(v, dict | list)]
    found = ", ".join(report.globals) if report.globals else ", ".join(facts)
    return f"model/{report.format}", verdict, escape(found), escape(report.error or "")


def dataset_table(detail: DatasetDetail) -> Table:
    row = detail.row
    title = f"{row.source}:{row.path} - {level_text(row.sensitivity)}"
    caption = "; ".join([*detail.reasons, *read_notes(row.coverage)])
    table = Table(title=title, show_lines=True, caption=caption)
    for name in ("column", "type", "level", "entities (confidence)", "reasons", "examples"):
        table.add_column(name, overflow="fold")
    for column in detail.columns:
        entities = ", ".join(
            f"{entity_label(e.entity, e.subtype)} ({e.confidence:.2f})" for e in column.entities
        )
        if column.undetermined:
            entities = "[magenta]undetermined[/]"
        table.add_row(
            column.column,
            column.dtype,
            level_text(column.sensitivity),
            entities,
            "\n".join(column.reasons),
            ", ".join(column.examples),
        )
    return table


def print_catalog(console: Console, rows: Sequence[DatasetRow]) -> None:
    console.print(catalog_table(rows))
    levels = [r.sensitivity for r in rows if r.sensitivity is not None]
    summary = ", ".join(
        f"{sum(1 for x in levels if x == level)} {level.label}" for level in Sensitivity
    )
    errors = sum(1 for r in rows if r.status == "error")
    console.print(f"{len(rows)} objects: {summary}; {errors} unreadable")
