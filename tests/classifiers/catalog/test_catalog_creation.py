"""A new catalog is created at head from the models, with the very schema the migrations build."""

from __future__ import annotations

import logging
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.migrate import head_revision, upgrade
from classifiers.catalog.schema import Base
from classifiers.catalog.store import CatalogStore
from tests.postgres import conninfo, with_schema

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["sqlite", "postgresql"])
def two_new_catalogs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty catalog URLs on one backend: SQLite files, or schemas of the test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'created.db'}", f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    database: URL = request.getfixturevalue("postgres_database")
    schemas = [f"c{secrets.token_hex(4)}", f"m{secrets.token_hex(4)}"]
    with psycopg.connect(**conninfo(database), autocommit=True) as connection:
        for schema in schemas:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    yield with_schema(database, schemas[0]), with_schema(database, schemas[1])


def _schema(engine: Engine) -> dict[str, Any]:
    """Everything reflection reads of each table: columns (types as the database names them,
    nullability, defaults), primary key, foreign keys with their actions, indexes, unique and
    check constraints, each with its name; and the revision stamped. Not the order of columns:
    a migration adds a column at the end of its table, the models list it where it reads best,
    and nothing reads the catalog by column position."""
    found = inspect(engine)
    dialect = engine.dialect
    tables: dict[str, Any] = {}
    for name in sorted(found.get_table_names()):
        columns = {
            c["name"]: (c["type"].compile(dialect=dialect), c["nullable"], c.get("default"))
            for c in found.get_columns(name)
        }
        checks = {
            c["name"]: " ".join(c["sqltext"].split()) for c in found.get_check_constraints(name)
        }
        tables[name] = {
            "columns": columns,
            "primary key": found.get_pk_constraint(name),
            "foreign keys": sorted(found.get_foreign_keys(name), key=lambda k: str(k["name"])),
            "indexes": sorted(found.get_indexes(name), key=lambda i: str(i["name"])),
            "unique": sorted(found.get_unique_constraints(name), key=lambda u: str(u["name"])),
            "checks": checks,
        }
    with engine.connect() as connection:
        stamped = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return {"tables": tables, "stamped": stamped}


def _differences_from_models(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        options = {"compare_type": True, "compare_server_default": True}
        return list(compare_metadata(MigrationContext.configure(connection, opts=options),
                                     Base.metadata))  # fmt: skip


def test_a_new_catalog_has_the_schema_the_migrations_build(
    two_new_catalogs: tuple[str, str],
) -> None:
    created_url, migrated_url = two_new_catalogs
    CatalogStore.open(created_url).close()
    upgrade(migrated_url)  # every revision, from the first
    created, migrated = create_catalog_engine(created_url), create_catalog_engine(migrated_url)
    try:
        created_schema, migrated_schema = _schema(created), _schema(migrated)
        assert set(created_schema["tables"]) == set(Base.metadata.tables) | {"alembic_version"}
        for table, reflected in migrated_schema["tables"].items():
            assert created_schema["tables"][table] == reflected, table
        assert created_schema == migrated_schema
        assert created_schema["stamped"] == [(head_revision(),)]
        assert _differences_from_models(created) == []
    finally:
        created.dispose()
        migrated.dispose()


def test_a_new_catalog_runs_no_migration(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="alembic.runtime.migration")
    with CatalogStore.open(db_url) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
        assert store.datasets() == []
    assert not [r for r in caplog.records if "Running upgrade" in r.getMessage()]


def test_creating_a_new_catalog_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    opened = (
        "import sys\n"
        "from classifiers.catalog.store import CatalogStore\n"
        f"CatalogStore.open({url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", opened], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "new.db").is_file()


def test_processes_opening_one_new_catalog_at_once_create_it_once(db_url: str) -> None:
    start_at = time.time() + 2.0  # past every process's imports: they open the catalog together
    opened = (
        "import sys, time\n"
        "from classifiers.catalog.store import CatalogStore\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "with CatalogStore.open(sys.argv[1]) as store:\n"
        "    store.ensure_source('lake', 'local', '/data', public=False, owners=[])\n"
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", opened, db_url, str(start_at)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for racer in racers:
        _, errors = racer.communicate(timeout=120)
        assert racer.returncode == 0, errors[-2000:]
    engine = create_catalog_engine(db_url)
    try:
        assert _differences_from_models(engine) == []
        with engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert stamped == [(head_revision(),)]
    finally:
        engine.dispose()
