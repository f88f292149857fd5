"""The `warden` command line: help, config errors, ad-hoc scans, catalog URL choice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.conftest import WARDEN, run_warden
from tests.estate import SAMPLE

runner = CliRunner()
FILES = 12  # enough that a kill lands mid-scan


@pytest.mark.parametrize(
    ("command", "phrases"),
    [
        ([], ["scan", "catalog", "show", "export"]),
        (["scan"], ["--config", "--source", "--mode", "--catalog", "PATH", "sample|full"]),
        (["catalog"], ["--catalog", "--source"]),
        (["show"], ["DATASET", "--catalog"]),
        (["export"], ["--format", "--output", "jsonl"]),
    ],
)
def test_help_is_complete(command: list[str], phrases: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for phrase in phrases:
        assert phrase in result.output, phrase


def test_a_config_error_names_file_line_and_field(tmp_path: Path) -> None:
    # a long path with brackets: printed whole, on one line, not read as markup
    folder = tmp_path / "configs [team red]" / ("x" * 120)
    folder.mkdir(parents=True)
    config = folder / "bad.yaml"
    config.write_text("sources:\n  - kind: local\n    name: x\n    path: .\n    exlude: []\n")
    result = runner.invoke(app, ["scan", "--config", str(config)], env={"COLUMNS": "80"})
    assert result.exit_code == 2
    assert f"{config}:5: sources[0].exlude" in result.output.splitlines()[1]


def test_ad_hoc_paths_are_scanned_with_the_default_policy(tmp_path: Path) -> None:
    catalog = f"sqlite:///{tmp_path / 'adhoc.db'}"
    data = tmp_path / "drop"
    data.mkdir()
    (data / "people.csv").write_bytes((SAMPLE / "finance/payments.csv").read_bytes())
    result = run_warden("scan", str(data), "--catalog", catalog, "--quiet")
    assert "1 scanned" in result.stdout
    listing = run_warden("catalog", env={"WARDEN_CATALOG": catalog}).stdout
    assert "people.csv" in listing and "Highly Confidential" in listing
    shown = run_warden("show", "drop:people.csv", "--catalog", catalog).stdout
    assert "CREDIT_CARD" in shown and "validated" in shown


def test_export_jsonl_has_the_architecture_shape(tmp_path: Path) -> None:
    catalog = f"sqlite:///{tmp_path / 'x.db'}"
    run_warden("scan", str(SAMPLE / "crm" / "customers.csv"), "--catalog", catalog, "-q")
    out = run_warden("export", "--catalog", catalog, "--format", "jsonl").stdout
    records = [json.loads(line) for line in out.splitlines()]
    dataset = next(r for r in records if r["record"] == "dataset")
    assert dataset["dataset"] == "customers.csv"
    assert {"source", "dataset", "sensitivity", "coverage", "entities"} <= set(dataset)
    column = next(r for r in records if r["record"] == "column" and r["column"] == "email")
    assert column["entities"] == ["EMAIL_ADDRESS"]
    assert column["confidence"]["EMAIL_ADDRESS"] > 0.8
    assert column["reasons"] and column["sensitivity"] == "Confidential"


def test_unknown_source_and_bad_mode_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", "--mode", "fast", "--catalog", "sqlite://"])
    assert result.exit_code == 2
    config = tmp_path / "w.yaml"
    config.write_text(f"sources:\n  - {{kind: local, name: a, path: {tmp_path}}}\n")
    result = runner.invoke(app, ["scan", "--config", str(config), "--source", "nope",
                                 "--catalog", f"sqlite:///{tmp_path / 'c.db'}"])  # fmt: skip
    assert result.exit_code == 2 and "no source named 'nope'" in result.output


def test_a_missing_source_folder_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "warden.yaml"
    config.write_text(
        f"catalog: sqlite:///{tmp_path / 'c.db'}\n"
        f"sources:\n  - {{kind: local, name: gone, path: {tmp_path / 'nowhere'}}}\n",
        encoding="utf-8",
    )
    result = run_warden("scan", "--config", str(config), check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "scan stopped: source 'gone'" in result.stdout + result.stderr
    assert "is not a folder or a file" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_killed_scan_leaves_a_consistent_catalog_and_the_next_one_finishes(
    tmp_path: Path,
) -> None:
    estate = tmp_path / "many"
    estate.mkdir()
    source = (SAMPLE / "crm" / "customers.csv").read_bytes()
    for i in range(FILES):
        (estate / f"part-{i:02}.csv").write_bytes(source + f"{900000 + i},X{i},,,,,,,,,\n".encode())
    database = tmp_path / "killed.db"
    catalog = f"sqlite:///{database}"
    process = subprocess.Popen([*WARDEN, "scan", str(estate), "--catalog", catalog, "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "COLUMNS": "200"})  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if database.exists() and _versions(database) >= 3:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = _versions(database)
    assert 3 <= done < FILES
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = db.execute(
            "SELECT count(*) FROM asset_versions v WHERE v.status = 'ok' AND NOT EXISTS "
            "(SELECT 1 FROM column_findings c WHERE c.version_id = v.id)"
        ).fetchone()[0]
    assert orphans == 0
    result = run_warden("scan", str(estate), "--catalog", catalog, "-q")
    assert f"{FILES - done} scanned, {done} unchanged" in result.stdout
    assert _versions(database) == FILES


def _versions(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM asset_versions").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "pipelines.cli", "--help"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert "Warden" in result.stdout


def test_show_and_export_give_the_subtype_beside_the_entity(tmp_path: Path) -> None:
    catalog = f"sqlite:///{tmp_path / 'addresses.db'}"
    run_warden("scan", str(SAMPLE / "crm" / "addresses.json"), "--catalog", catalog, "-q")
    shown = run_warden("show", "addresses.json", "--catalog", catalog).stdout
    assert "LOCATION (street address)" in " ".join(shown.split())
    out = run_warden("export", "--catalog", catalog, "--format", "jsonl").stdout
    records = [json.loads(line) for line in out.splitlines()]
    street = next(r for r in records if r.get("column") == "street")
    assert (street["entities"], street["subtypes"]) == (["LOCATION"], ["STREET_ADDRESS"])
    assert street["sensitivity"] == "Confidential"
    postcode = next(r for r in records if r.get("column") == "postcode")
    assert postcode["subtypes"] == ["POSTCODE"] and postcode["sensitivity"] == "General"
