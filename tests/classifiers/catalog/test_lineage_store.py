"""The lineage tables: migration 0002, edges, version snapshots, drift, boundaries, alerts."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from catalog_values import EVIDENCE, findings, stored
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.lineage_views import AlertMessage, QueuedAlert
from classifiers.catalog.migrate import alembic_config, upgrade
from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity
from lineage.drift import ReadHealth, VersionSnapshot, drift_events
from lineage.model import BoundaryException, BoundaryFinding, DriftEvent, Edge

LINEAGE_TABLES = {
    "lineage_edges",
    "drift_events",
    "boundary_evaluations",
    "boundary_findings",
    "alerts",
}
T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture
def lineage(store: CatalogStore) -> LineageStore:
    return LineageStore(store)


def test_0002_upgrades_a_filled_0001_catalog_and_downgrades_alone(db_url: str) -> None:
    engine = create_catalog_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        insert = "INSERT INTO sources (name, kind, root, public, owners)"
        insert += " VALUES (:n, 'local', '/', :public, '[]')"  # a bound bool: 0 is no PG bool
        connection.execute(text(insert), {"n": "lake", "public": False})
    assert not LINEAGE_TABLES & set(inspect(engine).get_table_names())
    upgrade(db_url)
    assert set(inspect(engine).get_table_names()) >= LINEAGE_TABLES
    with engine.begin() as connection:
        assert connection.execute(text("SELECT name FROM sources")).scalars().all() == ["lake"]
        command.downgrade(alembic_config(connection), "0001")
    tables = set(inspect(engine).get_table_names())
    assert not LINEAGE_TABLES & tables and "assets" in tables
    engine.dispose()


def test_edges_are_upserted_per_origin(lineage: LineageStore) -> None:
    read = Edge("lake:crm/**", "workload:bot", "declared")
    write = Edge("workload:bot", "lake:clean/people.csv", "declared", masking=True)
    assert lineage.record_edges([read, write, read], now=T0) == 2
    later = T0 + timedelta(hours=1)
    seen = Edge("lake:crm/**", "workload:bot", "observed")
    assert lineage.record_edges([read, replace(write, masking=False), seen], now=later) == 1
    assert lineage.edges() == [read, replace(write, masking=False), seen]
    first, _, third = lineage.edge_rows()
    assert (first.first_seen, first.last_seen) == (T0, later)
    assert (third.first_seen, third.last_seen) == (later, later)


def test_an_unknown_edge_origin_is_refused(lineage: LineageStore) -> None:
    with pytest.raises(IntegrityError):
        lineage.record_edges([Edge("a:b", "workload:w", "guessed")])
    assert lineage.edges() == []


def _three_versions(store: CatalogStore) -> tuple[int, int, int]:
    scan_id = store.start_scan(["lake"], "sample", "polars", "r1")
    first = store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    up = findings(Sensitivity.HIGHLY_CONFIDENTIAL, with_phone=True)
    second = store.record_result(scan_id, stored(fingerprint="sha-2"), up, "r1", {})
    third = store.record_error(scan_id, stored(fingerprint="sha-3"), "bad gzip header", "r1")
    return first, second, third


def test_version_snapshots_come_from_recorded_versions(
    store: CatalogStore, lineage: LineageStore
) -> None:
    first, second, third = _three_versions(store)
    old, new, broken = lineage.version_snapshots("lake", "crm/people.csv")
    columns = {"contact": {"EMAIL_ADDRESS": 0.9}, "note": {}}
    health = ReadHealth(0, 1000)  # none unreadable of the 1,000 records counted
    assert old == VersionSnapshot(first, "ok", Sensitivity.CONFIDENTIAL, None, columns, health)
    assert new.version_id == second and new.level is Sensitivity.HIGHLY_CONFIDENTIAL
    assert new.columns["contact"] == {"EMAIL_ADDRESS": 0.9, "PHONE_NUMBER": 0.4}
    assert (broken.version_id, broken.status, broken.level) == (third, "error", None)
    assert (broken.error, broken.columns) == ("bad gzip header", {})
    assert lineage.version_snapshots("lake", "missing.csv") == []


def test_drift_is_stored_once_however_often_it_is_recomputed(
    store: CatalogStore, lineage: LineageStore
) -> None:
    _three_versions(store)
    old, new, broken = lineage.version_snapshots("lake", "crm/people.csv")
    events = drift_events("lake", "crm/people.csv", old, new)
    events += drift_events("lake", "crm/people.csv", new, broken)
    assert [e.type for e in events] == ["level_up", "new_entity", "scan_error"]
    assert lineage.record_drift(events + events[:1], now=T0) == events
    assert lineage.record_drift(events, now=T0 + timedelta(hours=1)) == []
    assert lineage.drift_events() == events
    later = replace(events[0], to_version=events[2].to_version)
    assert lineage.record_drift([later, events[1]], now=T0 + timedelta(hours=2)) == [later]
    assert lineage.drift_events(since=T0 + timedelta(minutes=1)) == [later]


def test_drift_of_an_unknown_dataset_stores_nothing(
    store: CatalogStore, lineage: LineageStore
) -> None:
    first, second, _ = _three_versions(store)
    known = DriftEvent("lake", "crm/people.csv", "level_up", "a", "b", (), first, second)
    unknown = replace(known, path="nowhere.csv")
    with pytest.raises(LookupError, match=r"lake:nowhere\.csv"):
        lineage.record_drift([known, unknown])
    assert lineage.drift_events() == []


def _finding(**changes: Any) -> BoundaryFinding:
    found = BoundaryFinding(
        "bot",
        "lake:crm/people.csv",
        Sensitivity.CONFIDENTIAL,
        Sensitivity.GENERAL,
        "lake:crm/people.csv is Confidential, above the ceiling General",
        "above_ceiling",
        ("team:ml", "ana@x.org"),
    )
    return replace(found, **changes)


def test_boundary_evaluations_keep_history_and_the_latest_set(lineage: LineageStore) -> None:
    assert lineage.latest_boundary_findings() == []
    exception = BoundaryException("lake:crm/*", "approved pilot", "cso@x.org", date(2027, 1, 31))
    accepted = _finding(dataset="lake:crm/x.csv", accepted=True, exception=exception)
    unscanned = _finding(dataset="lake:new.csv", level=None, kind="unscanned", reason="unknown")
    first = lineage.record_boundary_evaluation([_finding(), accepted, unscanned], T0)
    assert lineage.latest_boundary_findings() == [_finding(), accepted, unscanned]
    second = lineage.record_boundary_evaluation([], T0 + timedelta(days=1))
    assert lineage.latest_boundary_findings() == []
    assert lineage.boundary_findings(first) == [_finding(), accepted, unscanned]
    runs = lineage.boundary_evaluations()
    assert [(r.id, r.evaluated_at, r.findings) for r in runs] == [
        (first, T0, 3),
        (second, T0 + timedelta(days=1), 0),
    ]


def _alert(key: str, recipient: str = "ana@x.org", channel: str = "email") -> QueuedAlert:
    return QueuedAlert(
        key, recipient, channel, AlertMessage(f"about {key}", ("a line",), (("k", "v"),))
    )


def test_alerts_are_recorded_once_and_track_delivery(lineage: LineageStore) -> None:
    alerts = [_alert("e1"), _alert("e1", channel="teams"), _alert("e2"), _alert("e1")]
    assert lineage.queue_alerts(alerts, T0) == 3
    assert lineage.queue_alerts([_alert("e1"), _alert("e3")], T0) == 1
    pending = lineage.pending_alerts()
    assert [(a.event_key, a.channel, a.status, a.attempts) for a in pending] == [
        ("e1", "email", "pending", 0),
        ("e1", "teams", "pending", 0),
        ("e2", "email", "pending", 0),
        ("e3", "email", "pending", 0),
    ]
    assert pending[0].message == alerts[0].message and pending[0].created_at == T0
    e1, e1_teams, e2, e3 = (a.id for a in pending)
    lineage.alert_sent([e1, e2], T0)
    lineage.alert_failed([e1_teams], "POST to $HOOK returned HTTP 500")
    lineage.alert_failed([e1_teams], "POST to $HOOK returned HTTP 502")
    by_id = {a.id: a for a in lineage.alerts()}
    assert (by_id[e1].status, by_id[e1].attempts, by_id[e1].sent_at) == ("sent", 1, T0)
    failed = by_id[e1_teams]
    assert (failed.status, failed.attempts, failed.sent_at) == ("failed", 2, None)
    assert failed.last_error == "POST to $HOOK returned HTTP 502"
    assert [a.id for a in lineage.pending_alerts()] == [e1_teams, e3]
    assert [a.id for a in lineage.pending_alerts(max_attempts=2)] == [e3]


def test_an_unknown_alert_channel_is_refused(lineage: LineageStore) -> None:
    with pytest.raises(ValueError, match="sms"):
        lineage.queue_alerts([_alert("e1", channel="sms")])
    assert lineage.alerts() == []
