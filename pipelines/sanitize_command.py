"""`warden sanitize`: sanitized copies, verified, recorded; with --for-workload, the re-pointing."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.sanitize.policy import MissingKey
from classifiers.sanitize.repoint import apply_repoint, config_diff
from classifiers.sanitize.write import Location, SanitizeError
from lineage.after_scan import boundary_evaluation
from pipelines.render import error

if TYPE_CHECKING:  # the scanner and Presidio's anonymizer load when a copy is made, not with
    from classifiers.sanitize.run import Sanitizer, SanitizeResult  # the code location

OVER = ("above_ceiling", "public_location")  # what a sanitized copy can fix


def docs_folder(config: WardenConfig) -> Path:
    """GX Data Docs live under dagster_home/ (DAGSTER_HOME, else beside the config): a site per
    copy under it (`gx_docs/sanitized/crm/customers_csv/`), a page per validation."""
    home = os.environ.get("DAGSTER_HOME")
    base = Path(home) if home else (config.config_path or Path.cwd() / "x").parent / "dagster_home"
    return base / "gx_docs"


def output_root(config: WardenConfig, output: str | None) -> str:
    """--output against the working directory; the config's against the config's folder."""
    if output:
        return output if "://" in output else str(Path(output).resolve())
    root = config.sanitize.output
    if "://" in root or Path(root).is_absolute():
        return root
    base = config.config_path.parent if config.config_path else Path.cwd()
    return str((base / root).resolve())


def workload_inputs_over(store: CatalogStore, config: WardenConfig, name: str) -> list[str] | None:
    """The inputs of a workload above its ceiling (not covered by an exception); None when no
    workload has that name."""
    report = boundary_evaluation(store, config, date.today())
    if name not in {w.name for w in report.workloads}:
        return None
    return list(
        dict.fromkeys(f.dataset for f in report.violations if f.workload == name and f.kind in OVER)
    )


def make_sanitizer(
    store: CatalogStore, config: WardenConfig, output: str | None
) -> tuple[Sanitizer, str]:
    from classifiers.engines.factory import make_engine
    from classifiers.nlp import load_ner, ner_status
    from classifiers.rules import scan_rules
    from classifiers.sanitize.run import Sanitizer
    from classifiers.scan import Scanner

    rules = scan_rules(config, "full")  # the copy is read whole
    ner = load_ner(background=True)
    engine = make_engine(config, rules, ner)
    scanner = Scanner(store, rules, engine)  # type: ignore[arg-type]  # as scan_command does
    location = Location(output_root(config, output))
    sanitizer = Sanitizer(store, config, scanner, ner, location, os.environ, docs_folder(config))
    return sanitizer, ner_status(ner)


def run_sanitize(
    console: Console,
    store: CatalogStore,
    config: WardenConfig,
    datasets: Sequence[str],
    output: str | None,
    workload: str | None,
    apply: bool = False,
) -> int:
    refs = list(datasets)
    if workload:
        over = workload_inputs_over(store, config, workload)
        if over is None:
            error(console, f"no workload named {workload!r} in the config")
            return 2
        if not over and not refs:
            console.print(f"{workload} reads nothing above its ceiling: nothing to sanitize")
            return 0
        refs += [r for r in over if r not in refs]
    if not refs:
        error(console, "name datasets as SOURCE:PATH, or give --for-workload NAME")
        return 2
    from classifiers.engines.factory import EngineUnavailable

    try:
        sanitizer, status = make_sanitizer(store, config, output)
    except EngineUnavailable as exc:
        error(console, str(exc))
        return 2
    console.print(f"[dim]{status}; copies to {sanitizer.location.root}[/]")
    results = []
    for ref in refs:
        try:
            results.append(sanitizer.sanitize(ref))
        except (MissingKey, SanitizeError) as exc:
            error(console, f"{ref}: {exc}")
            return 2
        print_result(console, results[-1])
    if workload:
        passed = [r for r in results if r.passed]
        print_repointing(console, config, workload, passed)
        if apply and passed and config.config_path is not None:
            copies = {r.source_ref: r.copy_ref for r in passed}
            if apply_repoint(config.config_path, workload, copies) is None:
                error(console, f"{workload}'s inputs could not be replaced in the config")
                return 1
            console.print(f"[green]re-pointed[/] {workload} in {escape(str(config.config_path))}"
                          f" (the old file is {escape(config.config_path.name)}.bak)")  # fmt: skip
    return 0 if all(r.passed for r in results) else 1


def print_result(console: Console, result: SanitizeResult) -> None:
    ops = ", ".join(
        f"{p.column}: {'free text' if p.free_text else p.operator.name}" for p in result.plans
    )
    spans = ", ".join(f"{n} {e}" for e, n in sorted(result.spans.items())) or "none"
    checks = result.suite.outcomes
    passed = sum(o.success for o in checks)
    level = result.copy_level.label if result.copy_level is not None else "unknown"
    mark = "[green]verified[/]" if result.passed else "[red]FAILED verification[/]"
    console.print(f"{mark} {escape(result.source_ref)} -> {escape(result.copy_ref)}")
    console.print(f"  {result.rows} rows; {escape(ops) or 'no sensitive column'}")
    console.print(f"  free-text spans replaced: {spans}")
    console.print(f"  full rescan of the copy: {level}; GX suite {passed}/{len(checks)} passed")
    if result.suite.page_url or result.suite.docs_url:
        console.print(f"  Data Docs: {result.suite.page_url or result.suite.docs_url}")
    if not result.passed:
        console.print(f"  kept aside (never offered) at {escape(result.uri)}")
        for reason in result.reasons:
            console.print(f"  - {escape(reason)}")


def print_repointing(
    console: Console, config: WardenConfig, workload: str, passed: Sequence[SanitizeResult]
) -> None:
    if not passed:
        console.print(f"\n[red]no verified copy: {workload} is not re-pointed[/]")
        return
    copies = {r.source_ref: r.copy_ref for r in passed}
    diff = config_diff(config.config_path, workload, copies) if config.config_path else None
    console.print(f"\nRe-point {workload} to the verified copies (then `warden boundaries`):")
    if diff:
        console.print(escape(diff), highlight=False, soft_wrap=True)
    else:
        for source, copy in copies.items():
            console.print(f"  in workloads[{workload}].inputs replace {source} with {copy}")
