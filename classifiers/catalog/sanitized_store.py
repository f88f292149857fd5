"""The catalog's record of sanitized copies: which copy of which dataset, and whether it passed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from classifiers.catalog.schema import SanitizedCopyRow
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.writes import utc_now

CHECKS_KEPT = 50  # re-runs of a copy's verification kept with it


@dataclass(frozen=True)
class SanitizedCopy:
    """One recorded copy; only a `passed` one is offered as a workload's input."""

    id: int
    source_ref: str
    copy_ref: str
    uri: str
    status: str  # "passed" or "failed"
    rows: int
    operators: Mapping[str, Any]
    verification: Mapping[str, Any]
    docs_url: str | None
    created_at: datetime

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def offered(self) -> bool:
        """Offered as a workload's input: made and verified, and its latest re-run of the
        verification (if any) passed too. A copy changed after it was made, which its asset
        check now fails, is not offered until a re-run passes again."""
        checks = self.checks
        return self.passed and (not checks or bool(checks[-1].get("passed")))

    @property
    def checks(self) -> list[Mapping[str, Any]]:
        """Re-runs of the verification (the asset check) on this copy, oldest first: when,
        passed, reasons, the GX outcomes (counts only) and the run's Data Docs page."""
        return list(self.verification.get("checks", []))


def _view(row: SanitizedCopyRow) -> SanitizedCopy:
    return SanitizedCopy(
        row.id,
        row.source_ref,
        row.copy_ref,
        row.uri,
        row.status,
        row.rows,
        dict(row.operators),
        dict(row.verification),
        row.docs_url,
        row.created_at,
    )


class SanitizedStore:
    """Sanitized copies in a catalog; each write is one transaction."""

    def __init__(self, store: CatalogStore) -> None:
        self._sessions = store._sessions

    def record(
        self,
        source_ref: str,
        copy_ref: str,
        uri: str,
        passed: bool,
        rows: int,
        operators: Mapping[str, Any],
        verification: Mapping[str, Any],
        docs_url: str | None,
    ) -> int:
        row = SanitizedCopyRow(
            source_ref=source_ref,
            copy_ref=copy_ref,
            uri=uri,
            status="passed" if passed else "failed",
            rows=rows,
            operators=dict(operators),
            verification=dict(verification),
            docs_url=docs_url,
            created_at=utc_now(),
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return row.id

    def record_check(
        self, copy_id: int, passed: bool, suite: Mapping[str, Any], reasons: Sequence[str]
    ) -> None:
        """A re-run of a copy's verification, kept with the copy (the last CHECKS_KEPT). The
        copy's status is that of its making: a failing re-run fails its asset check (ERROR)
        and is recorded here; the copy is then no longer offered (`SanitizedCopy.offered`)
        until a re-run passes, but its file is left where it is."""
        check = {"at": utc_now().isoformat(), "passed": passed, "reasons": list(reasons),
                 **dict(suite)}  # fmt: skip
        with self._sessions.begin() as session:
            row = session.get(SanitizedCopyRow, copy_id)
            if row is None:
                raise KeyError(f"no sanitized copy {copy_id}")
            verification = dict(row.verification)
            checks = [*verification.get("checks", []), check][-CHECKS_KEPT:]
            row.verification = {**verification, "checks": checks}  # a new value: JSON updates

    def copies(self, source_ref: str | None = None) -> list[SanitizedCopy]:
        """Every recorded copy, oldest first (of one dataset when `source_ref` is given)."""
        stmt = select(SanitizedCopyRow).order_by(SanitizedCopyRow.id)
        if source_ref is not None:
            stmt = stmt.where(SanitizedCopyRow.source_ref == source_ref)
        with self._sessions() as session:
            return [_view(r) for r in session.scalars(stmt)]

    def latest(self, source_ref: str) -> SanitizedCopy | None:
        found = self.copies(source_ref)
        return found[-1] if found else None
