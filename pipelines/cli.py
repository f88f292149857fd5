"""The `warden` command line: scan sources, browse the catalog, export findings."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

# Everything else is imported by the command that uses it: `warden --help` and a command's
# start pay only for typer and rich (Polars, SQLAlchemy, Presidio, Azure are seconds of CPU).
from pipelines.cli_options import CatalogOption, ConfigOption, FormatOption, TodayOption
from pipelines.cli_program import WardenApp

if TYPE_CHECKING:
    from classifiers.catalog.store import CatalogStore

app = WardenApp(
    help="Warden: find sensitive data in the datasets that feed AI, and keep a catalog of it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()


def _open(config_path: Path | None, catalog: str | None) -> tuple[CatalogStore, object]:
    from classifiers.catalog.connect import CatalogUrlError
    from classifiers.catalog.store import CatalogStore
    from classifiers.config import ConfigError
    from pipelines.render import error
    from pipelines.settings import catalog_url, load_settings

    try:
        config = load_settings(config_path)
    except ConfigError as exc:
        error(console, str(exc), heading="config error")
        raise typer.Exit(2) from None
    try:
        url = catalog_url(catalog, config)
        return CatalogStore.open(url), config
    except CatalogUrlError as exc:
        error(console, str(exc), heading="catalog error")
        raise typer.Exit(2) from None


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


def _existing_or_url(values: list[str] | None) -> list[str] | None:
    """Local paths must exist; container URLs are checked when their source is built."""
    from classifiers.sources.azure_location import is_storage_url

    for value in values or ():
        if not is_storage_url(value) and not Path(value).exists():
            raise typer.BadParameter(f"Path '{value}' does not exist.")
    return values


@app.command()
def scan(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...",
            help="Folders or files to scan as ad-hoc local sources (default policy), or "
            "container URLs: https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX or "
            "abfss://CONTAINER@ACCOUNT.dfs.core.windows.net/PREFIX, with credentials from "
            "the environment (AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_SAS_TOKEN, "
            "AZURE_STORAGE_KEY, else Azure AD). Without paths, the config's sources are scanned.",
            callback=_existing_or_url,
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
    engine: Annotated[
        str | None,
        typer.Option(
            metavar="polars|spark",
            help="polars: in this process (default); spark: a Spark session from the config's "
            "`spark:` block (needs pip install '.[spark]' and Java 17). Overrides scan.engine.",
        ),
    ] = None,
    time_budget: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            min=0.001,
            help="Seconds one object may take before it is stopped and recorded as an error "
            "(default 120). Overrides scan.object_time_budget.",
        ),
    ] = None,
    memory_budget: Annotated[
        int | None,
        typer.Option(
            metavar="MB",
            min=1,
            help="MB the process may grow by while reading one object (default 4096). "
            "Overrides scan.object_memory_budget_mb.",
        ),
    ] = None,
) -> None:
    """Crawl sources, classify new or changed objects and record the findings in the catalog.

    Objects whose content and rules are unchanged since their last scan are not read again.
    Unreadable objects are recorded with their error and the scan goes on.
    """
    if mode not in (None, "sample", "full"):
        raise typer.BadParameter("must be 'sample' or 'full'", param_hint="--mode")
    if engine not in (None, "polars", "spark"):
        raise typer.BadParameter("must be 'polars' or 'spark'", param_hint="--engine")
    store, settings = _open(config, catalog)
    from pipelines.scan_command import run_scan  # the recognizers: loaded only to scan

    budget = {"object_time_budget": time_budget, "object_memory_budget_mb": memory_budget}
    code = run_scan(console, store, settings, source, paths, mode, quiet, engine, budget)  # type: ignore[arg-type]
    store.close()
    app.leave_at_once()  # every object scanned is committed, the catalog closed
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
    from pipelines.render import print_catalog

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
    from pipelines.render import dataset_table, error

    store, _ = _open(config, catalog)
    try:
        detail = store.dataset(dataset)
    except LookupError as exc:
        error(console, str(exc))
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
    store, settings = _open(config, catalog)
    from classifiers.catalog.export import export as export_catalog  # polars, pyarrow
    from pipelines.cli_lineage import boundary_report

    # A trained model's record carries the level it inherits from its training data.
    report = boundary_report(store, settings, date.today())  # type: ignore[arg-type]
    models = {ref: (m.level, m.reasons) for ref, m in report.models.items()}
    count = export_catalog(store, format, output if output else sys.stdout, models)
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
    from pipelines.cli_lineage import _today, boundary_report, run_boundaries

    store, settings = _open(config, catalog)
    report = boundary_report(store, settings, _today(today))  # type: ignore[arg-type]
    raise typer.Exit(run_boundaries(console, report, format))


@app.command()
def workloads(config: ConfigOption = None, catalog: CatalogOption = None) -> None:
    """List the declared AI workloads with the datasets they read and their levels."""
    from pipelines.cli_lineage import boundary_report, workloads_table

    store, settings = _open(config, catalog)
    report = boundary_report(store, settings, date.today())  # type: ignore[arg-type]
    console.print(workloads_table(report))


@app.command()
def drift(
    config: ConfigOption = None,
    catalog: CatalogOption = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD[THH:MM]", help="Only events recorded since then."),
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Show sensitivity drift between versions of datasets (new entity types, level changes,
    jumps in match ratio, new sensitive columns, scan errors)."""
    import json

    from classifiers.catalog.lineage_store import LineageStore
    from pipelines.cli_lineage import drift_json, parse_since
    from pipelines.render_lineage import drift_table

    store, _ = _open(config, catalog)
    events = LineageStore(store).drift_events(parse_since(since))
    if format == "json":
        console.print_json(json.dumps([drift_json(e) for e in events]))
    elif events:
        console.print(drift_table(events))
    else:
        console.print("no drift recorded" + (f" since {since}" if since else ""))


