"""The Alembic migration builds exactly the models' schema, once, from any directory."""

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import column, create_engine, inspect, select, table

from classifiers.catalog.connect import BUSY_TIMEOUT_MS, create_catalog_engine
from classifiers.catalog.migrate import alembic_config, upgrade
from classifiers.catalog.schema import Base
from classifiers.catalog.store import CatalogStore


def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found = compare_metadata(context, Base.metadata)
    engine.dispose()
    return list(found)


def test_migration_agrees_with_models(db_url: str) -> None:
    upgrade(db_url)
    assert _diff(db_url) == []


def test_upgrade_works_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "deep" / "folder" / "c.db"
    upgrade(f"sqlite:///{db}")
    tables = set(inspect(create_engine(f"sqlite:///{db}")).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_downgrade_to_base_and_back(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()
    upgrade(db_url)
    assert _diff(db_url) == []


def test_reopening_runs_no_migration_twice(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="alembic.runtime.migration")
    upgrade(db_url)  # a new catalog opened is created at head: migrate this one explicitly
    first = [r for r in caplog.records if "Running upgrade" in r.getMessage()]
    caplog.clear()
    with CatalogStore.open(db_url) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
    second = [r for r in caplog.records if "Running upgrade" in r.getMessage()]
    revisions = ScriptDirectory.from_config(alembic_config())
    assert len(first) == len(list(revisions.walk_revisions()))  # each revision once
    assert second == []
    engine = create_catalog_engine(db_url)
    with engine.connect() as connection:
        stored = connection.execute(
            select(column("version_num")).select_from(table("alembic_version"))
        )
        assert stored.all() == [(revisions.get_current_head(),)]
    engine.dispose()


def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    engine = create_catalog_engine(f"sqlite:///{tmp_path / 'warden.db'}")
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    engine.dispose()


def test_a_connection_waits_for_a_lock_longer_than_sqlite3s_default_timeout(
    tmp_path: Path,
) -> None:
    """The busy timeout holds from a connection's first statement: `journal_mode=WAL` waits
    for another process's lock as long as any write does (it waited only sqlite3's default
    5 s, and a catalog opened beside one being created failed with "database is locked")."""
    database = tmp_path / "warden.db"
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(6.0, holder.execute, args=("COMMIT",))
    release.start()
    started = time.monotonic()
    engine = create_catalog_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert raw.execute("PRAGMA busy_timeout").fetchone() == (BUSY_TIMEOUT_MS,)
        assert time.monotonic() - started >= 5.5  # it waited for the lock, past 5 s
    finally:
        release.join()
        engine.dispose()
        holder.close()
