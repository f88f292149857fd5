"""A Purview Data Map client whose retries also cover Warden's POSTs (idempotent upserts)."""

from __future__ import annotations

from typing import Any

from azure.core.pipeline.policies import RetryPolicy
from azure.purview.datamap import DataMapClient


class UpsertRetryPolicy(RetryPolicy):
    """azure-core's RetryPolicy, POST included: it retries 408, 429 (after Retry-After) and
    5xx with exponential backoff, but a POST only on 500/503/504 unless told otherwise. Warden's
    POSTs are bulk upserts by qualifiedName and classification adds, safe to send again."""

    def configure_retries(self, options: dict[str, Any]) -> dict[str, Any]:
        settings = super().configure_retries(options)
        settings["methods"] = frozenset({*settings["methods"], "POST"})
        return settings


def datamap_client(
    endpoint: str,
    credential: Any = None,
    *,
    retries: int = 5,
    backoff: float = 0.8,
    **kwargs: Any,
) -> DataMapClient:
    """A client for `https://ACCOUNT.purview.azure.com`; credentials from the environment
    (DefaultAzureCredential: environment variables, managed identity, Azure CLI login) unless
    given. Extra keyword arguments go to azure-core (e.g. `authentication_policy`)."""
    if credential is None:
        from azure.identity import DefaultAzureCredential  # slow import; only for real accounts

        credential = DefaultAzureCredential()
    policy = UpsertRetryPolicy(
        retry_total=retries,
        retry_status=retries,
        retry_backoff_factor=backoff,
        retry_backoff_max=60,
    )
    return DataMapClient(endpoint.rstrip("/"), credential, retry_policy=policy, **kwargs)
