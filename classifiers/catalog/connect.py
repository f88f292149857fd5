"""Engines for the catalog DB: SQLite with the settings a shared file needs, or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

BUSY_TIMEOUT_MS = 30_000
# psycopg 3 is the catalog's PostgreSQL driver (the `postgres` extra). Named outright, because
# a bare postgresql:// URL means psycopg2 to SQLAlchemy before 2.1, and psycopg2 is installed
# too (dagster-postgres needs it).
POSTGRES_DRIVER = "postgresql+psycopg"
_BARE_POSTGRES = frozenset({"postgresql", "postgres"})


class CatalogUrlError(ValueError):
    """A catalog location that is neither a SQLAlchemy URL nor a file path."""


def parse_catalog_url(url: str) -> URL:
    """`url` parsed, with a bare postgresql:// (or postgres://) URL sent to psycopg 3. A plain
    path (no `scheme://`) means a SQLite file there."""
    if "://" not in url and not url.startswith("sqlite:"):
        if not url.strip():
            raise CatalogUrlError("the catalog location is empty: give a URL or a file path")
        return URL.create("sqlite", database=str(Path(url).expanduser().absolute()))
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CatalogUrlError(
            f"cannot read {url!r} as a catalog: give a SQLAlchemy URL "
            "(sqlite:///FILE, postgresql://HOST/DB) or a SQLite file's path"
        ) from None
    if parsed.drivername in _BARE_POSTGRES:
        return parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


def create_catalog_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite, the file's folder is made and pragmas set per connection."""
    parsed = parse_catalog_url(url)
    if parsed.get_backend_name() != "sqlite":
        # pre_ping: a shared server drops idle connections (restarts, timeouts) under a long scan.
        return create_engine(parsed, pool_pre_ping=True)
    # The busy timeout is the driver's, so it holds from the connection's first statement: set
    # by a pragma after `journal_mode=WAL`, that pragma waited only sqlite3's default 5 s for a
    # process creating the catalog, and failed with "database is locked" under load.
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (the Dagster UI) work while a scan writes; the busy timeout (set as the
    # connection opens) makes a second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
