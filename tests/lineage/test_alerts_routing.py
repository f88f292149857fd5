"""Alerts config and routing: owners to email, Teams and webhook routes; digests per route."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.lineage_views import AlertMessage, AlertRow
from classifiers.catalog.store import CatalogStore
from classifiers.config.workloads import AlertsConfig
from lineage.alerts import Notice, send_alerts
from lineage.alerts.digest import digest_text, digests
from lineage.alerts.routing import DEFAULT, Route, Router
from lineage.alerts.teams import MAX_CARD_EVENTS, teams_message

EXAMPLE = """
smtp:
  host: smtp.example.org
  port: 587
  starttls: true
  username_env: WARDEN_SMTP_USER
  password_env: WARDEN_SMTP_PASSWORD
  sender: warden@example.org
teams:
  ml:
    email: ml-team@example.org
    teams_webhook_env: WARDEN_TEAMS_ML
  security:
    webhook_env: WARDEN_WEBHOOK_SECURITY
teams_webhook_env: WARDEN_TEAMS_GOVERNANCE
webhook_env: WARDEN_WEBHOOK
max_attempts: 5
"""
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _config(**changes: object) -> AlertsConfig:
    return AlertsConfig.model_validate(yaml.safe_load(EXAMPLE) | changes)


def test_the_example_config_loads_and_enables_alerts() -> None:
    config = _config()
    assert config.enabled and config.smtp is not None
    assert (config.smtp.port, config.smtp.starttls) == (587, True)
    assert config.teams["ml"].teams_webhook_env == "WARDEN_TEAMS_ML"
    assert not AlertsConfig().enabled


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"webhook_env": "https://hooks.example.org/abc"}, "NAME of an environment variable"),
        ({"smtp": {"host": "h", "sender": "w@x.org", "username_env": "U"}}, "both"),
        ({"smtp": None}, "set smtp"),
        ({"channels": {}}, "Extra inputs"),
        ({"teams": {"ml": {"email": "not-an-address"}}}, "email address"),
    ],
)
def test_bad_configs_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _config(**changes)


def test_owners_resolve_to_routes() -> None:
    router = Router(_config())
    assert router.routes("lee@x.org") == [Route("email", "lee@x.org")]
    assert router.routes("team:ml") == [
        Route("email", "ml-team@example.org"),
        Route("teams", "WARDEN_TEAMS_ML"),
    ]
    assert router.routes("team:security") == [Route("webhook", "WARDEN_WEBHOOK_SECURITY")]
    assert router.routes(DEFAULT) == [
        Route("teams", "WARDEN_TEAMS_GOVERNANCE"),
        Route("webhook", "WARDEN_WEBHOOK"),
    ]
    assert router.routes("team:unknown") == []
    assert Router(AlertsConfig(webhook_env="HOOK")).routes("lee@x.org") == []  # no smtp


def test_each_notice_is_queued_once_per_recipient_and_channel() -> None:
    notice = Notice("drift:1", "s", (), ("team:ml", "lee@x.org", "team:ghost", "lee@x.org"))
    queued, unrouted = Router(_config()).queue([notice, notice])
    assert [(q.recipient, q.channel) for q in queued] == [
        ("team:ml", "email"),
        ("team:ml", "teams"),
        ("lee@x.org", "email"),
        (DEFAULT, "teams"),
        (DEFAULT, "webhook"),
    ]
    assert unrouted == ("team:ghost",)


def _row(row_id: int, key: str, recipient: str, channel: str = "email") -> AlertRow:
    message = AlertMessage(f"about {key}", ("line",), (("dataset", "lake:a.csv"),))
    return AlertRow(row_id, key, recipient, channel, message, "pending", 0, None, NOW, None)


def test_recipients_sharing_an_address_get_one_digest_listing_each_event_once() -> None:
    config = _config(teams={"ml": {"email": "lee@x.org"}})
    rows = [_row(1, "e1", "lee@x.org"), _row(2, "e1", "team:ml"), _row(3, "e2", "team:ml")]
    rows.append(_row(4, "e3", "team:gone"))
    (digest,), lost = digests(rows, Router(config))
    assert (digest.route, digest.ids, digest.recipients) == (
        Route("email", "lee@x.org"),
        (1, 2, 3),
        ("lee@x.org", "team:ml"),
    )
    assert [key for key, _ in digest.messages] == ["e1", "e2"]
    assert digest.subject == "Warden: 2 data alerts"
    assert digest_text(digest).count("* about e1") == 1
    assert [row.id for row in lost] == [4]


def test_nothing_is_recorded_when_alerts_are_off(tmp_path: Path) -> None:
    with CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        lineage = LineageStore(catalog)
        notice = Notice("drift:1", "s", (), ("lee@x.org",))
        for config in (None, AlertsConfig()):
            report = send_alerts(lineage, [notice], config, NOW)
            assert not report.enabled and report.sent == report.failed == 0
        assert lineage.alerts() == []


def test_a_long_teams_card_lists_the_first_events_and_counts_the_rest() -> None:
    rows = [_row(i, f"e{i}", DEFAULT, "teams") for i in range(MAX_CARD_EVENTS + 5)]
    (digest,), _ = digests(rows, Router(AlertsConfig(teams_webhook_env="TEAMS")))
    card = teams_message(digest, NOW)["attachments"][0]["content"]
    events = [block for block in card["body"] if block["type"] == "Container"]
    assert len(events) == MAX_CARD_EVENTS
    assert card["body"][-1]["text"].startswith("... and 5 more")
    assert card["body"][1]["text"] == "For every owner (catch-all channel); 2026-11-28 09:00 UTC"
