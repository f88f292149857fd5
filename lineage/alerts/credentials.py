"""Secrets (SMTP login, webhook URLs) read from environment variables at send time."""

from __future__ import annotations

from collections.abc import Mapping


class DeliveryError(Exception):
    """A digest could not be delivered; the message is stored, so it never holds a secret."""


def from_env(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "")
    if not value:
        raise DeliveryError(f"environment variable {name} is not set")
    return value
