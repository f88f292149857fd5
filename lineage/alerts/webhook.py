"""The generic webhook channel: one JSON POST of {"events": [...]} per digest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from lineage.alerts.credentials import DeliveryError, from_env
from lineage.alerts.digest import Digest


def webhook_payload(digest: Digest, now: datetime) -> dict[str, Any]:
    return {
        "sender": "warden",
        "sent_at": now.isoformat(),
        "recipients": list(digest.recipients),
        "events": [
            {
                "key": key,
                "subject": message.subject,
                "lines": list(message.lines),
                "facts": dict(message.facts),
            }
            for key, message in digest.messages
        ],
    }


def post_json(
    env_name: str, payload: Mapping[str, Any], env: Mapping[str, str], timeout: float
) -> None:
    """POST to the URL held in `env_name`. Errors name the variable, never the URL: a webhook
    URL carries its own access token."""
    import requests  # here, not at the top: every scan imports the alerts, few send any

    url = from_env(env, env_name)
    try:
        response = requests.post(url, json=payload, timeout=timeout)
    except requests.RequestException as exc:
        raise DeliveryError(f"POST to ${env_name} failed: {type(exc).__name__}") from None
    if not response.ok:
        raise DeliveryError(f"POST to ${env_name} returned HTTP {response.status_code}")


def post_events(digest: Digest, env: Mapping[str, str], timeout: float, now: datetime) -> None:
    post_json(digest.route.destination, webhook_payload(digest, now), env, timeout)
