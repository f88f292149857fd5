"""The bench's figures: collected as they are measured, printed as tables, saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from classifiers.evaluation import Score


@dataclass(frozen=True)
class Figure:
    """One measured figure, with its target and verdict where a target exists."""

    section: str
    name: str
    value: float | None
    unit: str = ""
    text: str = ""  # how the value is shown; derived from value and unit when empty
    target: str = ""
    passed: bool | None = None
    how: str = ""  # "best of 2", "1 run", "computed", ...

    @property
    def shown(self) -> str:
        if self.text:
            return self.text
        if self.value is None:
            return "-"
        number = f"{self.value:,.0f}" if abs(self.value) >= 1000 else f"{self.value:.3g}"
        return f"{number} {self.unit}".strip()


@dataclass
class Report:
    """Figures in the order they were measured, plus details (mistakes, parameters)."""

    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, section: str, name: str, value: float | None, **extra: Any) -> Figure:
        figure = Figure(section, name, value, **extra)
        self.figures.append(figure)
        return figure

    def add_score(self, section: str, name: str, result: Score, how: str = "computed") -> None:
        """P/R/F1 as one line; F1 judged against the accuracy target."""
        text = f"P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}"
        self.add(
            section,
            name,
            result.f1,
            text=text,
            target="F1 >= 0.95",
            passed=result.f1 >= 0.95,
            how=how,
        )
        self.details[f"{section} / {name}"] = {
            "precision": result.precision,
            "recall": result.recall,
            "f1": result.f1,
            "tp": result.true_positives,
            "fp": result.false_positives,
            "fn": result.false_negatives,
            "mistakes": list(result.mistakes),
        }

    def render(self, console: Console) -> None:
        table = Table(title="Warden bench", show_lines=False, expand=False)
        table.add_column("Measure", min_width=44)
        table.add_column("Value", no_wrap=True)
        table.add_column("Target", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("How", max_width=42)
        for section in dict.fromkeys(f.section for f in self.figures):  # first-seen order
            table.add_section()
            table.add_row(f"[bold cyan]{section}[/]", "", "", "", "")
            for figure in (f for f in self.figures if f.section == section):
                status = {True: "[green]PASS[/]", False: "[red]MISS[/]", None: ""}[figure.passed]
                table.add_row(f"  {figure.name}", figure.shown, figure.target, status, figure.how)
        console.print(table)
        for key, value in self.details.items():
            mistakes = value.get("mistakes") if isinstance(value, dict) else None
            if mistakes:
                console.print(f"[yellow]{key}[/]: " + "; ".join(mistakes[:12]))

    def write_json(self, path: Path, params: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "params": params,
            "figures": [asdict(f) for f in self.figures],
            "details": self.details,
        }
        path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
