"""Alerts about drift and boundary findings: routed to owners, deduplicated, sent as digests.

`send_alerts` is the one entry point; the CLI and the Dagster sensors call it.
"""

from lineage.alerts.notices import Notice, notices_for_boundaries, notices_for_drift
from lineage.alerts.send import AlertRunReport, send_alerts

__all__ = [
    "AlertRunReport",
    "Notice",
    "notices_for_boundaries",
    "notices_for_drift",
    "send_alerts",
]
