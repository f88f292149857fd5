"""Session fixtures: one real scan of the sample estate through the CLI, shared by tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.estate import copy_estate, write_config
from tests.postgres import catalog_url, postgres_database, postgres_url, unavailable

__all__ = ["catalog_url", "postgres_database", "postgres_url"]  # fixtures for every package

WARDEN = [sys.executable, "-m", "pipelines.cli"]


@dataclass(frozen=True)
class ScannedEstate:
    folder: Path
    estate: Path
    config: Path
    catalog: str
    log: Path

    @property
    def database(self) -> Path:
        return self.folder / "catalog.db"


def run_warden(*args: str, env: dict[str, str] | None = None,
               check: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run([*WARDEN, *args], capture_output=True, text=True, env=environment,
                          check=check, timeout=600)  # fmt: skip


@pytest.fixture(scope="session")
def scanned_estate(tmp_path_factory: pytest.TempPathFactory) -> ScannedEstate:
    folder = tmp_path_factory.mktemp("scanned")
    estate = copy_estate(folder / "estate")
    config = write_config(folder, estate)
    result = run_warden("--verbose", "scan", "--config", str(config))
    log = folder / "scan.log"
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    return ScannedEstate(folder, estate, config, f"sqlite:///{folder / 'catalog.db'}", log)


LONG_MARKERS = ("ui", "spark", "slow", "azurite")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files holding long tests (webservers, Spark, end-to-end runs) first. `--dist loadfile`
    hands files to the workers in this order, so the long ones start at once instead of
    finishing the run alone on one worker while the other waits. Order within a file is kept."""
    long_files = {
        item.path for item in items if any(item.get_closest_marker(m) for m in LONG_MARKERS)
    }
    items.sort(key=lambda item: item.path not in long_files)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line, only where no PostgreSQL server answers: its half of the tests was skipped."""
    reason = unavailable()
    if reason:
        terminalreporter.write_line(reason)
