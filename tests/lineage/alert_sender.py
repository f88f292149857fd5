"""One alert sender as its own process, for the exactly-once races (test_alerts_exactly_once.py).

    python alert_sender.py CATALOG_URL SMTP_PORT CLAIM_SECONDS START_AT EVENTS
        ->  prints {"sent", "queued", "messages", "errors"}

Every sender queues the same EVENTS notices for ana@x.org and lee@x.org, sleeps until
START_AT (a time.time() value) so that senders race together, then sends.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from classifiers.config.workloads import AlertsConfig
from lineage.alerts import Notice, send_alerts

RECIPIENTS = ("ana@x.org", "lee@x.org")


def notices(events: int) -> list[Notice]:
    return [
        Notice(f"drift:{i}:level_up", f"lake:t{i}.csv: sensitivity level raised", (), RECIPIENTS)
        for i in range(events)
    ]


def main(url: str, port: str, claim_seconds: str, start_at: str, events: str) -> None:
    smtp = {"host": "127.0.0.1", "port": int(port), "starttls": False, "sender": "warden@x.org"}
    config = AlertsConfig.model_validate({"smtp": smtp})
    engine: Engine = create_catalog_engine(url)  # migrated by the test: no Alembic here
    store = LineageStore(CatalogStore(engine))
    time.sleep(max(0.0, float(start_at) - time.time()))
    now, claim_for = datetime.now(UTC), timedelta(seconds=float(claim_seconds))
    report = send_alerts(store, notices(int(events)), config, now, env={}, claim_for=claim_for)
    engine.dispose()
    print(json.dumps({"sent": report.sent, "queued": report.queued,
                      "messages": report.messages, "errors": list(report.errors)}))  # fmt: skip


if __name__ == "__main__":
    main(*sys.argv[1:6])
