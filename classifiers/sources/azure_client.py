"""Blob service clients: credentials from the environment, retries with backoff, timeouts.

Credentials are looked up when a source is built, never at import, and never stored in the
config, the catalog or a log line: a connection string named by the source, else (for an
account URL) AZURE_STORAGE_CONNECTION_STRING when it is for the same account, a SAS token in
AZURE_STORAGE_SAS_TOKEN, an account key in AZURE_STORAGE_KEY, and finally Azure AD through
DefaultAzureCredential (environment, workload or managed identity, Azure CLI login).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import AzureNamedKeyCredential, AzureSasCredential
from azure.core.pipeline.transport import HttpTransport
from azure.storage.blob import BlobServiceClient, ExponentialRetry

from classifiers.sources.azure_location import Endpoint

CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING"
SAS_TOKEN_ENV = "AZURE_STORAGE_SAS_TOKEN"
ACCOUNT_KEY_ENV = "AZURE_STORAGE_KEY"
ACCOUNT_NAME_ENV = "AZURE_STORAGE_ACCOUNT"
_SECRETS = re.compile(r"(?i)\b(sig|AccountKey|SharedAccessSignature)=[^&;\s'\"]+")
logger = logging.getLogger(__name__)


class CredentialError(ValueError):
    """Credentials for a source are missing or unusable (the message never holds a secret)."""


@dataclass(frozen=True)
class ClientSettings:
    """How hard to try: retries with exponential backoff on throttling and transient errors.

    With the defaults a failing request is tried 5 times over about 20 seconds (waits of
    about 1, 3, 5 and 9 s); `transport` lets tests and the bench count requests.
    """

    retries: int = 4
    backoff_seconds: float = 1.0  # the first retry's wait; retry n waits this + growth ** n
    backoff_growth: float = 2.0
    connection_timeout: float = 10.0
    read_timeout: float = 60.0
    transport: HttpTransport | None = None

    def options(self) -> dict[str, Any]:
        retry = ExponentialRetry(
            initial_backoff=self.backoff_seconds,  # type: ignore[arg-type]  # floats work
            increment_base=self.backoff_growth,  # type: ignore[arg-type]
            retry_total=self.retries,
            random_jitter_range=self.backoff_seconds,  # type: ignore[arg-type]
        )
        options: dict[str, Any] = {
            "retry_policy": retry,
            "connection_timeout": self.connection_timeout,
            "read_timeout": self.read_timeout,
        }
        if self.transport is not None:
            options["transport"] = self.transport
        return options


def redacted(text: str) -> str:
    """Text with SAS signatures and account keys blanked, for errors and log lines."""
    return _SECRETS.sub(lambda match: f"{match[1]}=REDACTED", text)


def client_from_connection_string(
    connection_string: str, settings: ClientSettings
) -> tuple[BlobServiceClient, Endpoint]:
    try:
        client = BlobServiceClient.from_connection_string(connection_string, **settings.options())
    except ValueError as exc:
        raise CredentialError(f"malformed connection string: {redacted(str(exc))}") from None
    parts = urlsplit(client.primary_endpoint)
    blob_url = f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")
    return client, Endpoint(client.account_name or "", blob_url)


def client_for_endpoint(
    endpoint: Endpoint, environ: Mapping[str, str], settings: ClientSettings
) -> BlobServiceClient:
    """A client for the endpoint with the first credential the environment offers."""
    credential = _credential(endpoint.account, environ)
    return BlobServiceClient(endpoint.blob_url, credential=credential, **settings.options())


def _credential(account: str, environ: Mapping[str, str]) -> Any:
    if connection_string := environ.get(CONNECTION_STRING_ENV):
        found = _from_connection_string(connection_string, account)
        if found is not None:
            return found
        logger.info("%s is for another account than %s: not used", CONNECTION_STRING_ENV, account)
    if sas := environ.get(SAS_TOKEN_ENV):
        return AzureSasCredential(sas.lstrip("?"))
    key = environ.get(ACCOUNT_KEY_ENV)
    if key and environ.get(ACCOUNT_NAME_ENV, account) == account:
        return AzureNamedKeyCredential(account, key)
    from azure.identity import DefaultAzureCredential  # slow to import: only when needed

    return DefaultAzureCredential(exclude_interactive_browser_credential=True)


def _from_connection_string(connection_string: str, account: str) -> Any:
    """The connection string's key or SAS when it is for `account`, else None."""
    try:
        parsed = BlobServiceClient.from_connection_string(connection_string)
    except ValueError as exc:
        raise CredentialError(
            f"{CONNECTION_STRING_ENV} is malformed: {redacted(str(exc))}"
        ) from None
    if parsed.account_name != account:
        return None
    if parsed.credential is not None:
        return parsed.credential
    fields = dict(part.split("=", 1) for part in connection_string.split(";") if "=" in part)
    sas = {k.lower(): v for k, v in fields.items()}.get("sharedaccesssignature")
    return AzureSasCredential(sas) if sas else None
