"""Warden's Atlas type definitions: classifications, the level business metadata, workload types."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from lineage.purview.names import WARDEN_ARTIFACT, WARDEN_DATASET, WORKLOAD

PREFIX = "WARDEN."
BUSINESS_METADATA = "WardenSensitivity"
SERVICE_TYPE = "Warden"
# Columns are named as well as DataSet: an account whose `column` type is not a DataSet
# subtype would otherwise refuse the level on columns.
APPLICABLE = ["DataSet", "column"]

# Purview system classifications that a Warden entity type means with certainty. Each is
# attached only after the account's type headers show that it exists. PHONE_NUMBER is not
# here: Warden finds phone numbers of every country, the system type is for US numbers.
SYSTEM_CLASSIFICATIONS: dict[str, str] = {
    "EMAIL_ADDRESS": "MICROSOFT.PERSONAL.EMAIL",
    "PERSON": "MICROSOFT.PERSONAL.NAME",
    "CREDIT_CARD": "MICROSOFT.FINANCIAL.CREDIT_CARD_NUMBER",
    "US_SSN": "MICROSOFT.GOVERNMENT.US.SOCIAL_SECURITY_NUMBER",
}


def classification_name(entity: str) -> str:
    """`EMAIL_ADDRESS` -> `WARDEN.EMAIL_ADDRESS` (anything outside [A-Za-z0-9_] becomes _)."""
    return PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", entity)


def classification_names(entities: Iterable[str], system: frozenset[str]) -> list[str]:
    """Warden's classification of each entity type, plus a system one where the account has it."""
    names: list[str] = []
    for entity in entities:
        names.append(classification_name(entity))
        mapped = SYSTEM_CLASSIFICATIONS.get(entity)
        if mapped in system:
            names.append(mapped)
    return list(dict.fromkeys(names))


def _attribute(name: str, type_name: str, **options: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": name,
        "typeName": type_name,
        "isOptional": True,
        "cardinality": "SINGLE",
        "isUnique": False,
        "isIndexable": False,
    }
    if options:
        found["options"] = options
    return found


def _business_attribute(name: str, type_name: str) -> dict[str, Any]:
    extra = {"maxStrLength": "200"} if type_name == "string" else {}
    return _attribute(name, type_name, applicableEntityTypes=json.dumps(APPLICABLE), **extra)


def _entity_def(name: str, super_type: str, description: str, *attrs: str) -> dict[str, Any]:
    return {
        "category": "ENTITY",
        "name": name,
        "description": description,
        "serviceType": SERVICE_TYPE,
        "superTypes": [super_type],
        "attributeDefs": [_attribute(a, "string") for a in attrs],
    }


def type_definitions(entities: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every typedef Warden writes: one classification per entity type it reports."""
    classifications = [
        {
            "category": "CLASSIFICATION",
            "name": classification_name(entity),
            "description": f"Warden found {entity} values (entity type {entity}).",
            "superTypes": [],
            "attributeDefs": [],
            "entityTypes": [],
        }
        for entity in sorted(set(entities))
    ]
    business = {
        "category": "BUSINESS_METADATA",
        "name": BUSINESS_METADATA,
        "description": "Warden's sensitivity level and how much of the object its scan read.",
        "attributeDefs": [
            _business_attribute("level", "string"),
            _business_attribute("coverage", "float"),
            _business_attribute("coverageMode", "string"),
            _business_attribute("rulesVersion", "string"),
            _business_attribute("scannedAt", "date"),
        ],
    }
    entity_defs = [
        _entity_def(
            WARDEN_DATASET,
            "DataSet",
            "A dataset Warden scanned outside Azure storage.",
            "source",
            "path",
            "format",
        ),
        _entity_def(
            WARDEN_ARTIFACT,
            "DataSet",
            "An AI artifact (a model file, a vector index).",
            "source",
            "path",
            "format",
            "verdict",
        ),
        _entity_def(
            WORKLOAD,
            "Process",
            "An AI workload: training, fine-tuning, RAG index, grounding, evaluation or inference.",
            "kind",
            "audience",
        ),
    ]
    return {
        "classificationDefs": classifications,
        "businessMetadataDefs": [business],
        "entityDefs": entity_defs,
    }


def only(typedefs: dict[str, list[dict[str, Any]]], names: set[str]) -> dict[str, Any]:
    """The typedefs whose names are in `names`, in the same request shape."""
    return {kind: [d for d in defs if d["name"] in names] for kind, defs in typedefs.items()}


def names_of(typedefs: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {d["name"] for defs in typedefs.values() for d in defs}
