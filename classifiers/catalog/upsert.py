"""INSERT ... ON CONFLICT on SQLite and PostgreSQL: one statement, safe when writers race.

A look-up followed by an insert lets two scans (or two senders) both find nothing and both
insert; the second then fails on the unique key. The database's own upsert does not.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from classifiers.catalog.schema import Base

# Each dialect's module is imported when a catalog on it is written (PostgreSQL's costs a SQLite
# catalog's scan a twentieth of a second).
_DIALECTS = frozenset({"postgresql", "sqlite"})


def _insert(session: Session, row: Base) -> Any:
    """The dialect's INSERT of the values set on a new (not yet added) model instance."""
    dialect = session.get_bind().dialect.name
    if dialect not in _DIALECTS:
        raise NotImplementedError(f"the catalog runs on SQLite or PostgreSQL, not {dialect}")
    model = type(row)
    given = {a.key: getattr(row, a.key) for a in inspect(model).column_attrs if a.key in vars(row)}
    insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
    return insert(model).values(**given)


def insert_new(session: Session, row: Base, keys: Collection[str]) -> int | None:
    """Insert `row` unless one with the same `keys` exists; its new id, or None if it did."""
    stmt = _insert(session, row).on_conflict_do_nothing(index_elements=list(keys))
    return session.scalar(stmt.returning(type(row).id))  # type: ignore[attr-defined]


def upsert(session: Session, row: Base, keys: Collection[str], refresh: Collection[str]) -> int:
    """Insert `row`, or set the `refresh` columns of the one with the same `keys`; its id."""
    stmt = _insert(session, row)
    changes = {name: stmt.excluded[name] for name in refresh}
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=changes)
    return int(session.scalars(stmt.returning(type(row).id)).one())  # type: ignore[attr-defined]
