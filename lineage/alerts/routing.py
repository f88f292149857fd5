"""Who hears what, and where: owners (emails, team:NAME) to email, Teams and webhook routes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.catalog.lineage_views import QueuedAlert
from classifiers.config.workloads import AlertsConfig
from lineage.alerts.notices import Notice

DEFAULT = "default"  # the recipient of the catch-all destinations, which hear every notice


@dataclass(frozen=True)
class Route:
    """Where one recipient's alerts go on one channel."""

    channel: str  # "email", "teams" or "webhook"
    destination: str  # an email address, or the NAME of the variable holding a webhook URL


class Router:
    """Resolves recipients to routes with the alerts config; holds no secrets."""

    def __init__(self, config: AlertsConfig) -> None:
        self._config = config

    def routes(self, recipient: str) -> list[Route]:
        config = self._config
        if recipient == DEFAULT:
            return _webhooks(config.teams_webhook_env, config.webhook_env)
        if recipient.startswith("team:"):
            team = config.teams.get(recipient.removeprefix("team:"))
            if team is None:
                return []
            return _email(team.email, config) + _webhooks(team.teams_webhook_env, team.webhook_env)
        return _email(recipient, config) if "@" in recipient else []

    def route(self, recipient: str, channel: str) -> Route | None:
        return next((r for r in self.routes(recipient) if r.channel == channel), None)

    def queue(self, notices: Iterable[Notice]) -> tuple[list[QueuedAlert], tuple[str, ...]]:
        """An alert per notice, recipient and channel; and the recipients with no route."""
        queued: dict[tuple[str, str, str], QueuedAlert] = {}
        unrouted: set[str] = set()
        for notice in notices:
            for recipient in (*notice.recipients, DEFAULT):
                routes = self.routes(recipient)
                if not routes and recipient != DEFAULT:
                    unrouted.add(recipient)
                for route in routes:
                    alert = QueuedAlert(notice.key, recipient, route.channel, notice.message)
                    queued.setdefault((notice.key, recipient, route.channel), alert)
        return list(queued.values()), tuple(sorted(unrouted))


def _email(address: str | None, config: AlertsConfig) -> list[Route]:
    return [Route("email", address)] if address and config.smtp is not None else []


def _webhooks(teams_env: str | None, webhook_env: str | None) -> list[Route]:
    found = [Route("teams", teams_env)] if teams_env else []
    return found + ([Route("webhook", webhook_env)] if webhook_env else [])
