"""What the Blob API says about containers and blobs, as Access facts for the catalog.

Per container: public access level, stored access policies, default encryption scope,
immutability (policy, legal hold, version-level immutability). Per blob: content type,
content MD5, access tier, encryption scope, version id and user metadata. Only what the data
plane API reports is recorded; account settings such as blob versioning are not visible there.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from azure.core.exceptions import HttpResponseError
from azure.storage.blob import BlobProperties, ContainerClient, ContainerProperties

from classifiers.model import Access
from classifiers.sources.azure_client import redacted

PUBLIC_LEVELS = frozenset({"blob", "container"})  # anonymous read of blobs (and listing)
PRIVATE = "private"
logger = logging.getLogger(__name__)

Facts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ContainerFacts:
    """A container's access level and settings, gathered once per crawl."""

    name: str
    public_access: str  # "private", "blob" or "container"
    details: Facts

    @property
    def public(self) -> bool:
        return self.public_access in PUBLIC_LEVELS


def container_facts(client: ContainerClient, props: ContainerProperties | None) -> ContainerFacts:
    """Facts from listed properties (fetched when not given) and the stored access policies."""
    props = props or client.get_container_properties()
    level = props.public_access or PRIVATE
    scope = props.encryption_scope
    details: list[tuple[str, str]] = [
        ("container", client.container_name),
        ("public_access", level),
        ("stored_access_policies", _stored_policies(client)),
        ("encryption_scope", (scope and scope.default_encryption_scope) or "account default"),
        ("encryption_scope_override", _override(scope)),
        ("immutability_policy", _flag(props.has_immutability_policy)),
        ("legal_hold", _flag(props.has_legal_hold)),
        ("version_level_immutability", _flag(props.immutable_storage_with_versioning_enabled)),
    ]
    return ContainerFacts(client.container_name, level, tuple(details))


def blob_access(container: ContainerFacts, blob: BlobProperties) -> Access:
    """The container's facts followed by the blob's own."""
    settings = blob.content_settings
    details = [
        ("content_type", settings.content_type or ""),
        ("content_md5", _md5(settings.content_md5)),
        ("access_tier", blob.blob_tier or ""),
        ("blob_encryption_scope", blob.encryption_scope or ""),
        ("version_id", blob.version_id or ""),
    ]
    details += [(f"metadata.{k}", v) for k, v in sorted(_metadata(blob.metadata).items())]
    facts = container.details + tuple((k, v) for k, v in details if v)
    return Access(public=container.public, details=facts)


def detail(access: Access, key: str) -> str | None:
    """One fact by name, e.g. detail(access, "public_access")."""
    return next((value for name, value in access.details if name == key), None)


def _stored_policies(client: ContainerClient) -> str:
    """'none', or the count and identifiers with their permissions ('2: read(r), audit(rl)')."""
    try:
        identifiers = client.get_container_access_policy()["signed_identifiers"]
    except HttpResponseError as exc:  # reading policies needs more rights than reading blobs
        logger.info("stored access policies of %s: %s", client.container_name, exc.reason)
        return f"unknown ({exc.status_code or 'error'})"
    if not identifiers:
        return "none"
    named = ", ".join(f"{redacted(i.id)}({_permission(i)})" for i in identifiers)
    return f"{len(identifiers)}: {named}"


def _permission(identifier: Any) -> str:
    policy = identifier.access_policy
    return str(policy.permission) if policy is not None and policy.permission else "-"


def _override(scope: Any) -> str:
    if scope is None or not scope.default_encryption_scope:
        return "n/a"
    return "prevented" if scope.prevent_encryption_scope_override else "allowed"


def _flag(value: object) -> str:
    return "unknown" if value is None else str(bool(value)).lower()


def _md5(value: bytes | bytearray | None) -> str:
    return base64.b64encode(bytes(value)).decode("ascii") if value else ""


def _metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    return dict(metadata or {})
