"""Delivering alerts to a real SMTP server and real HTTP webhooks: digests, dedupe, retries."""

import email
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from classifiers.catalog.lineage_codec import message_json
from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from classifiers.config.workloads import AlertsConfig
from classifiers.model import DatasetFindings, Sensitivity
from lineage.alerts import Notice, notices_for_boundaries, notices_for_drift, send_alerts
from lineage.drift import drift_events
from lineage.model import BoundaryFinding, DatasetState, DriftEvent, Workload
from tests.classifiers.catalog.catalog_values import findings, stored

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SECRET = "TOKEN-9f3a"  # part of the webhook URLs: must never reach the catalog


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """An aiosmtpd handler keeping every message, and the logins the server was given."""

    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        parsed = email.message_from_bytes(raw, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret", handled=False)  # server replies


def _smtp(inbox: Inbox, **options: Any) -> Iterator[int]:
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    for port in _smtp(inbox):
        yield inbox, port


@pytest.fixture(scope="module")
def smtp_with_login() -> Iterator[tuple[Inbox, int]]:
    # aiosmtpd offers AUTH only over TLS unless told otherwise. PLAIN alone, so that a refused
    # login is one attempt (smtplib would go on to try LOGIN).
    inbox = Inbox()
    for port in _smtp(
        inbox,
        auth_require_tls=False,
        authenticator=inbox.authenticate,
        auth_exclude_mechanism=["LOGIN"],
    ):
        yield inbox, port


class Hooks(ThreadingHTTPServer):
    """A local HTTP server recording each POST (path, JSON body) and answering `status`."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _HookHandler)
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.status = 200

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _HookHandler(BaseHTTPRequestHandler):
    server: Hooks

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.posts.append((self.path, json.loads(body)))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def alert_servers(
    monkeypatch: pytest.MonkeyPatch, **hook_paths: str
) -> Iterator[tuple[Inbox, int, Hooks]]:
    """A real SMTP server and a webhook server, each environment variable named set to a path
    on the latter (`E2E_HOOK="/hook"`): (inbox, SMTP port, hooks), for a fixture to yield."""
    hooks = Hooks()
    thread = threading.Thread(target=hooks.serve_forever, daemon=True)
    thread.start()
    for variable, path in hook_paths.items():
        monkeypatch.setenv(variable, hooks.url(path))
    inbox = Inbox()
    try:
        for port in _smtp(inbox):
            yield inbox, port, hooks
    finally:
        hooks.shutdown()
        hooks.server_close()


@pytest.fixture(scope="module")
def web_server() -> Iterator[Hooks]:
    server = Hooks()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def smtp(smtp_server: tuple[Inbox, int]) -> tuple[Inbox, int]:
    smtp_server[0].messages.clear()
    return smtp_server


@pytest.fixture
def hooks(web_server: Hooks) -> Hooks:
    web_server.posts.clear()
    web_server.status = 200
    return web_server


@pytest.fixture
def lineage(catalog_url: str) -> Iterator[LineageStore]:
    with CatalogStore.open(catalog_url) as catalog:  # SQLite and PostgreSQL
        yield LineageStore(catalog)


CRM = DatasetState(
    "lake",
    "crm/people.csv",
    "file:///data/lake/crm/people.csv",
    Sensitivity.CONFIDENTIAL,
    "ok",
    public_location=False,
    owners=("ana@x.org",),
)
BOT = Workload(
    "support-bot", "rag-index", "all_employees", ("team:ml", "lee@x.org"), ("lake:crm/**",)
)


def _notices() -> list[Notice]:
    """Two drift events and a boundary finding about lake:crm/people.csv."""
    up = DriftEvent(
        "lake", "crm/people.csv", "level_up", "General", "Confidential", ("went up",), 1, 2
    )
    new = DriftEvent("lake", "crm/people.csv", "new_entity", "-", "IBAN_CODE", ("in iban",), 1, 2)
    finding = BoundaryFinding(
        "support-bot",
        "lake:crm/people.csv",
        Sensitivity.CONFIDENTIAL,
        Sensitivity.GENERAL,
        "lake:crm/people.csv is Confidential, above the ceiling General",
        "above_ceiling",
        ("team:ml", "ana@x.org"),
    )
    return notices_for_drift([up, new], [BOT], [CRM]) + notices_for_boundaries([finding])


def _config(smtp_port: int, **changes: Any) -> AlertsConfig:
    settings: dict[str, Any] = {
        "smtp": {
            "host": "127.0.0.1",
            "port": smtp_port,
            "starttls": False,
            "sender": "warden@x.org",
        },
        "teams": {
            "ml": {"email": "ml@x.org", "teams_webhook_env": "TEAMS_ML", "webhook_env": "HOOK_ML"}
        },
    }
    return AlertsConfig.model_validate(settings | changes)


def _env(hooks: Hooks) -> dict[str, str]:
    return {"TEAMS_ML": hooks.url(f"/teams/{SECRET}"), "HOOK_ML": hooks.url(f"/hook/{SECRET}")}


def test_each_recipient_gets_one_digest_per_channel(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    inbox, port = smtp
    report = send_alerts(lineage, _notices(), _config(port), NOW, env=_env(hooks))
    # drift x2 to team:ml (email, teams, webhook), lee, ana; the finding to team:ml and ana
    assert (report.queued, report.sent, report.failed, report.skipped) == (14, 14, 0, 0)
    assert report.messages == 5 and report.unrouted == ()
    by_address = {m["To"]: m for m in inbox.messages}
    assert sorted(by_address) == ["ana@x.org", "lee@x.org", "ml@x.org"]
    lee = by_address["lee@x.org"]
    assert (lee["From"], lee["Subject"]) == ("warden@x.org", "Warden: 2 data alerts")
    body = lee.get_content()
    assert "* lake:crm/people.csv: sensitivity level raised (General -> Confidential)" in body
    assert "* lake:crm/people.csv: new entity type found (- -> IBAN_CODE)" in body
    assert "support-bot reads" not in body  # the boundary finding is not lee's
    assert by_address["ml@x.org"]["Subject"] == "Warden: 3 data alerts"
    assert all(
        a.status == "sent" and a.attempts == 1 and a.sent_at == NOW for a in lineage.alerts()
    )


def test_the_teams_card_is_an_adaptive_card_listing_the_events(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    send_alerts(lineage, _notices(), _config(smtp[1]), NOW, env=_env(hooks))
    (card_post,) = [body for path, body in hooks.posts if path.startswith("/teams/")]
    assert card_post["type"] == "message"
    (attachment,) = card_post["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert card["body"][0]["text"] == "Warden: 3 data alerts"
    events = [block for block in card["body"] if block["type"] == "Container"]
    subjects = [event["items"][0]["text"] for event in events]
    assert subjects == [n.subject for n in _notices()]
    facts = {f["title"]: f["value"] for f in events[0]["items"][-1]["facts"]}
    assert facts["dataset"] == "lake:crm/people.csv" and facts["after"] == "Confidential"


def test_the_json_webhook_gets_the_events(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    send_alerts(lineage, _notices(), _config(smtp[1]), NOW, env=_env(hooks))
    (payload,) = [body for path, body in hooks.posts if path.startswith("/hook/")]
    assert payload["recipients"] == ["team:ml"]
    assert [e["key"] for e in payload["events"]] == [n.key for n in _notices()]
    assert payload["events"][0]["facts"]["change"] == "level_up"


def test_a_second_run_sends_nothing_new(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    config, env = _config(smtp[1]), _env(hooks)
    send_alerts(lineage, _notices(), config, NOW, env=env)
    sent_mail, sent_posts = len(smtp[0].messages), len(hooks.posts)
    again = send_alerts(lineage, _notices(), config, NOW + timedelta(hours=1), env=env)
    assert (again.queued, again.sent, again.skipped, again.messages) == (0, 0, 14, 0)
    assert (len(smtp[0].messages), len(hooks.posts)) == (sent_mail, sent_posts)
    assert len(lineage.alerts()) == 14


def test_a_failing_webhook_is_retried_on_the_next_run(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    config, env = _config(smtp[1]), _env(hooks)
    hooks.status = 500
    first = send_alerts(lineage, _notices(), config, NOW, env=env)
    assert (first.sent, first.failed) == (8, 6)  # 3 emails went; the card and the POST did not
    failed = [a for a in lineage.alerts() if a.status == "failed"]
    assert {a.channel for a in failed} == {"teams", "webhook"}
    assert {a.last_error for a in failed} == {
        "POST to $TEAMS_ML returned HTTP 500",
        "POST to $HOOK_ML returned HTTP 500",
    }
    hooks.status = 202  # Teams Workflows answer 202 Accepted
    emails = len(smtp[0].messages)
    second = send_alerts(lineage, [], config, NOW + timedelta(minutes=5), env=env)
    assert (second.sent, second.failed, second.retried, second.messages) == (6, 0, 6, 2)
    assert len(smtp[0].messages) == emails  # what was sent is not sent again
    assert all(a.status == "sent" for a in lineage.alerts())
    assert {a.attempts for a in lineage.alerts() if a.channel != "email"} == {2}


def test_an_unreachable_endpoint_fails_without_leaking_its_url(
    lineage: LineageStore, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    closed = f"http://127.0.0.1:{_free_port()}/hook/{SECRET}"
    config = _config(smtp[1], teams={}, webhook_env="HOOK", max_attempts=2)
    notices = _notices()[:1]
    for _ in range(2):
        report = send_alerts(lineage, notices, config, NOW, env={"HOOK": closed})
        assert report.failed == 1 and report.errors[0].startswith("webhook HOOK: ")
    (alert,) = [a for a in lineage.alerts() if a.channel == "webhook"]
    assert (alert.status, alert.attempts) == ("failed", 2)
    assert alert.last_error == "POST to $HOOK failed: ConnectionError"
    assert SECRET not in json.dumps([a.last_error for a in lineage.alerts()])
    assert send_alerts(lineage, notices, config, NOW, env={"HOOK": closed}).failed == 0  # gave up
    missing = send_alerts(lineage, _notices()[1:2], config, NOW, env={})
    assert missing.errors == ("webhook HOOK: environment variable HOOK is not set",)


def test_a_closed_smtp_port_fails_and_is_retried(
    lineage: LineageStore, smtp: tuple[Inbox, int]
) -> None:
    notices = [Notice("drift:x", "lake:a.csv: new entity type found", ("in a",), ("lee@x.org",))]
    report = send_alerts(lineage, notices, _config(_free_port()), NOW)
    assert report.failed == 1 and "refused" in report.errors[0]
    retried = send_alerts(lineage, notices, _config(smtp[1]), NOW)
    assert (retried.sent, retried.retried, retried.skipped) == (1, 1, 1)
    (message,) = smtp[0].messages
    assert message["To"] == "lee@x.org"


def _smtp_config(port: int, login: bool = False, starttls: bool = False) -> AlertsConfig:
    smtp: dict[str, Any] = {"host": "127.0.0.1", "port": port, "sender": "w@x.org"}
    smtp["starttls"] = starttls
    if login:
        smtp |= {"username_env": "SMTP_USER", "password_env": "SMTP_PASSWORD"}
    return AlertsConfig.model_validate({"smtp": smtp})


def test_starttls_is_asked_for_when_configured(
    lineage: LineageStore, smtp: tuple[Inbox, int]
) -> None:
    notices = [Notice("drift:x", "subject", (), ("lee@x.org",))]
    report = send_alerts(lineage, notices, _smtp_config(smtp[1], starttls=True), NOW)
    assert report.failed == 1 and "STARTTLS" in report.errors[0]  # the test server has no TLS
    assert smtp[0].messages == []


def test_login_happens_only_when_a_username_variable_is_named(
    lineage: LineageStore, smtp_with_login: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_with_login
    inbox.logins.clear()
    inbox.messages.clear()
    monkeypatch.setenv("SMTP_USER", "warden")
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    plain = send_alerts(lineage, [Notice("e1", "s1", (), ("a@x.org",))], _smtp_config(port), NOW)
    assert plain.sent == 1 and inbox.logins == []
    logged = send_alerts(
        lineage, [Notice("e2", "s2", (), ("a@x.org",))], _smtp_config(port, login=True), NOW
    )
    assert logged.sent == 1 and inbox.logins == [(b"warden", b"s3cret")]
    assert len(inbox.messages) == 2
    monkeypatch.setenv("SMTP_PASSWORD", "wrong")
    refused = send_alerts(
        lineage, [Notice("e3", "s3", (), ("a@x.org",))], _smtp_config(port, login=True), NOW
    )
    assert refused.failed == 1 and "535" in refused.errors[0]
    assert "wrong" not in refused.errors[0]


RAW = "jane.doe@example.com"  # a raw value planted everywhere the catalog could hold one


def _planted(level: Sensitivity, with_phone: bool) -> DatasetFindings:
    found = findings(level, with_phone)
    contact = replace(found.columns[0], examples=(RAW,))
    return replace(found, columns=(contact, *found.columns[1:]))


def test_raw_values_in_the_catalog_never_reach_a_message(
    tmp_path: Path, smtp: tuple[Inbox, int], hooks: Hooks
) -> None:
    with CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}") as catalog:
        catalog.ensure_source("lake", "local", "/data/lake", public=False, owners=["ana@x.org"])
        scan_id = catalog.start_scan(["lake"], "sample", "polars", "r1")
        evidence = {"contact": {"sample": [RAW]}}
        first = _planted(Sensitivity.CONFIDENTIAL, with_phone=False)
        catalog.record_result(scan_id, stored(), first, "r1", evidence)
        second = _planted(Sensitivity.HIGHLY_CONFIDENTIAL, with_phone=True)
        catalog.record_result(scan_id, stored(fingerprint="sha-2"), second, "r1", evidence)
        error = f"could not parse {RAW!r} as i64"
        catalog.record_error(scan_id, stored(fingerprint="sha-3"), error, "r1")
        lineage = LineageStore(catalog)
        snapshots = lineage.version_snapshots("lake", "crm/people.csv")
        events = [
            event
            for before, after in pairwise(snapshots)
            for event in drift_events("lake", "crm/people.csv", before, after)
        ]
        fresh = lineage.record_drift(events)
        assert [e.type for e in fresh] == ["level_up", "new_entity", "scan_error"]
        notices = notices_for_drift(fresh, [BOT], [CRM])
        report = send_alerts(lineage, notices, _config(smtp[1]), NOW, env=_env(hooks))
        assert report.sent == 15 and report.failed == 0
        stored_messages = json.dumps([message_json(a.message) for a in lineage.alerts()])
    sent = [m.as_string() for m in smtp[0].messages] + [json.dumps(b) for _, b in hooks.posts]
    assert len(sent) == 5
    assert not [text for text in (*sent, stored_messages) if RAW in text]
