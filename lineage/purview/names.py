"""Purview qualifiedNames and entity types for Warden's datasets, schemas, columns and workloads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

BLOB_PATH = "azure_blob_path"
ADLS_PATH = "azure_datalake_gen2_path"
WARDEN_DATASET = "warden_dataset"  # a local file: Purview has no type Warden can claim for it
WARDEN_ARTIFACT = "warden_ai_artifact"
WORKLOAD = "ai_workload"
SCHEMA = "tabular_schema"
COLUMN = "column"

_BLOB_HOST = re.compile(r"([a-z0-9]{3,24})\.blob\.core\.windows\.net")
_DFS_HOST = re.compile(r"([a-z0-9]{3,24})\.dfs\.core\.windows\.net")


@dataclass(frozen=True)
class EntityName:
    """Where an entity sits in Purview: its type and its unique qualifiedName."""

    type_name: str
    qualified_name: str

    def ref(self) -> dict[str, object]:
        """An Atlas object id by unique attribute, as relationship attributes take it."""
        return {
            "typeName": self.type_name,
            "uniqueAttributes": {"qualifiedName": self.qualified_name},
        }


def dataset_name(uri: str, artifact: bool = False) -> EntityName:
    """Azure objects as Purview's own path types in its canonical https form; others Warden's.

    `abfss://FS@ACCOUNT.dfs.core.windows.net/PATH` becomes
    `https://ACCOUNT.dfs.core.windows.net/FS/PATH`, the form Purview's own scans register, so
    Warden's findings land on the asset a Purview scan already knows.
    """
    parts = urlsplit(uri)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    path = unquote(parts.path)
    if not artifact and scheme in ("abfss", "abfs") and _DFS_HOST.fullmatch(host):
        filesystem = unquote(parts.username or "")
        return EntityName(ADLS_PATH, f"https://{host}/{filesystem}{path}")
    if not artifact and scheme == "https" and _DFS_HOST.fullmatch(host):
        return EntityName(ADLS_PATH, f"https://{host}{path}")
    if not artifact and scheme == "https" and _BLOB_HOST.fullmatch(host):
        return EntityName(BLOB_PATH, f"https://{host}{path}")
    return EntityName(WARDEN_ARTIFACT if artifact else WARDEN_DATASET, uri)


def schema_name(dataset: EntityName) -> EntityName:
    return EntityName(SCHEMA, f"{dataset.qualified_name}#__tabular_schema")


def column_name(dataset: EntityName, column: str) -> EntityName:
    return EntityName(COLUMN, f"{dataset.qualified_name}#__tabular_schema//{column}")


def workload_name(name: str) -> EntityName:
    return EntityName(WORKLOAD, f"warden://workloads/{name}")


def display_name(uri: str) -> str:
    """The last part of a path: what Purview shows as the entity's name."""
    path = unquote(urlsplit(uri).path).rstrip("/")
    return path.rsplit("/", 1)[-1] or uri
