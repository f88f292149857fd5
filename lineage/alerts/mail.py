"""The email channel: a plain-text digest over SMTP, with optional STARTTLS and login."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from classifiers.config.workloads import SmtpConfig
from lineage.alerts.credentials import DeliveryError, from_env
from lineage.alerts.digest import Digest, digest_text


def build_email(digest: Digest, sender: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = digest.route.destination
    message["Date"] = format_datetime(now)
    # The same alerts give the same id: a digest sent again after its sender was killed
    # before marking it sent is one message to the recipient's mail system.
    message["Message-ID"] = f"<warden.{digest.delivery_key}@{sender.rpartition('@')[2]}>"
    message.set_content(digest_text(digest))
    return message


def send_email(digest: Digest, smtp: SmtpConfig, env: Mapping[str, str], now: datetime) -> None:
    """Send one digest; log in only when the config names a username variable."""
    import smtplib  # here, not at the top: every scan imports the alerts, few send any

    message = build_email(digest, smtp.sender, now)
    login = None
    if smtp.username_env is not None:
        login = (from_env(env, smtp.username_env), from_env(env, smtp.password_env or ""))
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if login is not None:
                client.login(*login)
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {smtp.host}:{smtp.port}: {exc}") from exc
