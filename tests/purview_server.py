"""A local Atlas v2 server under /datamap/api/atlas/v2: typedefs and entities in memory.

It validates every request as a strict Atlas would (known types, required attributes,
primitive value types, references that resolve to the right types, classifications and
business metadata that exist, relationship end types) and answers in Atlas's shapes, so
azure-purview-datamap's DataMapClient round-trips against it. Each refused request is kept
in `refused`; each request in `requests`; `fail_next` makes the next calls answer an error.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PREFIX = "/datamap/api/atlas/v2/"
PRIMITIVES = {"string", "int", "long", "short", "float", "double", "boolean", "date", "byte"}
DEFAULT_SYSTEM = ("MICROSOFT.PERSONAL.EMAIL", "MICROSOFT.FINANCIAL.CREDIT_CARD_NUMBER")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _attr(name: str, type_name: str, optional: bool = True) -> dict[str, Any]:
    return {"name": name, "typeName": type_name, "isOptional": optional, "cardinality": "SINGLE"}


def _entity(name: str, supers: list[str], *attrs: dict[str, Any]) -> dict[str, Any]:
    return {"category": "ENTITY", "name": name, "superTypes": supers, "attributeDefs": list(attrs)}


def _end(type_name: str, name: str, cardinality: str) -> dict[str, Any]:
    return {"type": type_name, "name": name, "cardinality": cardinality}


def system_typedefs(classifications: tuple[str, ...]) -> list[dict[str, Any]]:
    """Purview's built-in types that Warden uses, as the account defines them."""
    return [
        _entity("Referenceable", [], _attr("qualifiedName", "string", optional=False)),
        _entity(
            "Asset",
            ["Referenceable"],
            _attr("name", "string", optional=False),
            _attr("description", "string"),
            _attr("owner", "string"),
        ),
        _entity("DataSet", ["Asset"]),
        _entity(
            "Process",
            ["Asset"],
            _attr("inputs", "array<DataSet>"),
            _attr("outputs", "array<DataSet>"),
        ),
        _entity("azure_blob_path", ["DataSet"]),
        _entity("azure_datalake_gen2_path", ["DataSet"]),
        _entity("tabular_schema", ["DataSet"]),
        _entity("column", ["DataSet"], _attr("type", "string")),
        {
            "category": "RELATIONSHIP",
            "name": "tabular_schema_datasets",
            "endDef1": _end("DataSet", "tabular_schema", "SINGLE"),
            "endDef2": _end("tabular_schema", "associatedDataSets", "SET"),
        },
        {
            "category": "RELATIONSHIP",
            "name": "tabular_schema_columns",
            "endDef1": _end("tabular_schema", "columns", "SET"),
            "endDef2": _end("column", "composeSchema", "SINGLE"),
        },
        *({"category": "CLASSIFICATION", "name": n, "attributeDefs": []} for n in classifications),
    ]


