"""Two writers inserting the same asset or alert at once on PostgreSQL: one row, no error.

The second writer's INSERT waits on the first one's uncommitted row (the test checks it is
really waiting), then ON CONFLICT keeps or refreshes the one row instead of failing.

The watcher that sees the second writer wait reads pg_stat_activity in AUTOCOMMIT: PostgreSQL
takes one snapshot of every session's activity per transaction, so a watcher inside one
transaction kept seeing the moment of its first look. When that look came before the second
writer reached its lock (a loaded machine), the wait was never seen (the stalls that kept
these tests on demand: the second writer was waiting at the server all along).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import pytest
from catalog_values import EVIDENCE, findings, stored
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from classifiers.catalog.lineage_codec import alert_record
from classifiers.catalog.lineage_schema import AlertRecord
from classifiers.catalog.lineage_store import ALERT_KEY, LineageStore
from classifiers.catalog.lineage_views import AlertMessage, QueuedAlert
from classifiers.catalog.schema import Asset, AssetVersion, Source
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.upsert import insert_new, upsert
from classifiers.catalog.writes import add_version, utc_now

T = TypeVar("T")
ALERT = QueuedAlert("drift:1:level_up", "ana@x.org", "email", AlertMessage("up", ("a",)))


@pytest.fixture
def store(postgres_url: str) -> Iterator[CatalogStore]:
    with CatalogStore.open(postgres_url) as opened:
        opened.ensure_source("lake", "local", "/data/lake", public=False, owners=[])
        yield opened


def _engine(store: CatalogStore) -> Engine:
    return store._engine  # a second connection of the same catalog, held open by the test


_SESSIONS = text(
    "SELECT state, wait_event_type, wait_event, left(query, 120) FROM pg_stat_activity"
    " WHERE datname = current_database()"
)


def _blocked_behind(first: Session, second: Callable[[], T]) -> T:
    """Run `second` in a thread until it waits on `first`'s locks, then commit `first`."""
    with ThreadPoolExecutor(1) as pool:
        waiting: Future[T] = pool.submit(second)
        probe = text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        deadline = time.monotonic() + 120  # a stall guard for a loaded machine, not a timing
        try:
            # AUTOCOMMIT: each probe a transaction of its own, so a fresh activity snapshot.
            autocommit = _engine_of(first).execution_options(isolation_level="AUTOCOMMIT")
            with autocommit.connect() as watcher:
                while not watcher.execute(probe).scalar() and not waiting.done():
                    # What each connection of the test database was doing, to tell why.
                    assert time.monotonic() < deadline, watcher.execute(_SESSIONS).all()
                    time.sleep(0.05)
            assert not waiting.done(), "the second writer did not wait for the first"
        except BaseException:
            first.rollback()  # frees the second writer, so a failure cannot hang the run
            raise
        first.commit()
        return waiting.result(timeout=30)


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    return bind


def test_two_scans_recording_one_new_object_make_one_asset(store: CatalogStore) -> None:
    scan_id = store.start_scan(["lake"], "full", "polars", "r1")
    with Session(_engine(store)) as first:
        add_version(first, scan_id, stored(), "dataset", "r1", findings())
        second = _blocked_behind(
            first, lambda: store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
        )
    with Session(_engine(store)) as check:
        assert check.scalar(select(func.count()).select_from(Asset)) == 1
        versions = check.scalars(select(AssetVersion.id).order_by(AssetVersion.id)).all()
    assert len(versions) == 2 and versions[-1] == second


def test_two_senders_queueing_one_alert_record_it_once(store: CatalogStore) -> None:
    lineage = LineageStore(store)
    with Session(_engine(store)) as first:
        assert insert_new(first, alert_record(ALERT, utc_now()), ALERT_KEY) is not None
        added = _blocked_behind(first, lambda: lineage.queue_alerts([ALERT]))
    assert added == 0
    with Session(_engine(store)) as check:
        assert check.scalar(select(func.count()).select_from(AlertRecord)) == 1
    assert [a.recipient for a in lineage.pending_alerts()] == ["ana@x.org"]


def test_two_scans_registering_one_source_keep_one_row(store: CatalogStore) -> None:
    with Session(_engine(store)) as first:
        row = Source(name="shared", kind="local", root="/a", public=False, owners=[])
        upsert(first, row, ("name",), ("root",))
        _blocked_behind(
            first,
            lambda: store.ensure_source("shared", "local", "/b", public=True, owners=["x@y.z"]),
        )
    with Session(_engine(store)) as check:
        rows = check.execute(select(Source.root, Source.public).where(Source.name == "shared"))
        assert rows.all() == [("/b", True)]  # the later registration's settings
