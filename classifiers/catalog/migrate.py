"""Bring a catalog DB to the newest schema with Alembic, configured in code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from classifiers.catalog.connect import create_catalog_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic settings pointing at this package's migrations, whatever the working directory."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str) -> None:
    """Migrate the database at `url` (any SQLAlchemy URL) to head."""
    engine = create_catalog_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine) -> None:
    """Migrate through an existing engine, so in-memory SQLite keeps its one database."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