@dataclass
class AtlasState:
    """Typedefs by name and entities by guid; one lock around every request."""

    typedefs: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failures: list[tuple[str, int]] = field(default_factory=list)  # (path part, status) queue
    lock: threading.Lock = field(default_factory=threading.Lock)

    # -- types --------------------------------------------------------------------------------
    def define(self, typedef: dict[str, Any]) -> None:
        self.typedefs[typedef["name"]] = {**typedef, "guid": typedef.get("guid") or _guid()}

    def supertypes(self, name: str) -> list[str]:
        """The type and all its supertypes."""
        found, todo = [], [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.append(current)
                todo += self.typedefs.get(current, {}).get("superTypes", [])
        return found

    def is_a(self, name: str, ancestor: str) -> bool:
        return ancestor in self.supertypes(name)

    def attribute_defs(self, type_name: str) -> dict[str, dict[str, Any]]:
        defs: dict[str, dict[str, Any]] = {}
        for name in self.supertypes(type_name):
            for attr in self.typedefs[name].get("attributeDefs", []):
                defs.setdefault(attr["name"], attr)
        return defs

    def relationship_ends(self, type_name: str) -> dict[str, str]:
        """Relationship attribute names this type has, each with the other end's type."""
        ends = {}
        for rel in self.typedefs.values():
            if rel["category"] != "RELATIONSHIP":
                continue
            one, two = rel["endDef1"], rel["endDef2"]
            if self.is_a(type_name, one["type"]):
                ends[one["name"]] = two["type"]
            if self.is_a(type_name, two["type"]):
                ends[two["name"]] = one["type"]
        return ends

    def check_typedefs(self, body: dict[str, Any], update: bool) -> list[dict[str, Any]]:
        defs = [
            d
            for kind in (
                "classificationDefs",
                "entityDefs",
                "businessMetadataDefs",
                "relationshipDefs",
                "structDefs",
                "enumDefs",
            )
            for d in body.get(kind, [])
        ]
        names = {d["name"] for d in defs}
        for d in defs:
            if not d.get("name") or d.get("category") not in (
                "CLASSIFICATION",
                "ENTITY",
                "BUSINESS_METADATA",
            ):
                raise Refused(400, f"bad typedef {d.get('name')!r} ({d.get('category')})")
            if update != (d["name"] in self.typedefs):
                raise Refused(409 if not update else 404, f"type {d['name']} exists={update}")
            for parent in d.get("superTypes", []):
                if parent not in self.typedefs and parent not in names:
                    raise Refused(400, f"{d['name']}: unknown supertype {parent}")
            for attr in d.get("attributeDefs", []):
                self._check_attr_type(d, attr, names)
        return defs

    def _check_attr_type(self, d: dict[str, Any], attr: dict[str, Any], names: set[str]) -> None:
        inner = attr["typeName"].removeprefix("array<").removesuffix(">")
        if inner not in PRIMITIVES and inner not in self.typedefs and inner not in names:
            raise Refused(400, f"{d['name']}.{attr['name']}: unknown type {attr['typeName']}")
        if d["category"] == "BUSINESS_METADATA":
            if inner not in PRIMITIVES:
                raise Refused(400, f"{d['name']}.{attr['name']}: business metadata is primitive")
            applicable = json.loads((attr.get("options") or {}).get("applicableEntityTypes", "[]"))
            if not applicable or any(t not in self.typedefs for t in applicable):
                raise Refused(400, f"{d['name']}.{attr['name']}: applicableEntityTypes")

    # -- entities -----------------------------------------------------------------------------
    def find(self, type_name: str, qualified: str) -> dict[str, Any] | None:
        for entity in self.entities.values():
            same = entity["typeName"] == type_name or self.is_a(entity["typeName"], type_name)
            if same and entity["attributes"]["qualifiedName"] == qualified:
                return entity
        return None

    def resolve(self, ref: Any, expected: str, batch: dict[tuple[str, str], dict[str, Any]]) -> str:
        """The guid an object id names; refused unless it exists and is of the expected type."""
        if not isinstance(ref, dict):
            raise Refused(400, f"not an object id: {ref!r}")
        if "guid" in ref and ref["guid"] in self.entities:
            found = self.entities[ref["guid"]]
        else:
            key = (
                ref.get("typeName", ""),
                (ref.get("uniqueAttributes") or {}).get("qualifiedName"),
            )
            found = batch.get(key) or self.find(*key)  # type: ignore[arg-type]
            if found is None:
                raise Refused(404, f"referenced entity not found: {key}")
        if not self.is_a(found["typeName"], expected):
            raise Refused(400, f"{found['typeName']} is not a {expected}")
        return str(found["guid"])

    def check_value(self, where: str, type_name: str, value: Any, batch: dict[Any, Any]) -> Any:
        if type_name.startswith("array<"):
            if not isinstance(value, list):
                raise Refused(400, f"{where}: expected an array")
            inner = type_name[6:-1]
            return [self.check_value(where, inner, v, batch) for v in value]
        ok = {
            "string": isinstance(value, str),
            "boolean": isinstance(value, bool),
            "float": isinstance(value, int | float) and not isinstance(value, bool),
            "double": isinstance(value, int | float) and not isinstance(value, bool),
        }.get(type_name)
        if type_name in ("int", "long", "short", "byte", "date"):
            ok = isinstance(value, int) and not isinstance(value, bool)
        if ok is None:  # an entity type: a reference
            return {"guid": self.resolve(value, type_name, batch), "typeName": type_name}
        if not ok:
            raise Refused(400, f"{where}: {value!r} is not a {type_name}")
        return value

    def check_entity(self, entity: dict[str, Any], batch: dict[Any, Any]) -> dict[str, Any]:
        type_name = entity.get("typeName", "")
        if self.typedefs.get(type_name, {}).get("category") != "ENTITY":
            raise Refused(404, f"unknown entity type {type_name!r}")
        defs, attributes = self.attribute_defs(type_name), entity.get("attributes") or {}
        for name, attr in defs.items():
            if not attr.get("isOptional", True) and attributes.get(name) in (None, ""):
                raise Refused(400, f"{type_name}: mandatory attribute {name} missing")
        checked = {}
        for name, value in attributes.items():
            if name not in defs:
                raise Refused(400, f"{type_name}: unknown attribute {name}")
            checked[name] = self.check_value(
                f"{type_name}.{name}", defs[name]["typeName"], value, batch
            )
        relations = {}
        ends = self.relationship_ends(type_name)
        for name, ref in (entity.get("relationshipAttributes") or {}).items():
            if name not in ends:
                raise Refused(400, f"{type_name}: no relationship attribute {name}")
            relations[name] = {"guid": self.resolve(ref, ends[name], batch)}
        for c in entity.get("classifications") or []:
            self.check_classification(c)
        business = entity.get("businessAttributes") or {}
        for bm_name, values in business.items():
            self.check_business(type_name, bm_name, values)
        return {
            "typeName": type_name,
            "attributes": checked,
            "relationshipAttributes": relations,
            "businessAttributes": business,
            "classifications": [c["typeName"] for c in entity.get("classifications") or []],
        }

    def check_classification(self, classification: dict[str, Any]) -> None:
        name = classification.get("typeName")
        if self.typedefs.get(name or "", {}).get("category") != "CLASSIFICATION":
            raise Refused(404, f"unknown classification {name!r}")

    def check_business(self, type_name: str, bm_name: str, values: dict[str, Any]) -> None:
        bm = self.typedefs.get(bm_name)
        if bm is None or bm["category"] != "BUSINESS_METADATA":
            raise Refused(404, f"unknown business metadata {bm_name!r}")
        defs = {a["name"]: a for a in bm["attributeDefs"]}
        for name, value in values.items():
            if name not in defs:
                raise Refused(400, f"{bm_name}: unknown attribute {name}")
            applicable = json.loads(defs[name]["options"]["applicableEntityTypes"])
            if not any(self.is_a(type_name, t) for t in applicable):
                raise Refused(400, f"{bm_name}.{name} does not apply to {type_name}")
            self.check_value(f"{bm_name}.{name}", defs[name]["typeName"], value, {})


def _guid() -> str:
    return str(uuid.uuid4())


def header(entity: dict[str, Any]) -> dict[str, Any]:
    attrs = entity["attributes"]
    return {
        "guid": entity["guid"],
        "typeName": entity["typeName"],
        "status": "ACTIVE",
        "attributes": {"qualifiedName": attrs["qualifiedName"], "name": attrs.get("name")},
        "classificationNames": list(entity["classifications"]),
    }


def entity_json(entity: dict[str, Any]) -> dict[str, Any]:
    return {
        "guid": entity["guid"],
        "typeName": entity["typeName"],
        "status": "ACTIVE",
        "attributes": entity["attributes"],
        "relationshipAttributes": entity["relationshipAttributes"],
        "businessAttributes": entity["businessAttributes"],
        "classifications": [
            {"typeName": c, "entityGuid": entity["guid"]} for c in entity["classifications"]
        ],
    }


@contextmanager
def atlas_server(system: tuple[str, ...] = DEFAULT_SYSTEM) -> Iterator[tuple[str, AtlasState]]:
    """A running server on 127.0.0.1: its endpoint (http://127.0.0.1:PORT) and its state."""
    from tests.purview_routes import Handler  # the routes, in a file of their own

    state = AtlasState()
    for typedef in system_typedefs(system):
        state.define(typedef)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


__all__ = [
    "PREFIX",
    "AtlasState",
    "BaseHTTPRequestHandler",
    "Refused",
    "atlas_server",
    "entity_json",
    "header",
    "parse_qs",
    "unquote",
    "urlsplit",
]
