"""The fixed-cost bench: every whole-process figure is measured and shown beside its floor."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console

from bench.report import Report
from bench.startup import SECTION, measure_startup


def test_every_figure_is_measured_with_its_floor_and_targets(tmp_path: Path) -> None:
    """The code location of a one-file estate: the bench's own, the sample estate, takes a
    scan of about 20 s first."""
    (tmp_path / "estate").mkdir()
    (tmp_path / "estate" / "people.csv").write_text("name,email\nAnna,anna@example.com\n")
    config = tmp_path / "warden.yaml"
    config.write_text("sources:\n  - {kind: local, name: estate, path: estate}\n")
    report, out = Report(), StringIO()
    best = measure_startup(report, Console(file=out, width=200), runs=1, config=config)
    assert set(best) == {
        "python -c pass", "python -c 'import polars'", "warden --help", "rescan", "fresh", "cold",
        "location",
    }  # fmt: skip
    assert all(t.cpu > 0 and t.wall > 0 for t in best.values())
    figures = {f.name: f for f in report.figures if f.section == SECTION}
    assert figures["`warden --help`"].target == "< 0.5 s CPU"
    assert figures["`warden scan` of the CSV, new catalog"].target == "< 1.5 s CPU"
    assert figures["floor: python -c 'import polars'"].value is not None
    location = figures["Dagster code location of the sample estate, loaded by a new process"]
    assert location.target == "< 2 s wall" and location.value == best["location"].wall
    report.render(Console(file=out, width=200))
    assert "warden scan" in out.getvalue()
