"""`warden scan`: build the rules and the engine, run the scan with progress bars, report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
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
from classifiers.engines.factory import EngineUnavailable, make_engine
from classifiers.nlp import load_ner, ner_status
from classifiers.rules import scan_rules
from classifiers.scan import Outcome, Scanner
from classifiers.sources.errors import SourceUnavailable
from lineage.after_scan import follow_up
from pipelines.render import dataset_table, error, print_catalog
from pipelines.render_lineage import print_boundaries, print_follow_up
from pipelines.settings import chosen_sources, make_source, register_source


def run_scan(
    console: Console,
    store: CatalogStore,
    config: WardenConfig,
    source_names: list[str] | None,
    paths: Sequence[Path | str] | None,
    mode: str | None,
    quiet: bool,
    engine: str | None = None,  # overrides scan.engine
    budget: Mapping[str, float | None] | None = None,  # scan.object_*_budget* overrides
) -> int:
    sources, problems = chosen_sources(config, source_names, paths)
    if problems:
        for problem in problems:
            error(console, problem)
        return 2
    if not sources:
        console.print("[yellow]nothing to scan:[/] give paths or configure sources in warden.yaml")
        return 2
    if paths:
        config = WardenConfig.default()
    given = {key: value for key, value in (budget or {}).items() if value is not None}
    if given:  # the bounds per object given on the command line
        config = config.model_copy(update={"scan": config.scan.model_copy(update=given)})
    try:
        crawlers = [make_source(s) for s in sources]
    except ValueError as exc:  # e.g. the variable named by connection_string_env is not set
        error(console, str(exc))
        return 2
    rules = scan_rules(config, mode)
    ner = load_ner(background=True)
    try:
        chosen = make_engine(config, rules, ner, engine)
    except EngineUnavailable as exc:
        error(console, str(exc))
        return 2
    console.print(
        f"[dim]{ner_status(ner)}; {len(rules.registry.specs)} recognizers; "
        f"rules {rules.version}; mode {rules.options.mode}; engine {chosen.name}[/]"
    )
    for source, crawler in zip(sources, crawlers, strict=True):
        register_source(store, source, crawler)
    scanner = Scanner(store, rules, chosen)  # type: ignore[arg-type]  # until Scanner takes Engine
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

        try:
            report = scanner.scan(crawlers, observe)
        except SourceUnavailable as exc:  # listing failed: nothing is marked deleted
            error(console, f"scan stopped: {exc}")
            return 1
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
    for busy in (o for o in report.outcomes if o.status == "busy"):  # another scan has it
        console.print(f"skipped {busy.obj.source}:{busy.obj.path}: {busy.busy_reason}")
    changed = [(o.obj.source, o.obj.path) for o in report.outcomes if o.status in CHANGED]
    after = follow_up(store, config, changed, datetime.now(UTC))
    if not quiet:
        _print_results(console, store, [s.name for s in sources])
        if config.workloads:
            console.print()
            print_boundaries(console, after.boundaries)
    print_follow_up(console, after)
    return 0


CHANGED = ("scanned", "error")  # outcomes that made a new version (drift compares versions)


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
