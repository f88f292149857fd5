"""Asset keys and tags for catalog objects, within Dagster's naming rules."""

from __future__ import annotations

import re

import dagster as dg

from classifiers.model import Sensitivity

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")


def name_part(text: str) -> str:
    """`customers.csv.gz` -> `customers_csv_gz` (Dagster key parts are letters, digits, _)."""
    cleaned = _NOT_NAME.sub("_", text).strip("_") or "_"
    return cleaned if not cleaned[0].isdigit() else f"_{cleaned}"


def dataset_key(source: str, path: str) -> dg.AssetKey:
    """`sample` + `crm/customers.csv` -> sample/crm/customers_csv."""
    return dg.AssetKey([name_part(source), *(name_part(p) for p in path.split("/"))])


def level_tag(level: Sensitivity | None) -> str:
    """Dagster tag values allow letters, digits, '_', '-' and '.': 'Highly_Confidential'."""
    return level.label.replace(" ", "_") if level is not None else "unscanned"


def entity_tag(entity: str) -> str:
    return f"entity_{entity.lower()}"
