"""Bring a catalog DB to the newest schema with Alembic, configured in code (no alembic.ini).

Opening a catalog first compares the revision stamped in the database with the head revision
named by the migration scripts (read as text, not imported); Alembic itself is loaded and run
only when they differ, since its full upgrade machinery costs a scan's start a second of CPU.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from classifiers.catalog.connect import create_catalog_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# `revision: str = "0009"` and `down_revision: ... = "0008"` (or None) in a script's text.
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=\n]*=\s*(None|['\"]([^'\"]+)['\"])\s*$", re.MULTILINE)


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


def upgrade_engine(engine: Engine) -> None:
    """Migrate through an existing engine, so in-memory SQLite keeps its one database; a
    database already at the head revision is left alone without loading Alembic."""
    if is_current(engine):
        return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
