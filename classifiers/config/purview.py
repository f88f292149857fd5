"""Config model for publishing the catalog to Microsoft Purview (the `purview:` block)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# https://ACCOUNT.purview.azure.com; plain http only for a server on this machine (tests).
_ENDPOINT = re.compile(r"https://[A-Za-z0-9.-]+(:\d+)?|http://(127\.0\.0\.1|localhost)(:\d+)?")


def _endpoint(url: str) -> str:
    url = url.rstrip("/")
    if not _ENDPOINT.fullmatch(url):
        raise ValueError("expected https://ACCOUNT.purview.azure.com (no path)")
    return url


class PurviewConfig(BaseModel):
    """Where `warden publish purview` and the Dagster publish job send the catalog.

    Credentials never go here: azure-identity's DefaultAzureCredential finds them in the
    environment (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, a managed identity, or an
    `az login`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    endpoint: Annotated[str, AfterValidator(_endpoint)]
    collection_id: str | None = None  # the collection new entities go to; the root if unset
    enabled: bool = True  # false: keep the settings, publish nothing (Dagster job off)
    batch_size: Annotated[int, Field(ge=1, le=1000)] = 100  # entities per bulk upsert
