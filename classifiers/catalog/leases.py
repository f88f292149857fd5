"""Scan leases: a scan takes an object's lease before reading it, so two scans never both do.

A lease names its scan and process (host:pid) and expires: a killed scan's leases are free
once they expire, or at once on the same host when its process is gone. Taking a lease is
one INSERT ... ON CONFLICT DO UPDATE ... WHERE (the lease is free) RETURNING on both SQLite
and PostgreSQL: of two scans racing for an object exactly one gets a row back.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from classifiers.catalog.schema import Scan, ScanLease
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.upsert import _insert
from classifiers.catalog.writes import utc_now


def this_process() -> str:
    """The lease holder's name for this process: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_gone(holder: str) -> bool:
    """True when `holder` is a process of this host that no longer runs (killed, or a zombie
    nobody reaped). A process elsewhere is never judged from here: its lease must expire."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: it runs
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


@dataclass(frozen=True)
class LeaseRow:
    source: str
    path: str
    scan_id: int
    holder: str
    expires_at: datetime


class ScanLeases:
    """The catalog's scan leases, held by one process (`holder`)."""

    def __init__(self, store: CatalogStore, holder: str | None = None) -> None:
        self._sessions = store._sessions
        self.holder = holder or this_process()

    def take(self, scan_id: int, source: str, path: str, lease_for: timedelta) -> int | None:
        """Take the object's lease for `scan_id`; None when taken, else the scan holding it."""
        now = utc_now()
        with self._sessions.begin() as session:
            if _claim(session, scan_id, source, path, self.holder, now, now + lease_for):
                return None
            holding = select(ScanLease.scan_id, ScanLease.holder).where(
                ScanLease.source == source, ScanLease.path == path
            )
            current = session.execute(holding).one_or_none()
            if current is None:  # released between the two statements: try once more
                taken = _claim(session, scan_id, source, path, self.holder, now, now + lease_for)
                return None if taken else scan_id
            held_by, holder = current
            if not holder_gone(holder):
                return int(held_by)
            # Its process is gone: take the lease over, and say the scan was interrupted.
            taken_over = session.execute(
                update(ScanLease)
                .where(ScanLease.source == source, ScanLease.path == path)
                .where(ScanLease.scan_id == held_by, ScanLease.holder == holder)
                .values(
                    scan_id=scan_id, holder=self.holder, taken_at=now, expires_at=now + lease_for
                )
            )
            if taken_over.rowcount != 1:  # type: ignore[attr-defined]
                return int(held_by)  # another scan took it over first
            session.execute(
                update(Scan)
                .where(Scan.id == held_by, Scan.status == "running")
                .values(status="interrupted", finished_at=now)
            )
            return None

    def release(self, scan_id: int, source: str, path: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                delete(ScanLease).where(
                    ScanLease.source == source, ScanLease.path == path, ScanLease.scan_id == scan_id
                )
            )

    def release_scan(self, scan_id: int) -> None:
        """Free every lease a scan still holds (it ended, or stopped on an error)."""
        with self._sessions.begin() as session:
            session.execute(delete(ScanLease).where(ScanLease.scan_id == scan_id))

    def held(self) -> list[LeaseRow]:
        with self._sessions() as session:
            rows = session.scalars(select(ScanLease).order_by(ScanLease.id))
            return [LeaseRow(r.source, r.path, r.scan_id, r.holder, r.expires_at) for r in rows]


def _claim(
    session: Session,
    scan_id: int,
    source: str,
    path: str,
    holder: str,
    now: datetime,
    until: datetime,
) -> bool:
    """One statement: insert the lease, or take it over where it expired or is this scan's."""
    row = ScanLease(source=source, path=path, scan_id=scan_id, holder=holder)
    row.taken_at, row.expires_at = now, until
    stmt = _insert(session, row)
    fresh = {name: stmt.excluded[name] for name in ("scan_id", "holder", "taken_at", "expires_at")}
    stmt = stmt.on_conflict_do_update(
        index_elements=["source", "path"],
        set_=fresh,
        where=or_(ScanLease.expires_at < now, ScanLease.scan_id == scan_id),
    )
    return session.execute(stmt.returning(ScanLease.id)).first() is not None
