"""The Microsoft Teams channel: an Adaptive Card 1.4 posted to an incoming webhook."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from classifiers.catalog.lineage_views import AlertMessage
from lineage.alerts.digest import Digest
from lineage.alerts.webhook import post_json

CARD_VERSION = "1.4"
MAX_CARD_EVENTS = 25  # Teams refuses messages over about 28 KB; the rest is counted, not listed


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _event(message: AlertMessage) -> dict[str, Any]:
    items = [_text(message.subject, weight="Bolder")]
    items += [_text(line, spacing="None") for line in message.lines]
    if message.facts:
        facts = [{"title": label, "value": value} for label, value in message.facts]
        items.append({"type": "FactSet", "facts": facts})
    return {"type": "Container", "separator": True, "items": items}


def adaptive_card(digest: Digest, now: datetime) -> dict[str, Any]:
    messages = [message for _key, message in digest.messages]
    body = [
        _text(digest.subject, size="Medium", weight="Bolder"),
        _text(
            f"For {digest.audience}; {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
            isSubtle=True,
            spacing="None",
        ),
    ]
    body += [_event(message) for message in messages[:MAX_CARD_EVENTS]]
    if len(messages) > MAX_CARD_EVENTS:
        more = len(messages) - MAX_CARD_EVENTS
        body.append(_text(f"... and {more} more; see `warden drift` and `warden boundaries`."))
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }


def teams_message(digest: Digest, now: datetime) -> dict[str, Any]:
    """The message an incoming webhook (or a Workflows webhook) accepts."""
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": adaptive_card(digest, now),
    }
    return {"type": "message", "attachments": [attachment]}


def post_card(digest: Digest, env: Mapping[str, str], timeout: float, now: datetime) -> None:
    post_json(digest.route.destination, teams_message(digest, now), env, timeout)
