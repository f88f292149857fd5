"""`warden` starts light: help loads no data library, and a catalog may be a plain file path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipelines import cli_options, cli_program, settings
from tests.conftest import run_warden

HEAVY = ("polars", "pyarrow", "sqlalchemy", "presidio_analyzer", "spacy", "dagster", "azure",
         "pyspark", "alembic", "great_expectations", "classifiers.catalog.store")  # fmt: skip


def test_the_cli_module_imports_no_heavy_library() -> None:
    code = (
        "import json, sys, pipelines.cli\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_catalog_variable_is_named_alike_in_the_settings() -> None:
    assert cli_options.CATALOG_ENV == settings.CATALOG_ENV


def test_a_plain_catalog_path_is_a_sqlite_file(tmp_path: Path) -> None:
    data = tmp_path / "two"
    data.mkdir()
    (data / "t.csv").write_text("a,b\n1,2\n3,4\n")
    catalog = tmp_path / "x.db"
    result = run_warden("scan", str(data), "--catalog", str(catalog), "-q")
    assert "1 scanned" in result.stdout
    assert catalog.is_file()
    again = run_warden("catalog", "--catalog", str(catalog))
    assert "t.csv" in again.stdout


def test_an_unreadable_catalog_location_is_one_line(tmp_path: Path) -> None:
    result = run_warden("catalog", "--catalog", "sqlite:relative.db", check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "cannot read 'sqlite:relative.db' as a catalog" in result.stdout


def test_leaving_at_once_runs_exit_handlers_flushes_and_keeps_the_status() -> None:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stdout.write('handler ran'))\n"
        "from pipelines.cli_program import leave\n"
        "sys.stdout.write('buffered, ')\n"
        "leave(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (3, "buffered, handler ran")


def test_run_as_a_program_the_collector_runs_less_often() -> None:
    """`app()` sets the collector's thresholds before the command imports and works; a
    process that only imports the CLI keeps Python's."""
    code = (
        "import gc, sys\n"
        "from pipelines.cli import app\n"
        "print(gc.get_threshold())\n"
        "sys.argv = ['warden', '--help']\n"
        "try:\n"
        "    app()\n"
        "finally:\n"
        "    print(gc.get_threshold())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    lines = done.stdout.splitlines()
    assert lines[0] == str((700, 10, 10)), done.stderr
    assert lines[-1] == str(cli_program.GC_THRESHOLDS)


def test_a_scan_that_finds_nothing_to_do_keeps_its_status_and_message(tmp_path: Path) -> None:
    catalog = tmp_path / "c.db"
    result = run_warden("scan", "--source", "nope", "--catalog", str(catalog), check=False)
    assert result.returncode == 2
    assert "no source named 'nope'" in result.stdout
