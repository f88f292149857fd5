"""`warden scan`: build the rules and the engine, run the scan with progress bars, report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.nlp import load_ner, ner_status
from classifiers.rules import scan_rules
from classifiers.scan import Outcome, Scanner
from lineage.evaluate import evaluate
from pipelines.render import dataset_table, print_catalog
from pipelines.render_lineage import print_boundaries
from pipelines.settings import chosen_sources, local_source


def run_scan(
    console: Console,
    store: CatalogStore,
    config: WardenConfig,
    source_names: list[str] | None,
    paths: list[Path] | None,
    mode: str | None,
    quiet: bool,
) -> int:
    sources, problems = chosen_sources(config, source_names, paths)
    if problems:
        for problem in problems:
            console.print(f"[red]{problem}[/]")
        return 2
    if not sources:
        console.print("[yellow]nothing to scan:[/] give paths or configure sources in warden.yaml")
        return 2
    if paths:
        config = WardenConfig.default()
    rules = scan_rules(config, mode)
    ner = load_ner()
    console.print(
        f"[dim]{ner_status(ner)}; {len(rules.registry.specs)} recognizers; "
        f"rules {rules.version}; mode {rules.options.mode}[/]"
    )
    for source in sources:
        store.ensure_source(source.name, "local", str(source.path), source.public, source.owners)
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, ner, rules.options))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=quiet,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def observe(name: str, total: int | None, outcome: Outcome | None) -> None:
            if total is not None:
                tasks[name] = progress.add_task(f"scan {name}", total=total)
            if outcome is not None:
                progress.update(
                    tasks[name], advance=1, description=f"scan {name}: {outcome.obj.path}"
                )

        report = scanner.scan([local_source(s) for s in sources], observe)
    counts = report.counts
    console.print(
        "scan {}: {}".format(
            report.scan_id,
            ", ".join(
                f"{counts.get(k, 0)} {k}"
                for k in ("scanned", "unchanged", "artifact", "error", "deleted")
            ),
        )
    )
    if not quiet:
        _print_results(console, store, [s.name for s in sources])
        if config.workloads:
            console.print()
            print_boundaries(console, evaluate(config, store.datasets(), date.today()))
    return 0


def _print_results(console: Console, store: CatalogStore, names: list[str]) -> None:
    rows = [r for r in store.datasets() if r.source in names]
    print_catalog(console, rows)
    ranked = [r for r in rows if r.sensitivity is not None]
    if not ranked:
        return
    top = max(ranked, key=lambda r: (r.sensitivity, len(r.entities)))
    detail = store.dataset(f"{top.source}:{top.path}")
    if detail is not None:
        console.print("\nMost sensitive dataset:")
        console.print(dataset_table(detail))
