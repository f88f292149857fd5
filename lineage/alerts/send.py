"""Send alerts: record each (event, recipient, channel) once, deliver digests, retry failures.

Senders running at once (a sensor tick beside `warden alerts`) each claim the alerts they
deliver (`LineageStore.claim_alerts`), so an alert goes out once. A sender killed between
delivering and marking sent leaves its claim to expire; the next sender sends again (at least
once), with the same email Message-ID, so the recipient's mail system sees one message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from classifiers.catalog.leases import this_process
from classifiers.catalog.lineage_store import LineageStore
from classifiers.config.workloads import AlertsConfig
from classifiers.kill_points import kill_point
from lineage.alerts.credentials import DeliveryError
from lineage.alerts.digest import Digest, digests
from lineage.alerts.mail import send_email
from lineage.alerts.notices import Notice
from lineage.alerts.routing import Router
from lineage.alerts.teams import post_card
from lineage.alerts.webhook import post_events

# A claim outlasts one run's deliveries (each bounded by its timeout): only a killed
# sender's claim ever expires.
CLAIM_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class AlertRunReport:
    """What one run did; counts are of alerts (event, recipient, channel), not of messages."""

    enabled: bool
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # already recorded by an earlier run: not queued again
    queued: int = 0  # recorded for the first time by this run
    retried: int = 0  # attempted again after an earlier failure (counted in sent or failed)
    messages: int = 0  # digests delivered: emails, cards and webhook POSTs
    unrouted: tuple[str, ...] = ()  # recipients the config has no route for
    errors: tuple[str, ...] = ()  # why deliveries failed, one line per failed digest


def send_alerts(
    store: LineageStore,
    notices: Iterable[Notice],
    config: AlertsConfig | None,
    now: datetime,
    env: Mapping[str, str] | None = None,
    claim_for: timedelta = CLAIM_FOR,
) -> AlertRunReport:
    """Record the notices' alerts, then deliver every pending or failed alert as digests.

    Secrets are read from `env` (the process environment by default) here, at send time.
    """
    if config is None or not config.enabled:
        return AlertRunReport(enabled=False)
    router = Router(config)
    wanted, unrouted = router.queue(notices)
    queued = store.queue_alerts(wanted, now)
    pending = store.claim_alerts(this_process(), claim_for, config.max_attempts)
    kill_point("alert_claimed")
    groups, lost = digests(pending, router)
    if lost:
        store.alert_failed([row.id for row in lost], "no route for this recipient and channel")
    sent = messages = 0
    errors = []
    for digest in groups:
        try:
            _deliver(digest, config, os.environ if env is None else env, now)
        except DeliveryError as exc:
            store.alert_failed(digest.ids, str(exc))
            errors.append(f"{digest.route.channel} {digest.route.destination}: {exc}")
            continue
        kill_point("alert_delivered")  # delivered, not yet marked sent
        store.alert_sent(digest.ids, now)
        sent, messages = sent + len(digest.ids), messages + 1
    return AlertRunReport(
        enabled=True,
        sent=sent,
        failed=len(pending) - sent,
        skipped=len(wanted) - queued,
        queued=queued,
        retried=sum(1 for row in pending if row.attempts > 0),
        messages=messages,
        unrouted=unrouted,
        errors=tuple(errors),
    )


def _deliver(digest: Digest, config: AlertsConfig, env: Mapping[str, str], now: datetime) -> None:
    channel = digest.route.channel
    if channel == "email":
        if config.smtp is None:  # the router gives no email route without smtp
            raise DeliveryError("no smtp settings")
        send_email(digest, config.smtp, env, now)
    elif channel == "teams":
        post_card(digest, env, config.timeout_seconds, now)
    else:
        post_events(digest, env, config.timeout_seconds, now)
