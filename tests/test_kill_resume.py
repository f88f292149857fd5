"""kill -9 of `warden scan` at points a test chooses (WARDEN_TEST_KILL_AT), then rescans: the
catalog ends complete, with each object recorded once, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classifiers.catalog.leases import ScanLeases
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, Scan
from classifiers.catalog.store import CatalogStore
from tests.conftest import run_warden

FILES = 4


def _estate(tmp_path: Path) -> Path:
    folder = tmp_path / "lake"
    folder.mkdir()
    for i in range(FILES):
        rows = "".join(f"{j},user{j}.{i}@example.org,{j * 7}\n" for j in range(30))
        (folder / f"part-{i}.csv").write_text("id,email,amount\n" + rows)
    return folder


def _config(tmp_path: Path, folder: Path) -> Path:
    config = tmp_path / "warden.yaml"
    config.write_text(f"sources:\n  - kind: local\n    name: lake\n    path: {folder.as_posix()}\n")
    return config


def _scan(config: Path, catalog: str, kill_at: str | None = None) -> tuple[int, str]:
    env = {"WARDEN_TEST_KILL_AT": kill_at} if kill_at else {}
    args = ("scan", "--config", str(config), "--catalog", catalog, "--quiet")
    result = run_warden(*args, env=env, check=False)
    return result.returncode, result.stdout


def _versions(store: CatalogStore) -> list[tuple[str, int, int]]:
    """(path, versions, versions with column findings) per asset."""
    with Session(store._engine) as session:
        findings = (
            select(func.count(func.distinct(ColumnFindingRow.version_id)))
            .join(AssetVersion, ColumnFindingRow.version_id == AssetVersion.id)
            .where(AssetVersion.asset_id == Asset.id)
            .scalar_subquery()
        )
        stmt = (
            select(Asset.path, func.count(AssetVersion.id), findings)
            .join(AssetVersion, AssetVersion.asset_id == Asset.id)
            .group_by(Asset.id, Asset.path)
            .order_by(Asset.path)
        )
        return [(path, int(n), int(f)) for path, n, f in session.execute(stmt)]


@pytest.mark.slow  # three CLI scans per database: about 15 s of CPU
def test_scans_killed_mid_transaction_and_after_a_write_resume_without_loss_or_twins(
    tmp_path: Path, catalog_url: str
) -> None:
    config = _config(tmp_path, _estate(tmp_path))
    # 1: killed inside the second object's transaction, its rows sent but never committed.
    assert _scan(config, catalog_url, "mid_transaction:2")[0] == -9
    with CatalogStore.open(catalog_url) as store:
        assert _versions(store) == [("part-0.csv", 1, 1)]
        assert [lease.path for lease in ScanLeases(store).held()] == ["part-1.csv"]
    # 2: killed after its second new version was committed, before its lease was released.
    assert _scan(config, catalog_url, "object_written:2")[0] == -9
    with CatalogStore.open(catalog_url) as store:
        assert [path for path, _, _ in _versions(store)] == [
            "part-0.csv",
            "part-1.csv",
            "part-2.csv",
        ]
    # 3: the dead scans' leases are taken over at once; what they committed is unchanged.
    code, out = _scan(config, catalog_url)
    assert code == 0 and "1 scanned, 3 unchanged" in out, out
    with CatalogStore.open(catalog_url) as store:
        assert _versions(store) == [(f"part-{i}.csv", 1, 1) for i in range(FILES)]
        assert ScanLeases(store).held() == []
        with Session(store._engine) as session:
            ended = session.scalars(select(Scan.status).order_by(Scan.id)).all()
    assert ended == ["interrupted", "interrupted", "finished"]
