"""Bring a catalog DB to the newest schema with Alembic, configured in code (no alembic.ini).

Opening a catalog first compares the revision stamped in the database with the head revision
named by the migration scripts (read as text, not imported); Alembic itself is loaded and run
only when they differ, since its full upgrade machinery costs a scan's start a second of CPU.
A new, empty database is not migrated at all: following Alembic's recipe for one, it gets the
tables of the models' metadata and the head revision's stamp, which the tests show to be the
schema the migrations build; only a database that holds tables is migrated, by its revision.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.schema import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# `revision: str = "0009"` and `down_revision: ... = "0008"` (or None) in a script's text.
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=\n]*=\s*(None|['\"]([^'\"]+)['\"])\s*$", re.MULTILINE)
# Alembic's own version table (alembic.ddl.impl.DefaultImpl.version_table_impl), written here
# so that stamping a new database does not load Alembic.
VERSIONS = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"),
)
# Any number, the same in every process: PostgreSQL's advisory lock held while a new catalog's
# tables are created, so that two scans opening one new catalog at once create it once.
_CREATION_LOCK = 0x5741524445


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic settings pointing at this package's migrations, whatever the working directory."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision(versions: Path = MIGRATIONS / "versions") -> str | None:
    """The one revision no script revises, read from the scripts' text; None when the scripts
    say something this reading does not follow (a merge, two heads): then Alembic decides.
    (A dozen small files: about a millisecond.)"""
    revised: dict[str, str | None] = {}
    for script in sorted(versions.glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None:
            continue  # __init__.py
        if down is None:
            return None
        revised[revision.group(1)] = down.group(2)
    heads = set(revised) - set(revised.values())
    return heads.pop() if len(heads) == 1 else None


def stamped_revisions(connection: Connection) -> set[str]:
    """The revisions recorded in the database (none for a new or emptied one)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return {row[0] for row in rows}


def is_current(engine: Engine) -> bool:
    head = head_revision()
    if head is None:
        return False
    with engine.connect() as connection:
        return stamped_revisions(connection) == {head}


def upgrade(url: str) -> None:
    """Migrate the database at `url` (any SQLAlchemy URL) to head."""
    engine = create_catalog_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()


def create_or_upgrade(engine: Engine) -> None:
    """Bring the database to head: a new, empty one by creating the models' tables and stamping
    the head revision (no migration run, no Alembic loaded), any other by `upgrade_engine`.
    (Running every revision, with Alembic's import, cost a new catalog about a second of CPU.)"""
    if is_current(engine):
        return
    head = head_revision()
    if head is not None:
        with engine.begin() as connection:
            _hold_creation_lock(connection)
            if not inspect(connection).get_table_names():
                create_at_head(connection, head)
                return
    upgrade_engine(engine)


def create_at_head(connection: Connection, head: str) -> None:
    """The models' tables and the stamp of `head`, in the caller's transaction: what running
    every migration from an empty database would leave (Alembic's recipe for a new database)."""
    Base.metadata.create_all(connection, checkfirst=False)
    VERSIONS.create(connection)
    connection.execute(VERSIONS.insert().values(version_num=head))


def _hold_creation_lock(connection: Connection) -> None:
    """Serialise the creation of one new catalog: a second process opening it at the same
    time waits, then finds the tables made (and is current). SQLite's driver sends no BEGIN
    before DDL, so each CREATE would commit alone; BEGIN IMMEDIATE makes the creation one
    transaction, holding the database's write lock from the emptiness check to the commit."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATION_LOCK})


def upgrade_engine(engine: Engine) -> None:
    """Migrate through an existing engine, so in-memory SQLite keeps its one database; a
    database already at the head revision is left alone without loading Alembic."""
    if is_current(engine):
        return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
