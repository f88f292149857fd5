"""Bulk reads of the whole catalog: every live asset's latest state and its columns' findings
in two Core selects, for pages that show every dataset at once (the Dagster code location).

The ORM builds an object per row and decodes each JSON cell apart; at 100,000 datasets of 20
columns that was half of the code location's load. Here each JSON text is decoded once per
distinct text (`Interned`) and equal column rows share one `ColumnSummary`, so a lake of
tables with one layout holds one set of column objects, not one per table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from classifiers.artifacts.report import ArtifactReport
from classifiers.catalog import codec
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, ObjectError, Source
from classifiers.catalog.views import ColumnSummary, DatasetRow, DatasetSummary
from classifiers.model import Coverage, Sensitivity

T = TypeVar("T")
Narrow = Callable[[Select[Any]], Select[Any]]  # the joins or filters that pick column rows


class Interned(Generic[T]):
    """A JSON text's value, built once per distinct text: the stored values repeat a lot."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._seen: dict[str | None, T] = {}

    def __call__(self, text: str | None) -> T:
        try:
            return self._seen[text]
        except KeyError:
            value = self._seen[text] = self._build(None if text is None else json.loads(text))
            return value


def _text(column: Any) -> Any:
    """A JSON column as its text, so the driver does not decode it (psycopg would)."""
    return cast(column, Text)


def _latest(*where: Any) -> Select[Any]:
    latest = (
        select(AssetVersion.asset_id, func.max(AssetVersion.id).label("version_id"))
        .group_by(AssetVersion.asset_id)
        .subquery()
    )
    v = AssetVersion
    columns = (
        v.id, Source.name, Asset.path, Asset.uri, Asset.format, Asset.kind, v.status,
        v.sensitivity, _text(v.entities), v.rows_read, v.rows_total, v.bytes_read,
        v.bytes_total, v.coverage_mode, v.encoding, v.records_unreadable,
        v.records_repaired, ObjectError.error, v.created_at, _text(v.access),
        _text(Source.owners), Source.public, Asset.deleted_at, _text(v.artifact),
        v.table_version, _text(v.reasons),
    )  # fmt: skip
    return (
        select(*columns)
        .select_from(Asset)
        .join(Source, Asset.source_id == Source.id)
        .join(latest, latest.c.asset_id == Asset.id)
        .join(v, v.id == latest.c.version_id)
        .outerjoin(ObjectError, ObjectError.version_id == v.id)
        .where(*where)
        .order_by(Source.name, Asset.path)
    )


class _Rows:
    """Turns `_latest` rows into DatasetRows, decoding each distinct JSON text once."""

    def __init__(self) -> None:
        self.strings = Interned(lambda value: tuple(value or ()))
        self.access = Interned(lambda value: codec.access_of(value or {}))
        self.artifact = Interned(lambda value: None if value is None else _artifact(value))

    def dataset(self, row: Any) -> DatasetRow:
        (_, source, path, uri, fmt, kind, status, level, entities, rows_read, rows_total,
         bytes_read, bytes_total, mode, encoding, unreadable, repaired, error, created_at,
         access, owners, public, deleted_at, artifact, table_version, _) = row  # fmt: skip
        coverage = None
        if mode is not None:
            coverage = Coverage(
                rows_read or 0, rows_total, bytes_read or 0, bytes_total or 0, mode, encoding,
                unreadable or 0, repaired or 0,
            )  # fmt: skip
        return DatasetRow(
            source, path, uri, fmt, kind, status, _level(level), self.strings(entities),
            coverage, error, created_at, self.access(access), self.strings(owners), public,
            deleted_at, self.artifact(artifact), table_version,
        )  # fmt: skip


def _level(level: int | None) -> Sensitivity | None:
    return None if level is None else Sensitivity(level)


def _artifact(value: dict[str, Any]) -> ArtifactReport:
    return ArtifactReport.from_json(value)


def dataset_rows(session: Session, *where: Any) -> list[DatasetRow]:
    """Each asset's latest state, as `queries.datasets` gives it, in one Core select."""
    rows = _Rows()
    return [rows.dataset(row) for row in session.execute(_latest(*where))]


def summaries(session: Session, *where: Any) -> list[DatasetSummary]:
    """Each asset's latest state with its columns' findings (no examples or evidence)."""
    columns = _columns(session, *where)
    rows = _Rows()
    return [
        DatasetSummary(rows.dataset(row), rows.strings(row[-1]), columns.get(row[0], ()))
        for row in session.execute(_latest(*where))
    ]


