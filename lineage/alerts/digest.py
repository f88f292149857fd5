"""One message per destination per run, listing every alert waiting for it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.catalog.lineage_views import AlertMessage, AlertRow
from lineage.alerts.routing import DEFAULT, Route, Router


@dataclass(frozen=True)
class Digest:
    """Alerts for one destination: one email, one Teams card or one webhook POST."""

    route: Route
    rows: tuple[AlertRow, ...]  # every row it delivers, marked sent or failed together

    @property
    def recipients(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.recipient for row in self.rows))

    @property
    def messages(self) -> tuple[tuple[str, AlertMessage], ...]:
        """(event key, message), once per event even when two recipients share the route."""
        return tuple({row.event_key: row.message for row in self.rows}.items())

    @property
    def audience(self) -> str:
        """Whom the digest is for, in words: its owners, or the catch-all channel."""
        owners = [r for r in self.recipients if r != DEFAULT]
        return ", ".join(owners) if owners else "every owner (catch-all channel)"

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(row.id for row in self.rows)

    @property
    def delivery_key(self) -> str:
        """Names this delivery by its alerts: sent again, the same alerts give the same key."""
        alerts = sorted(f"{r.event_key}\0{r.recipient}\0{r.channel}" for r in self.rows)
        return hashlib.sha256("\n".join(alerts).encode()).hexdigest()[:32]

    @property
    def subject(self) -> str:
        count = len(self.messages)
        return f"Warden: {count} data alert{'s' if count != 1 else ''}"


def digests(rows: Iterable[AlertRow], router: Router) -> tuple[list[Digest], list[AlertRow]]:
    """Group rows by the route they resolve to now; rows with no route come back apart."""
    grouped: dict[Route, list[AlertRow]] = {}
    lost = []
    for row in rows:
        route = router.route(row.recipient, row.channel)
        if route is None:
            lost.append(row)
        else:
            grouped.setdefault(route, []).append(row)
    return [Digest(route, tuple(found)) for route, found in grouped.items()], lost


def digest_text(digest: Digest) -> str:
    """The plain-text body: each event's subject, its lines, then its facts."""
    parts = [f"{digest.subject} for {digest.audience}.", ""]
    for _key, message in digest.messages:
        parts.append(f"* {message.subject}")
        parts += [f"  {line}" for line in message.lines]
        parts += [f"  {label}: {value}" for label, value in message.facts]
        parts.append("")
    return "\n".join(parts)