lineage_app = typer.Typer(help="Observed lineage from OpenLineage run events.")
app.add_typer(lineage_app, name="lineage")


@lineage_app.command("ingest")
def lineage_ingest(
    events: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", exists=True, dir_okay=False, help="OpenLineage RunEvents as JSON Lines."
        ),
    ],
    config: ConfigOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Record the inputs and outputs of OpenLineage run events as observed lineage edges."""
    from classifiers.catalog.lineage_store import LineageStore
    from lineage.openlineage import LineageEventError, edges_from_file
    from pipelines.render import error

    store, _ = _open(config, catalog)
    try:
        edges = edges_from_file(events)
    except LineageEventError as exc:
        error(console, f"{events}: {exc}")
        raise typer.Exit(2) from None
    new = LineageStore(store).record_edges(edges)
    console.print(f"{len(edges)} observed edges in {events.name}; {new} new")


@app.command()
def alerts(config: ConfigOption = None, catalog: CatalogOption = None) -> None:
    """Retry pending or failed alerts, then list every alert with its delivery status."""
    from classifiers.catalog.lineage_store import LineageStore
    from lineage.alerts import send_alerts
    from pipelines.cli_lineage import alerts_table

    store, settings = _open(config, catalog)
    lineage = LineageStore(store)
    report = send_alerts(lineage, [], settings.alerts, datetime.now(UTC))  # type: ignore[attr-defined]
    if not report.enabled:
        console.print("[dim]alerts are off: add an `alerts:` block to the config[/]")
    console.print(alerts_table(lineage.alerts()))


# --- sanitized copies (issue 17) -----------------------------------------------------------------
@app.command()
def sanitize(
    datasets: Annotated[
        list[str] | None,
        typer.Argument(metavar="SOURCE:PATH...", help="Catalogued datasets to copy, sanitized."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="LOCATION",
            help="A folder or container URL; each copy lands at its dataset's path under it "
            "(default: the config's sanitize.output).",
        ),
    ] = None,
    for_workload: Annotated[
        str | None,
        typer.Option(
            "--for-workload",
            metavar="NAME",
            help="Sanitize every input of this workload above its ceiling and print the config "
            "change that re-points it to the verified copies.",
        ),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="With --for-workload: also write the re-pointing into the config file (the "
            "old file is kept as NAME.bak).",
        ),
    ] = False,
    config: ConfigOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Write sanitized copies, verify them (full rescan and a Great Expectations suite), and
    record them with a masking lineage edge. A copy that fails verification is kept aside and
    never offered. Keyed hashing needs its key in WARDEN_SANITIZE_KEY (or sanitize.key_env)."""
    store, settings = _open(config, catalog)
    from pipelines.sanitize_command import run_sanitize  # GX, Presidio: loaded only here

    code = run_sanitize(console, store, settings, datasets or [], output, for_workload, apply)  # type: ignore[arg-type]
    raise typer.Exit(code)


# --- end of sanitized copies ---------------------------------------------------------------------


# --- publish to Microsoft Purview (issue 19) -----------------------------------------------------
publish_app = typer.Typer(help="Publish the catalog to another data catalog.")
app.add_typer(publish_app, name="publish")


@publish_app.command("purview")
def publish_purview(
    config: ConfigOption = None,
    catalog: CatalogOption = None,
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", metavar="NAME", help="Only this source's datasets."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the request bodies as JSON; send nothing."),
    ] = False,
) -> None:
    """Publish datasets, columns, classifications, levels and AI workload lineage to the
    Purview account in the config's `purview:` block (credentials from the environment).
    Only what changed since the last publish is sent; deleted datasets are deleted."""
    store, settings = _open(config, catalog)
    from pipelines.publish_command import run_publish  # azure-core: loaded only here

    raise typer.Exit(run_publish(console, store, settings, source, dry_run))  # type: ignore[arg-type]


# --- end of publish to Microsoft Purview ----------------------------------------------------------


if __name__ == "__main__":
    app()