def versions_after(
    session: Session, after: int, limit: int, settled_before: datetime | None = None
) -> list[tuple[int, DatasetSummary]]:
    """(version id, summary) of the live assets whose latest version is newer than `after`,
    oldest version first, at most `limit`: the new catalog versions not yet reported.

    With `settled_before`, only versions below the first one created after it: a version's
    id is drawn when its object's transaction writes it, and on PostgreSQL two scans can
    commit out of order, so a reader that took version 101 and moved on would never see 100
    committing later. Versions created a while ago have committed (each object is one short
    transaction), so stopping before the first recent one keeps the ids behind a cursor
    complete."""
    where = [Asset.deleted_at.is_(None), AssetVersion.id > after]
    if settled_before is not None:
        recent = select(func.min(AssetVersion.id)).where(
            AssetVersion.id > after, AssetVersion.created_at > settled_before
        )
        bound = session.execute(recent).scalar()
        if bound is not None:
            where.append(AssetVersion.id < bound)
    stmt = _latest(*where).order_by(None).order_by(AssetVersion.id).limit(limit)
    found = list(session.execute(stmt))
    ids = [row[0] for row in found]
    grouped: dict[int, list[ColumnSummary]] = defaultdict(list)
    parts = _ColumnParts()
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limit
        parts.group(session, _of_versions(ids[start : start + 500]), grouped)
    columns = _shared_layouts(grouped.items())
    rows = _Rows()
    return [
        (row[0], DatasetSummary(rows.dataset(row), rows.strings(row[-1]), columns.get(row[0], ())))
        for row in found
    ]


def _of_versions(ids: list[int]) -> Narrow:
    def narrow(stmt: Select[Any]) -> Select[Any]:
        return stmt.where(ColumnFindingRow.version_id.in_(ids))

    return narrow


def _columns(session: Session, *where: Any) -> dict[int, tuple[ColumnSummary, ...]]:
    """The latest versions' columns by version id; equal rows give one shared object."""
    latest = (
        select(func.max(AssetVersion.id).label("version_id"))
        .select_from(AssetVersion)
        .join(Asset, Asset.id == AssetVersion.asset_id)
        .join(Source, Asset.source_id == Source.id)
        .where(*where)
        .group_by(AssetVersion.asset_id)
        .subquery()
    )
    grouped: dict[int, list[ColumnSummary]] = defaultdict(list)

    def joined(stmt: Select[Any]) -> Select[Any]:
        return stmt.join(latest, latest.c.version_id == ColumnFindingRow.version_id)

    _ColumnParts().group(session, joined, grouped)
    return _shared_layouts(grouped.items())


class _ColumnParts:
    """Column rows as shared `ColumnSummary` objects, each distinct JSON text decoded once."""

    def __init__(self) -> None:
        self.entities = Interned(lambda value: tuple(codec.entity_of(e) for e in value or ()))
        self.reasons = Interned(lambda value: tuple(value or ()))
        self.shared: dict[tuple[Any, ...], ColumnSummary] = {}

    def group(
        self, session: Session, narrow: Narrow, grouped: dict[int, list[ColumnSummary]]
    ) -> None:
        """Add the column rows `narrow` (a select's joins or filters) picks to `grouped`."""
        c = ColumnFindingRow
        selected = (
            c.version_id, c.column, c.dtype, c.sensitivity, c.undetermined,
            _text(c.entities), _text(c.reasons),
        )  # fmt: skip
        stmt = narrow(select(*selected)).order_by(c.id)
        fields: list[Any]
        for version_id, *fields in session.execute(stmt):
            key = tuple(fields)
            column = self.shared.get(key)
            if column is None:
                name, dtype, level, undetermined, found, why = fields
                column = self.shared[key] = ColumnSummary(
                    name, dtype, Sensitivity(level), bool(undetermined),
                    self.entities(found), self.reasons(why),
                )  # fmt: skip
            grouped[version_id].append(column)


def _shared_layouts(
    grouped: Iterable[tuple[int, list[ColumnSummary]]],
) -> dict[int, tuple[ColumnSummary, ...]]:
    """One tuple per distinct column layout, so pages built from a layout can be reused."""
    layouts: dict[tuple[int, ...], tuple[ColumnSummary, ...]] = {}
    found = {}
    for version_id, columns in grouped:
        key = tuple(map(id, columns))  # the columns are shared, so their ids name them
        found[version_id] = layouts.setdefault(key, tuple(columns))
    return found
