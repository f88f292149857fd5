"""PostgreSQL for tests: a database of its own per test session (and per xdist worker).

The server is named by WARDEN_TEST_POSTGRES_URL (default: the local trust-auth server). Each
session creates `warden_test_<random>` through the maintenance database and drops it at the
end; each test gets an empty schema of its own in it, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from classifiers.catalog.connect import parse_catalog_url

URL_ENV = "WARDEN_TEST_POSTGRES_URL"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PREFIX = "warden_test_"  # then the creation time (Unix seconds) and a random part
ABANDONED_AFTER_S = 24 * 3600  # far longer than any test session
_schemas = count(1)


def server_url() -> URL:
    return parse_catalog_url(os.environ.get(URL_ENV) or DEFAULT_URL)


def conninfo(url: URL, database: str | None = None) -> dict[str, Any]:
    """psycopg connection arguments for a SQLAlchemy URL."""
    given = {"host": url.host, "port": url.port, "user": url.username, "password": url.password}
    found = {key: value for key, value in given.items() if value is not None}
    return found | {"dbname": database or url.database or "postgres"}


def unavailable() -> str | None:
    """Why the PostgreSQL half is skipped (one line), or None when a server answers."""
    import psycopg

    url = server_url()
    try:
        psycopg.connect(**conninfo(url), connect_timeout=3).close()
    except psycopg.OperationalError:
        shown = url.render_as_string(hide_password=True)
        return f"PostgreSQL tests skipped: no server answers at {shown} (set {URL_ENV})"
    return None


def with_schema(url: URL, schema: str) -> str:
    """The URL with `schema` first on the search path: tables and alembic_version land there."""
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _drop_abandoned(admin: Any) -> None:
    """Drop test databases a killed session left behind (its end never ran), by their age."""
    names = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'warden\\_test\\_%'")
    for (name,) in names.fetchall():
        created = name.removeprefix(PREFIX).partition("_")[0]
        if created.isdigit() and time.time() - int(created) > ABANDONED_AFTER_S:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """A fresh database for this session (this worker), dropped at the end whatever happens."""
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    import psycopg

    server = server_url()
    name = f"{PREFIX}{int(time.time())}_{secrets.token_hex(4)}"
    with psycopg.connect(**conninfo(server), autocommit=True) as admin:
        _drop_abandoned(admin)
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name)
    finally:
        with psycopg.connect(**conninfo(server), autocommit=True) as admin:
            # FORCE ends connections a test left open (a store not closed, a killed CLI).
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_database: URL) -> str:
    """A catalog URL on an empty schema of this test's own in the session's database."""
    import psycopg

    schema = f"t{next(_schemas)}_{secrets.token_hex(3)}"
    with psycopg.connect(**conninfo(postgres_database), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return with_schema(postgres_database, schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty catalog URL: the test runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'catalog' / 'warden.db'}"
