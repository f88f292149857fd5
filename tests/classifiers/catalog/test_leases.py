"""Scan leases: one scan reads an object at a time; the others skip it and say which scan has it.

The races run in separate OS processes (scripts beside this file) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classifiers.catalog.leases import ScanLeases, holder_gone, this_process
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, Scan
from classifiers.catalog.store import CatalogStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
MINUTE = timedelta(minutes=1)


def _script(name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, str(HERE / name), *args], cwd=ROOT, env=environment,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip


def _result(process: subprocess.Popen[str]) -> object:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def _scans(store: CatalogStore, count: int) -> list[int]:
    return [store.start_scan(["lake"], "sample", "polars", "r1") for _ in range(count)]


def test_a_held_lease_names_its_scan_and_is_free_once_released(store: CatalogStore) -> None:
    first, second = _scans(store, 2)
    leases = ScanLeases(store)
    assert leases.take(first, "lake", "a.csv", MINUTE) is None
    assert leases.take(first, "lake", "a.csv", MINUTE) is None  # its own lease: renewed
    assert leases.take(second, "lake", "a.csv", MINUTE) == first
    assert leases.take(second, "lake", "b.csv", MINUTE) is None  # leases are per object
    leases.release(first, "lake", "a.csv")
    assert leases.take(second, "lake", "a.csv", MINUTE) is None
    leases.release_scan(second)
    assert leases.held() == []


def test_an_expired_lease_is_taken_over(store: CatalogStore) -> None:
    killed, next_scan = _scans(store, 2)
    elsewhere = ScanLeases(store, holder="another-host:1")  # never judged dead from here
    assert elsewhere.take(killed, "lake", "a.csv", timedelta(seconds=-1)) is None
    assert elsewhere.take(killed, "lake", "b.csv", MINUTE) is None
    leases = ScanLeases(store)
    assert leases.take(next_scan, "lake", "a.csv", MINUTE) is None  # expired
    assert leases.take(next_scan, "lake", "b.csv", MINUTE) == killed  # still valid


def test_a_dead_process_lease_is_taken_over_at_once(store: CatalogStore) -> None:
    killed, next_scan = _scans(store, 2)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    holder = f"{this_process().rpartition(':')[0]}:{gone.stdout.strip()}"
    assert holder_gone(holder) and not holder_gone(this_process())
    assert ScanLeases(store, holder).take(killed, "lake", "a.csv", MINUTE) is None
    assert ScanLeases(store).take(next_scan, "lake", "a.csv", MINUTE) is None
    assert [s.status for s in store.scans() if s.id == killed] == ["interrupted"]


def test_processes_racing_for_leases_win_each_object_once(store: CatalogStore, db_url: str) -> None:
    objects, scans = 40, _scans(store, 3)
    start_at = time.time() + 2.0  # past every process's start-up: they take leases together
    racers = [_script("race_leases.py", db_url, str(s), str(objects), str(start_at)) for s in scans]
    # Every racer stays alive until all have printed: a finished racer's exit would free its
    # leases to the others (a dead holder's lease is taken over at once), as a killed scan's do.
    won = []
    for racer in racers:
        assert racer.stdout is not None
        line = racer.stdout.readline()
        assert line, racer.stderr.read()[-2000:] if racer.stderr else "racer printed nothing"
        won.append(json.loads(line))
    for racer in racers:
        racer.communicate(timeout=60)
        assert racer.returncode == 0
    assert isinstance(won[0], list)
    every = [path for paths in won for path in paths]  # type: ignore[attr-defined]
    assert sorted(every) == sorted(f"p{i}" for i in range(objects))  # each once, none lost
    held = {(lease.path, lease.scan_id) for lease in ScanLeases(store).held()}
    assert held == {(path, s) for s, paths in zip(scans, won, strict=True) for path in paths}  # type: ignore[attr-defined]


def _folder(tmp_path: Path, files: int = 4) -> Path:
    folder = tmp_path / "lake"
    folder.mkdir()
    for i in range(files):
        rows = "".join(f"{j},user{j}.{i}@example.org,{j * 7}\n" for j in range(30))
        (folder / f"part-{i}.csv").write_text("id,email,amount\n" + rows)
    return folder


@pytest.mark.slow  # two scanning processes per database (each loads the recognizers)
def test_two_scans_at_once_record_each_object_once(
    store: CatalogStore, db_url: str, tmp_path: Path
) -> None:
    folder, flag = _folder(tmp_path), tmp_path / "go"
    # The first scan stops holding the lease of its first object until the second is done.
    held = {"WARDEN_TEST_WAIT_AT": f"object_leased:1:{flag}"}
    first = _script("race_scan.py", db_url, str(folder), env=held)
    deadline = time.monotonic() + 120  # a stall guard, not a timing
    while not flag.with_name("go.reached").exists():
        assert first.poll() is None and time.monotonic() < deadline, first.stderr
        time.sleep(0.05)
    second = _result(_script("race_scan.py", db_url, str(folder)))
    flag.touch()
    first_result = _result(first)
    assert isinstance(second, dict) and isinstance(first_result, dict)
    scan_a = first_result["scan_id"]
    assert second["statuses"]["part-0.csv"] == "busy"
    assert second["held_by"] == {"part-0.csv": scan_a}  # "already being scanned by scan A"
    assert [second["statuses"][f"part-{i}.csv"] for i in (1, 2, 3)] == ["scanned"] * 3
    # The first scan found what the second recorded meanwhile unchanged: no second versions.
    assert first_result["statuses"] == {"part-0.csv": "scanned"} | {
        f"part-{i}.csv": "unchanged" for i in (1, 2, 3)
    }
    with Session(store._engine) as session:
        assert session.scalar(select(func.count()).select_from(Asset)) == 4
        per_asset = session.execute(
            select(AssetVersion.asset_id, func.count()).group_by(AssetVersion.asset_id)
        ).all()
        assert sorted(count for _, count in per_asset) == [1, 1, 1, 1]
        with_findings = select(func.count(func.distinct(ColumnFindingRow.version_id)))
        assert session.scalar(with_findings) == 4  # no lost findings
        statuses = session.scalars(select(Scan.status)).all()
    assert set(statuses) == {"finished"}
    assert ScanLeases(store).held() == []
