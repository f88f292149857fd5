"""Print a split's figures as rich tables, and write them as JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.evalcorpus.results import Miss, SplitResult


def _reasons(miss: Miss) -> str:
    return " | ".join(miss.reasons) or "(no reasons)"


def per_type_table(result: SplitResult, title: str) -> Table:
    table = Table(title=title)
    for name in ("entity type", "precision", "recall", "F1", "support", "TP", "FP", "FN"):
        table.add_column(name, justify="left" if name == "entity type" else "right")
    for t in result.score.per_type:
        table.add_row(t.entity, *t.shown, *(str(n) for n in (t.support, t.tp, t.fp, t.fn)))
    return table


def markdown(result: SplitResult) -> str:
    """The per-type table as Markdown, for the README."""
    m = result.score.micro
    lines = [
        f"| entity type ({result.split} half) | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
        *(f"| {t.entity} | {' | '.join(t.shown)} | {t.support} |" for t in result.score.per_type),
        f"| **all (micro)** | {m.precision:.2f} | {m.recall:.2f} | {m.f1:.2f} | {m.support} |",
    ]
    return "\n".join(lines)


def summary(result: SplitResult) -> str:
    s, m = result.score, result.score.micro
    return (
        f"{result.split}: {result.tables} tables, {result.columns} columns "
        f"({result.hard_negatives} hard negatives): micro P {m.precision:.3f} R {m.recall:.3f} "
        f"F1 {m.f1:.3f}; macro P {s.macro_precision:.3f} R {s.macro_recall:.3f} "
        f"F1 {s.macro_f1:.3f}; under-classified {len(result.under_classified)}; "
        f"hard negatives flagged {len(result.flagged_negatives)}"
    )


def render(result: SplitResult, console: Console, misses: bool) -> None:
    console.print(f"[bold]{summary(result)}[/]")
    console.print(per_type_table(result, f"Per entity type ({result.split})"))
    groups = (f"{g} {f}/{t}" for g, f, t in result.found_by_naming)
    console.print("Sensitive columns found whole, by naming: " + ", ".join(groups), markup=False)
    if result.split != "dev":
        # Which columns the test half misses would invite tuning on it: counts only.
        console.print(
            f"Under-classified tables {len(result.under_classified)}, hard negatives flagged "
            f"{len(result.flagged_negatives)}, mismatched columns {len(result.misses)}; "
            "column-level misses are listed for the dev half only (the test half stays unseen)"
        )
        return
    console.print(f"[bold]Under-classified tables ({len(result.under_classified)})[/]")
    for line in result.under_classified:
        console.print(f"  {line}", markup=False)
    console.print(f"[bold]Hard negatives flagged ({len(result.flagged_negatives)})[/]")
    for miss in result.flagged_negatives:
        console.print(f"  {miss.table}:{miss.column} [{miss.kind}] +{','.join(miss.extra)}: "
                      f"{_reasons(miss)}", markup=False)  # fmt: skip
    if result.unreported:
        console.print(
            f"[bold red]Labelled columns Warden did not report ({len(result.unreported)})[/]"
        )
        console.print("  " + ", ".join(result.unreported), markup=False)
    console.print("[bold]Most common miss classes[/]")
    for name, count in Counter(m.miss_class for m in result.misses).most_common(20):
        console.print(f"  {count:3d}  {name}", markup=False)
    if misses:
        console.print(f"[bold]Every mismatched column ({len(result.misses)})[/]")
        for miss in result.misses:
            console.print(
                f"  {miss.table}:{miss.column} [{miss.kind}] missed={','.join(miss.missed) or '-'}"
                f" extra={','.join(miss.extra) or '-'}: {_reasons(miss)}",
                markup=False,
            )


def to_json(results: list[SplitResult], path: Path) -> None:
    data = []
    for result in results:
        entry = asdict(result)
        micro = result.score.micro
        entry["micro"] = {"precision": micro.precision, "recall": micro.recall, "f1": micro.f1}
        entry["macro"] = {
            "precision": result.score.macro_precision,
            "recall": result.score.macro_recall,
            "f1": result.score.macro_f1,
        }
        entry["per_type_f1"] = {t.entity: {"precision": t.precision, "recall": t.recall,
                                           "f1": t.f1, "support": t.support}
                                for t in result.score.per_type}  # fmt: skip
        data.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
