"""A real `warden scan` into a PostgreSQL catalog reads back as the same run into SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_warden
from tests.estate import copy_estate, write_config

FOLDERS = ("crm", "support", "rag_corpus", "broken", "public")
WORKLOAD = """workloads:
  - name: support-copilot
    kind: rag-index
    audience: all_employees
    owners: [team:customer-support]
    inputs: ["sample:support/*", "sample:rag_corpus/*", "public:*"]
"""
VOLATILE = {"scanned_at", "first_seen", "last_seen", "created_at", "scan_id", "version_id"}


def _stable(record: dict[str, object]) -> dict[str, object]:
    """An export record without the times and ids two runs cannot share."""
    return {key: value for key, value in record.items() if key not in VOLATILE}


def _read_back(config: Path, catalog: str) -> dict[str, object]:
    """What the steward sees of a catalog: listing, one dataset, the export and boundaries."""
    given = ("--config", str(config), "--catalog", catalog)
    exported = run_warden("export", *given, "--format", "jsonl").stdout
    records = [_stable(json.loads(line)) for line in exported.splitlines()]
    boundaries = run_warden("boundaries", *given, "--format", "json", check=False)
    return {
        "catalog": run_warden("catalog", *given).stdout,
        "show": run_warden("show", "sample:crm/customers.csv", *given).stdout,
        "export": sorted(records, key=lambda r: json.dumps(r, sort_keys=True)),
        "boundaries": (boundaries.returncode, json.loads(boundaries.stdout)),
    }


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pg_estate")
    return folder, write_config(folder, copy_estate(folder / "estate", FOLDERS), WORKLOAD)


@pytest.mark.slow  # two scans and ten CLI starts
def test_a_scan_into_postgresql_reads_back_like_sqlite(
    estate: tuple[Path, Path], postgres_url: str
) -> None:
    folder, config = estate
    sqlite = f"sqlite:///{folder / 'side_by_side.db'}"
    for catalog in (sqlite, postgres_url):
        scanned = run_warden("scan", "--config", str(config), "--catalog", catalog, "-q")
        assert "scanned" in scanned.stdout, scanned.stdout + scanned.stderr
    on_sqlite, on_postgres = _read_back(config, sqlite), _read_back(config, postgres_url)
    datasets = [r for r in on_postgres["export"] if r["record"] == "dataset"]  # type: ignore[index]
    assert len(datasets) >= 15  # every file of the copied folders, the broken ones included
    assert "Highly Confidential" in str(on_postgres["catalog"])
    assert "EMAIL_ADDRESS" in str(on_postgres["show"])
    for view in ("export", "catalog", "show", "boundaries"):
        assert on_postgres[view] == on_sqlite[view], view


def test_warden_catalog_env_reaches_postgresql(
    estate: tuple[Path, Path], postgres_url: str
) -> None:
    folder, _ = estate
    data = folder / "drop"
    data.mkdir()
    (data / "customers.csv").write_bytes((folder / "estate/crm/customers.csv").read_bytes())
    env = {"WARDEN_CATALOG": postgres_url}
    run_warden("scan", str(data), "-q", env=env)
    listing = run_warden("catalog", env=env).stdout
    assert "customers.csv" in listing and "Confidential" in listing
