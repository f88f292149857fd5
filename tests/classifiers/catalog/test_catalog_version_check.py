"""Opening a catalog compares revisions first: Alembic runs only for a database behind head."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from classifiers.catalog import migrate
from classifiers.catalog.connect import CatalogUrlError, parse_catalog_url
from classifiers.catalog.migrate import alembic_config, head_revision, is_current, upgrade
from classifiers.catalog.schema import Base
from classifiers.catalog.store import CatalogStore


def _upgrades(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "Running upgrade" in r.getMessage()]


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_merge_or_two_heads_leave_the_decision_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision = "b"\ndown_revision = "a"\n')
    assert head_revision(tmp_path) == "b"
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')  # two heads
    assert head_revision(tmp_path) is None
    (tmp_path / "d.py").write_text('revision = "d"\ndown_revision = ("b", "c")\n')  # a merge
    assert head_revision(tmp_path) is None


def test_a_database_behind_head_is_upgraded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0007")
    assert not is_current(engine)
    caplog.set_level(logging.INFO, logger="alembic.runtime.migration")
    CatalogStore.open(url).close()
    assert [re.findall(r"-> (\w+)", m) for m in _upgrades(caplog)] == [["0008"], ["0009"]]
    assert is_current(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_a_current_database_is_left_alone_without_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)

    def refuse(*_args: object) -> None:
        raise AssertionError("Alembic was asked to upgrade a current database")

    monkeypatch.setattr(command, "upgrade", refuse)
    with CatalogStore.open(url) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")  # scripts newer than the DB
    with pytest.raises(AssertionError, match="asked to upgrade"):
        CatalogStore.open(url)


@pytest.mark.parametrize("given", ["{tmp}/plain.db", "~/plain.db", "plain.db"])
def test_a_plain_path_is_a_sqlite_file(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    text = given.format(tmp=tmp_path)
    parsed = parse_catalog_url(text)
    assert parsed.get_backend_name() == "sqlite"
    assert parsed.database == str(tmp_path / "plain.db")
    with CatalogStore.open(text) as store:
        store.ensure_source("lake", "local", "/data", public=False, owners=[])
    assert (tmp_path / "plain.db").is_file()


def test_a_relative_plain_path_is_taken_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_catalog_url("sub/c.db").database == str(tmp_path / "sub" / "c.db")


@pytest.mark.parametrize("given", ["", "   ", "sqlite:", "sqlite:relative.db"])
def test_an_unreadable_location_is_one_clear_error(given: str) -> None:
    with pytest.raises(CatalogUrlError, match="catalog"):
        parse_catalog_url(given)
