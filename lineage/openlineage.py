"""Observed lineage from OpenLineage run events (the standard RunEvent JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lineage.model import Edge

MASKING_FACET = "warden_masking"  # a dataset facet {"masking": true} on a sanitized output


class LineageEventError(ValueError):
    """An event that is not an OpenLineage RunEvent we can use."""


def dataset_uri(dataset: Mapping[str, Any]) -> str:
    """OpenLineage (namespace, name) to the URI the catalog uses for the same object."""
    namespace, name = str(dataset.get("namespace", "")), str(dataset.get("name", ""))
    if not name:
        raise LineageEventError("dataset without a name")
    if namespace in ("file", "file://") or namespace.startswith("file://"):
        return "file://" + ("" if name.startswith("/") else "/") + name
    return f"{namespace.rstrip('/')}/{name.lstrip('/')}"


def _masking(dataset: Mapping[str, Any]) -> bool:
    facet = (dataset.get("facets") or {}).get(MASKING_FACET) or {}
    return bool(facet.get("masking"))


def event_edges(event: Mapping[str, Any]) -> list[Edge]:
    """Inputs flow into the job (the workload), the job flows into its outputs."""
    job = event.get("job") or {}
    name = job.get("name")
    if not name or "run" not in event:
        raise LineageEventError("not a RunEvent: it needs job.name and run")
    workload = f"workload:{name}"
    edges = [Edge(dataset_uri(d), workload, "observed") for d in event.get("inputs") or []]
    edges += [
        Edge(workload, dataset_uri(d), "observed", _masking(d)) for d in event.get("outputs") or []
    ]
    return edges


def read_events(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LineageEventError(f"line {number}: invalid JSON ({exc.msg})") from None
        if not isinstance(event, dict):
            raise LineageEventError(f"line {number}: expected a JSON object")
        yield event


def edges_from_file(path: Path) -> list[Edge]:
    """Edges from a JSON Lines file of RunEvents (or one JSON document with one event)."""
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    events: Iterable[dict[str, Any]]
    if isinstance(whole, dict):
        events = [whole]
    elif isinstance(whole, list):
        events = [e for e in whole if isinstance(e, dict)]
    else:
        events = read_events(text.splitlines())
    edges: dict[Edge, None] = {}
    for event in events:
        for edge in event_edges(event):
            edges.setdefault(edge)
    return list(edges)
