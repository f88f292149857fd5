"""SQLite databases: each table a dataset, opened read-only and asked nothing but SELECT.

The file is opened with `mode=ro&immutable=1` (no journal, no lock, no write) and an
authorizer that refuses every action but reading, so nothing stored in the database (a
trigger, a view's SQL) can change it. A remote database is read from a local copy, refused
in sample mode when larger than the sample cap. Sample mode reads `max_rows` rows in
`windows` slices spread over the table; full mode reads every row in batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.readable import ReadableObject, local_copy
from classifiers.readers.spread import even_indices
from classifiers.readers.workbook import within_cap

_ALLOWED = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION})
# Tables holding SQLite's own bookkeeping or a full-text index's internals, not data.
_INTERNAL_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_segments", "_segdir", "_stat")


def table_names(path: Path) -> list[str]:
    """The database's ordinary tables (not views, virtual tables or index internals)."""
    with connected(path) as db:
        rows = db.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name"
        ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, sql in rows
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(v) and name.endswith(_INTERNAL_SUFFIXES) for v in virtual)
    ]


def table_reader(obj: ReadableObject, table: str | None, sampling: Sampling) -> Produce:
    if table is None:
        raise ReadError("a SQLite database is read table by table: scan it through its source")
    within_cap(obj, sampling, "a SQLite database")
    return lambda tally: _read(obj, table, sampling, tally)


def quoted(name: str) -> str:
    """A table or column name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def rows_frame(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> pl.DataFrame:
    """Rows of dynamically typed values as a frame: a column of mixed types becomes text."""
    columns: dict[str, pl.Series] = {}
    for index, name in enumerate(names):
        values = [row[index] for row in rows]
        kinds = {type(v) for v in values if v is not None}
        if len(kinds) > 1 and kinds != {int, float}:
            values = [None if v is None else _text(v) for v in values]
        columns[name] = pl.Series(name, values, strict=False)
    return pl.DataFrame(columns, height=len(rows))


def _text(value: Any) -> str:
    return value.hex() if isinstance(value, bytes) else str(value)


def _read(
    obj: ReadableObject, table: str, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    with local_copy(obj) as path, connected(path) as db:
        tally.bytes_read = obj.size  # pages are read as the queries need them; counted whole
        if table not in table_names(path):
            raise ReadError(f"the database has no table {table!r} any more")
        total = db.execute(f"SELECT COUNT(*) FROM {quoted(table)}").fetchone()[0]
        tally.rows_total = total
        select = f"SELECT * FROM {quoted(table)}"
        if sampling.full or total <= sampling.max_rows:
            cursor = db.execute(select)
            names = [d[0] for d in cursor.description]
            while rows := cursor.fetchmany(sampling.batch_rows):
                tally.checkpoint()
                yield rows_frame(names, rows)
            if total == 0:
                yield rows_frame(names, [])
            return
        yield _sample(db, select, total, sampling, tally)


def _sample(
    db: sqlite3.Connection, select: str, total: int, sampling: Sampling, tally: Tally
) -> pl.DataFrame:
    """`windows` slices of rows, evenly spread over the table (OFFSET steps, never sorts)."""
    windows = min(sampling.windows, sampling.max_rows)
    size = sampling.max_rows // windows
    rows: list[Any] = []
    names: list[str] = []
    for start in even_indices(total - size + 1, windows):
        tally.checkpoint()
        cursor = db.execute(f"{select} LIMIT ? OFFSET ?", (size, start))
        names = [d[0] for d in cursor.description]
        rows.extend(cursor.fetchall())
    return rows_frame(names, rows)


@contextmanager
def connected(path: Path) -> Iterator[sqlite3.Connection]:
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ReadError(f"cannot open the SQLite database: {short_reason(exc)}") from exc
    with closing(db):
        db.set_authorizer(_authorize)
        try:
            yield db
        except sqlite3.DatabaseError as exc:
            raise ReadError(f"corrupt SQLite database: {short_reason(exc)}") from exc


def _authorize(action: int, *_args: Any) -> int:
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY
