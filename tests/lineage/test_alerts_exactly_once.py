"""Alerts go out once per event and recipient with senders racing in separate processes, and a
sender killed mid-send loses nothing: its claim expires and the next sender sends again, with
the same Message-ID (the recipient's mail system sees one message). Real SMTP (aiosmtpd)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from classifiers.catalog.lineage_schema import AlertRecord
from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from tests.lineage.test_alerts_delivery import Inbox, _smtp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVENTS = 5
RECIPIENTS = ("ana@x.org", "lee@x.org")
CLAIM_S = 4.0  # the killed sender's claim: the next sender waits for it to expire


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    for port in _smtp(inbox):
        yield inbox, port


@pytest.fixture
def smtp(smtp_server: tuple[Inbox, int]) -> tuple[Inbox, int]:
    smtp_server[0].messages.clear()
    return smtp_server


@pytest.fixture
def lineage(catalog_url: str) -> Iterator[LineageStore]:
    with CatalogStore.open(catalog_url) as catalog:  # migrated here; the senders only connect
        yield LineageStore(catalog)


def _sender(url: str, port: int, claim_s: float, start_at: float,
            kill_at: str | None = None) -> subprocess.Popen[str]:  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if kill_at:
        env["WARDEN_TEST_KILL_AT"] = kill_at
    args = [str(HERE / "alert_sender.py"), url, str(port), str(claim_s), str(start_at), str(EVENTS)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, **pipes)  # type: ignore[call-overload]


def _report(process: subprocess.Popen[str]) -> dict[str, object]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-2000:]
    found = json.loads(out.strip().splitlines()[-1])
    assert isinstance(found, dict)
    return found


def _received(inbox: Inbox) -> Counter[tuple[str, str]]:
    """(recipient, event subject) -> how many distinct messages (by Message-ID) carried it."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for message in inbox.messages:
        body = message.get_body(("plain",))
        lines = body.get_content().splitlines() if body is not None else []
        events = [line.removeprefix("* ") for line in lines if line.startswith("* ")]
        seen[str(message["Message-ID"])] = (str(message["To"]), events)
    return Counter((to, event) for to, events in seen.values() for event in events)


def _every_event_once(inbox: Inbox) -> None:
    subjects = [f"lake:t{i}.csv: sensitivity level raised" for i in range(EVENTS)]
    assert _received(inbox) == Counter({(to, s): 1 for to in RECIPIENTS for s in subjects})


def test_senders_racing_send_each_alert_once(
    lineage: LineageStore, catalog_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    start_at = time.time() + 5.0  # past every sender's start-up: they claim together
    reports = [_report(p) for p in [_sender(catalog_url, port, 60, start_at) for _ in range(3)]]
    assert sum(int(r["sent"]) for r in reports) == EVENTS * len(RECIPIENTS)  # type: ignore[call-overload]
    assert sum(int(r["queued"]) for r in reports) == EVENTS * len(RECIPIENTS)  # type: ignore[call-overload]
    assert len(inbox.messages) == sum(int(r["messages"]) for r in reports)  # type: ignore[call-overload]
    _every_event_once(inbox)  # no two senders delivered the same alert
    rows = lineage.alerts()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    assert len(rows) == EVENTS * len(RECIPIENTS)


def test_senders_killed_mid_send_lose_nothing(
    lineage: LineageStore, catalog_url: str, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    expires = 0.0
    # Killed after claiming (nothing delivered), then after delivering one digest of two
    # before marking it sent; each time the claims hold until they expire.
    for kill_at, delivered in (("alert_claimed:1", 0), ("alert_delivered:1", 1)):
        killed = _sender(catalog_url, port, CLAIM_S, expires + 0.2, kill_at=kill_at)
        killed.communicate(timeout=120)
        assert killed.returncode == -9
        assert len(inbox.messages) == delivered
        expires = _claims_held_until(lineage)
        if time.time() < expires - 1:  # its claims still hold: another sender gets none of them
            assert lineage.claim_alerts("someone-else:1", claim_for=timedelta(minutes=1)) == []
    report = _report(_sender(catalog_url, port, 60, start_at=expires + 0.2))
    assert report["sent"] == EVENTS * len(RECIPIENTS) and report["queued"] == 0
    # Sent again after the kill, yet once per recipient by Message-ID: nothing lost, no twin.
    assert len(inbox.messages) == len(RECIPIENTS) + 1
    _every_event_once(inbox)
    assert {(r.status, r.attempts) for r in lineage.alerts()} == {("sent", 1)}


def _claims_held_until(lineage: LineageStore) -> float:
    """When the one killed sender's claims on every alert expire (a time.time() value)."""
    with lineage._sessions() as session:
        claims = session.execute(select(AlertRecord.claimed_by, AlertRecord.claim_expires)).all()
    assert {r.status for r in lineage.alerts()} == {"pending"}
    assert len({holder for holder, _ in claims}) == 1 and None not in {h for h, _ in claims}
    return max(until for _, until in claims if until is not None).timestamp()
