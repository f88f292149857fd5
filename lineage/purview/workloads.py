"""AI workloads as `ai_workload` process entities: their inputs and outputs are the lineage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from lineage.model import DatasetState, Edge, Workload
from lineage.purview.entities import PublishItem
from lineage.purview.names import EntityName, workload_name
from lineage.refs import resolve


def workload_items(
    workloads: Sequence[Workload],
    observed: Iterable[Edge],
    published: Mapping[tuple[str, str], tuple[str, EntityName]],
) -> list[PublishItem]:
    """One item per declared workload; references resolve to datasets and artifacts that are
    (or are being) published, by the same globs the boundary checks use.

    `published` maps (source, path) to the object's catalog URI and its Purview name.
    """
    states = [
        DatasetState(source, path, uri, None, "ok", False)
        for (source, path), (uri, _) in published.items()
    ]
    uris = {key: name for key, (_, name) in published.items()}
    extra_in: dict[str, list[str]] = {}
    extra_out: dict[str, list[str]] = {}
    for edge in observed:
        if edge.target.startswith("workload:"):
            extra_in.setdefault(edge.target.split(":", 1)[1], []).append(edge.source)
        if edge.source.startswith("workload:"):
            extra_out.setdefault(edge.source.split(":", 1)[1], []).append(edge.target)
    items = []
    for workload in workloads:
        inputs = [*workload.inputs, *extra_in.get(workload.name, ())]
        outputs = [*(ref for ref, _ in workload.outputs), *extra_out.get(workload.name, ())]
        items.append(_item(workload, _refs(inputs, states, uris), _refs(outputs, states, uris)))
    return items


def _refs(
    references: Iterable[str],
    states: Sequence[DatasetState],
    names: Mapping[tuple[str, str], EntityName],
) -> list[EntityName]:
    found = [names[(d.source, d.path)] for ref in references for d in resolve(ref, states)]
    return list(dict.fromkeys(found))


def _item(workload: Workload, inputs: list[EntityName], outputs: list[EntityName]) -> PublishItem:
    name = workload_name(workload.name)
    body = {
        "typeName": name.type_name,
        "attributes": {
            "qualifiedName": name.qualified_name,
            "name": workload.name,
            "description": workload.description or f"{workload.kind} workload",
            "kind": workload.kind,
            "audience": workload.audience,
            "inputs": [n.ref() for n in inputs],
            "outputs": [n.ref() for n in outputs],
        },
    }
    types = {name.qualified_name: name.type_name}
    return PublishItem(name, None, workload.name, (body,), {}, types).with_digest()
