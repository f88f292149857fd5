"""The `warden` command line: scan sources, browse the catalog, export findings."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from classifiers.catalog.export import export as export_catalog
from classifiers.catalog.store import CatalogStore
from classifiers.config import ConfigError
from pipelines.cli_lineage import (
    FormatOption,
    TodayOption,
    _today,
    boundary_report,
    run_boundaries,
    workloads_table,
)
from pipelines.render import dataset_table, print_catalog
from pipelines.scan_command import run_scan
from pipelines.settings import CATALOG_ENV, catalog_url, load_settings

app = typer.Typer(
    help="Warden: find sensitive data in the datasets that feed AI, and keep a catalog of it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Config file (default: ./warden.yaml if present).",
        exists=True,
        dir_okay=False,
    ),
]
CatalogOption = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        envvar=CATALOG_ENV,
        metavar="URL",
        help="Catalog database URL (SQLAlchemy), e.g. sqlite:///warden.db. "
        "Default: the config's `catalog`, else ./dagster_home/warden.db.",
    ),
]


def _open(config_path: Path | None, catalog: str | None) -> tuple[CatalogStore, object]:
    try:
        config = load_settings(config_path)
    except ConfigError as exc:
        console.print(f"[red]config error[/]\n{exc}")
        raise typer.Exit(2) from None
    return CatalogStore.open(catalog_url(catalog, config)), config


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


@app.command()
def scan(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Folders or files to scan as ad-hoc local sources (default policy). "
            "Without paths, the config's sources are scanned.",
            exists=True,
        ),
    ] = None,
    config: ConfigOption = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", metavar="NAME", help="Scan only this configured source (repeatable)."
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(
            metavar="sample|full",
            help="sample: a bounded sample spread across each object (default); full: every row.",
        ),
    ] = None,
    catalog: CatalogOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
) -> None:
    """Crawl sources, classify new or changed objects and record the findings in the catalog.

    Objects whose content and rules are unchanged since their last scan are not read again.
    Unreadable objects are recorded with their error and the scan goes on.
    """
    if mode not in (None, "sample", "full"):
        raise typer.BadParameter("must be 'sample' or 'full'", param_hint="--mode")
    store, settings = _open(config, catalog)
    code = run_scan(console, store, settings, source, paths, mode, quiet)  # type: ignore[arg-type]
    raise typer.Exit(code)


@app.command("catalog")
def catalog_command(
    config: ConfigOption = None,
    catalog: CatalogOption = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", metavar="NAME", help="Only this source.")
    ] = None,
) -> None:
    """List every dataset and AI artifact with its level, entity types and coverage."""
    store, _ = _open(config, catalog)
    print_catalog(console, store.datasets(source))


@app.command()
def show(
    dataset: Annotated[
        str,
        typer.Argument(
            metavar="DATASET", help="A dataset path (crm/customers.csv), SOURCE:PATH, or its URI."
        ),
    ],
    config: ConfigOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Show one dataset's columns with their entity types, confidence, reasons and examples."""
    store, _ = _open(config, catalog)
    try:
        detail = store.dataset(dataset)
    except LookupError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None
    if detail is None:
        console.print(f"[red]no dataset {dataset!r} in the catalog[/] (try `warden catalog`)")
        raise typer.Exit(1)
    console.print(dataset_table(detail))


@app.command()
def export(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="jsonl|csv|parquet",
            help="jsonl (one record per dataset and per column), csv or parquet.",
        ),
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="File to write (default: standard output; required for parquet).",
        ),
    ] = None,
    config: ConfigOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Export the latest findings: no raw values, only levels, entity types, ratios, reasons."""
    if format not in ("jsonl", "csv", "parquet"):
        raise typer.BadParameter("must be jsonl, csv or parquet", param_hint="--format")
    if format == "parquet" and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--output")
    store, _ = _open(config, catalog)
    count = export_catalog(store, format, output if output else sys.stdout)
    if output:
        console.print(f"wrote {count} records to {output}")


@app.command()
def boundaries(
    config: ConfigOption = None,
    catalog: CatalogOption = None,
    format: FormatOption = "table",
    today: TodayOption = None,
) -> None:
    """Check every AI workload's inputs against its audience's ceiling.

    A violation is an input above the ceiling, never scanned or unreadable (fail closed), or
    sensitive and publicly readable. Unexpired exceptions are shown as accepted risks. Exits 1
    when any violation remains, so it can gate a pipeline.
    """
    store, settings = _open(config, catalog)
    report = boundary_report(store, settings, _today(today))  # type: ignore[arg-type]
    raise typer.Exit(run_boundaries(console, report, format))


@app.command()
def workloads(config: ConfigOption = None, catalog: CatalogOption = None) -> None:
    """List the declared AI workloads with the datasets they read and their levels."""
    store, settings = _open(config, catalog)
    report = boundary_report(store, settings, date.today())  # type: ignore[arg-type]
    console.print(workloads_table(report))


if __name__ == "__main__":
    app()
