"""Tables of the catalog DB: sources, assets, scans, asset versions, column findings, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC.

    SQLite drops the zone; PostgreSQL's timestamptz comes back in the session's time zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _unbounded_on_postgres(length: int) -> String:
    """VARCHAR(length) on SQLite, which never enforced it; TEXT on PostgreSQL, which does."""
    return String(length).with_variant(Text(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON}


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("name", name="uq_sources_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(50))
    root: Mapped[str] = mapped_column(Text)  # local path or container URI
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    owners: Mapped[list[str]] = mapped_column(JSON)


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        UniqueConstraint("source_id", "path", name="uq_assets_source_path"),
        CheckConstraint("kind IN ('dataset', 'artifact')", name="kind"),
        Index("ix_assets_path", "path"),
        Index("ix_assets_uri", "uri"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    path: Mapped[str] = mapped_column(String(1000))
    uri: Mapped[str] = mapped_column(String(2000))
    format: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    deleted_at: Mapped[datetime | None]


class Scan(Base):
    __tablename__ = "scans"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'finished', 'interrupted')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sources: Mapped[list[str]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(20))
    engine: Mapped[str] = mapped_column(String(20))
    rules_version: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    counts: Mapped[dict[str, Any]]


class AssetVersion(Base):
    __tablename__ = "asset_versions"
    __table_args__ = (
        CheckConstraint("status IN ('ok', 'error')", name="status"),
        Index("ix_asset_versions_asset_latest", "asset_id", "id"),
        Index("ix_asset_versions_scan_id", "scan_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id"))
    fingerprint: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime: Mapped[float] = mapped_column(Float)
    rules_version: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    sensitivity: Mapped[int | None] = mapped_column(Integer)
    sensitivity_label: Mapped[str | None] = mapped_column(String(40))
    entities: Mapped[list[str]] = mapped_column(JSON)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    rows_read: Mapped[int | None] = mapped_column(BigInteger)
    rows_total: Mapped[int | None] = mapped_column(BigInteger)
    bytes_read: Mapped[int | None] = mapped_column(BigInteger)
    bytes_total: Mapped[int | None] = mapped_column(BigInteger)
    coverage_mode: Mapped[str | None] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(40))  # text objects' codec (0003)
    records_unreadable: Mapped[int | None] = mapped_column(BigInteger)
    records_repaired: Mapped[int | None] = mapped_column(BigInteger)
    access: Mapped[dict[str, Any]]
    artifact: Mapped[dict[str, Any] | None]  # an AI artifact's inspection report (0005)
    table_version: Mapped[int | None] = mapped_column(BigInteger)  # a lake table's (0006)
    document: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ColumnFindingRow(Base):
    __tablename__ = "column_findings"
    __table_args__ = (Index("ix_column_findings_version_id", "version_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id", ondelete="CASCADE"))
    column: Mapped[str] = mapped_column(_unbounded_on_postgres(1000))
    dtype: Mapped[str] = mapped_column(_unbounded_on_postgres(100))  # nested types run long
    non_null: Mapped[int] = mapped_column(BigInteger)
    sensitivity: Mapped[int] = mapped_column(Integer)
    undetermined: Mapped[bool] = mapped_column(Boolean)
    free_text: Mapped[bool] = mapped_column(Boolean)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    examples: Mapped[list[str]] = mapped_column(JSON)  # masked strings only, never raw values
    evidence: Mapped[dict[str, Any]]


class ObjectError(Base):
    __tablename__ = "object_errors"
    __table_args__ = (
        Index("ix_object_errors_scan_id", "scan_id"),
        Index("ix_object_errors_version_id", "version_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id", ondelete="CASCADE"))
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


# --- Purview publish state (issue 19, revision 0008) ------------------------------------------
class PurviewPublished(Base):
    """What was last sent to one Purview account for one dataset, artifact or workload."""

    __tablename__ = "purview_published"
    __table_args__ = (
        UniqueConstraint("endpoint", "qualified_name", name="uq_purview_published_entity"),
        Index("ix_purview_published_source", "endpoint", "source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(500))
    qualified_name: Mapped[str] = mapped_column(_unbounded_on_postgres(2000))
    type_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))  # None: an AI workload
    path: Mapped[str] = mapped_column(_unbounded_on_postgres(1000))  # or the workload's name
    fingerprint: Mapped[str | None] = mapped_column(String(200))  # the catalog version's
    rules_version: Mapped[str | None] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the bodies sent
    entities: Mapped[dict[str, Any]]  # qualifiedName -> type name (dataset, schema, columns)
    classifications: Mapped[dict[str, Any]]  # qualifiedName -> classification names sent
    published_at: Mapped[datetime]


class PurviewRun(Base):
    """One `warden publish purview` run and its summary."""

    __tablename__ = "purview_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    typedefs_digest: Mapped[str | None] = mapped_column(String(64))  # None: typedefs failed
    counts: Mapped[dict[str, Any]]  # created, updated, deleted, failed, unchanged, ...
    errors: Mapped[list[str]] = mapped_column(JSON)


# --- end of Purview publish state --------------------------------------------------------------


# --- scan leases (shared deployment issue, revision 0009) ---------------------------------------
class ScanLease(Base):
    """Which scan is reading an object now, until when: a second scan skips it meanwhile."""

    __tablename__ = "scan_leases"
    __table_args__ = (
        UniqueConstraint("source", "path", name="uq_scan_leases_source_path"),
        Index("ix_scan_leases_scan_id", "scan_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1000))
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id"))
    holder: Mapped[str] = mapped_column(String(300))  # host:pid of the scanning process
    taken_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # a killed scan's lease is free after this


# --- end of scan leases -------------------------------------------------------------------------


# --- sanitized copies (issue 17, revision 0007) --------------------------------------------------
class SanitizedCopyRow(Base):
    """One sanitized copy of a dataset and its verification (rescan and GX suite)."""

    __tablename__ = "sanitized_copies"
    __table_args__ = (
        CheckConstraint("status IN ('passed', 'failed')", name="status"),
        Index("ix_sanitized_copies_source_ref", "source_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_ref: Mapped[str] = mapped_column(_unbounded_on_postgres(2000))  # source:path
    copy_ref: Mapped[str] = mapped_column(_unbounded_on_postgres(2000))  # the copy's
    uri: Mapped[str] = mapped_column(_unbounded_on_postgres(2000))  # aside when it failed
    status: Mapped[str] = mapped_column(String(10))
    rows: Mapped[int] = mapped_column(BigInteger)
    operators: Mapped[dict[str, Any]]  # column -> operator, or "free text"
    verification: Mapped[dict[str, Any]]  # rescan level, GX outcomes (counts only), reasons
    docs_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


# --- end of sanitized copies ---------------------------------------------------------------------
