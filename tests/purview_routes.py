"""The routes of the local Atlas v2 server (tests/purview_server.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

from tests.purview_server import PREFIX, AtlasState, Refused, _guid, entity_json, header

Route = tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]


class Handler(BaseHTTPRequestHandler):
    state: ClassVar[AtlasState]
    routes: ClassVar[list[Route]] = []

    def log_message(self, *_args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = unquote(parts.path)
        state = self.state
        with state.lock:
            state.requests.append((method, path.removeprefix(PREFIX), body))
            status, answer = self._answer(state, method, path, query, body)
        self._send(status, answer)

    def _answer(
        self, state: AtlasState, method: str, path: str, query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        if self.headers.get("Authorization") != "Bearer test":
            return 401, {"errorCode": "401", "errorMessage": "no credentials"}
        for part, status in list(state.failures):
            if part in path:
                state.failures.remove((part, status))
                return status, {"errorCode": str(status), "errorMessage": "injected failure"}
        if not path.startswith(PREFIX):
            return 404, {"errorMessage": f"no route {path}"}
        rest = path.removeprefix(PREFIX)
        for verb, pattern, action in self.routes:
            match = pattern.fullmatch(rest)
            if verb == method and match:
                try:
                    return action(state, query, body, *match.groups())
                except Refused as refused:
                    state.refused.append(f"{method} {rest}: {refused}")
                    return refused.status, {
                        "errorCode": f"ATLAS-{refused.status}-00-001",
                        "errorMessage": str(refused),
                    }
        return 404, {"errorMessage": f"no route {method} {rest}"}

    def _send(self, status: int, answer: Any) -> None:
        data = b"" if status == 204 else json.dumps(answer).encode()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def route(method: str, pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(action: Callable[..., Any]) -> Callable[..., Any]:
        Handler.routes.append((method, re.compile(pattern), action))
        return action

    return register


# -- typedefs -----------------------------------------------------------------------------------
@route("GET", r"types/typedefs/headers")
def typedef_headers(state: AtlasState, *_: Any) -> tuple[int, Any]:
    found = [
        {"guid": d["guid"], "name": d["name"], "category": d["category"]}
        for d in state.typedefs.values()
    ]
    return 200, found


@route("GET", r"types/typedef/name/(.+)")
def typedef_by_name(state: AtlasState, _q: Any, _b: Any, name: str) -> tuple[int, Any]:
    if name not in state.typedefs:
        raise Refused(404, f"type {name} not found")
    return 200, state.typedefs[name]


def _write_typedefs(state: AtlasState, body: Any, update: bool) -> tuple[int, Any]:
    defs = state.check_typedefs(body, update)
    for d in defs:
        state.define({**d, "guid": state.typedefs.get(d["name"], {}).get("guid")})
    return 200, body


@route("POST", r"types/typedefs")
def create_typedefs(state: AtlasState, _q: Any, body: Any) -> tuple[int, Any]:
    return _write_typedefs(state, body, update=False)


@route("PUT", r"types/typedefs")
def update_typedefs(state: AtlasState, _q: Any, body: Any) -> tuple[int, Any]:
    return _write_typedefs(state, body, update=True)


# -- entities -----------------------------------------------------------------------------------
@route("POST", r"entity/bulk")
def bulk_upsert(state: AtlasState, query: dict[str, str], body: Any) -> tuple[int, Any]:
    given = body.get("entities") or []
    keys = [(e.get("typeName"), (e.get("attributes") or {}).get("qualifiedName")) for e in given]
    batch = {}
    for key in keys:  # references may name entities of the same request
        existing = state.find(*key)
        batch[key] = existing or {"guid": _guid(), "typeName": key[0]}
    checked = [state.check_entity(e, batch) for e in given]  # all or nothing, as Atlas
    behaviour = query.get("businessAttributeUpdateBehavior", "ignore")
    created, updated, assigned = [], [], {}
    for entity, key in zip(checked, keys, strict=True):
        existing = state.find(*key)
        if existing is None:
            stored = {**entity, "guid": batch[key]["guid"]}
            state.entities[stored["guid"]] = stored
            created.append(header(stored))
            assigned[stored["guid"]] = stored["guid"]
            continue
        existing["attributes"].update(entity["attributes"])
        existing["relationshipAttributes"].update(entity["relationshipAttributes"])
        if behaviour == "merge":
            for name, values in entity["businessAttributes"].items():
                existing["businessAttributes"].setdefault(name, {}).update(values)
        elif behaviour == "replace":
            existing["businessAttributes"] = entity["businessAttributes"]
        # Classifications in the body of an existing entity are ignored, as Atlas does.
        updated.append(header(existing))
    mutated = {k: v for k, v in (("CREATE", created), ("UPDATE", updated)) if v}
    return 200, {"mutatedEntities": mutated, "guidAssignments": assigned}


def _by_unique(state: AtlasState, type_name: str, query: dict[str, str]) -> dict[str, Any]:
    qualified = query.get("attr:qualifiedName")
    found = state.find(type_name, qualified or "")
    if found is None:
        raise Refused(404, f"{type_name} {qualified} not found")
    return found


@route("GET", r"entity/uniqueAttribute/type/([^/]+)")
def get_unique(
    state: AtlasState, query: dict[str, str], _b: Any, type_name: str
) -> tuple[int, Any]:
    return 200, {"entity": entity_json(_by_unique(state, type_name, query)), "referredEntities": {}}


@route("GET", r"entity/guid/([^/]+)")
def get_guid(state: AtlasState, _q: Any, _b: Any, guid: str) -> tuple[int, Any]:
    if guid not in state.entities:
        raise Refused(404, f"guid {guid} not found")
    return 200, {"entity": entity_json(state.entities[guid]), "referredEntities": {}}


@route("DELETE", r"entity/uniqueAttribute/type/([^/]+)")
def delete_unique(
    state: AtlasState, query: dict[str, str], _b: Any, type_name: str
) -> tuple[int, Any]:
    found = _by_unique(state, type_name, query)
    del state.entities[found["guid"]]
    return 200, {"mutatedEntities": {"DELETE": [header(found)]}}


@route("POST", r"entity/uniqueAttribute/type/([^/]+)/classifications")
def classify(
    state: AtlasState, query: dict[str, str], body: Any, type_name: str
) -> tuple[int, Any]:
    found = _by_unique(state, type_name, query)
    for classification in body:
        state.check_classification(classification)
        if classification["typeName"] in found["classifications"]:
            raise Refused(400, f"{classification['typeName']} already associated")
    found["classifications"] += [c["typeName"] for c in body]
    return 204, None


@route("DELETE", r"entity/uniqueAttribute/type/([^/]+)/classification/([^/]+)")
def unclassify(
    state: AtlasState, query: dict[str, str], _b: Any, type_name: str, name: str
) -> tuple[int, Any]:
    found = _by_unique(state, type_name, query)
    if name not in found["classifications"]:
        raise Refused(404, f"{name} not associated with {found['guid']}")
    found["classifications"].remove(name)
    return 204, None


# -- lineage ------------------------------------------------------------------------------------
@route("GET", r"lineage/uniqueAttribute/type/([^/]+)")
def lineage(state: AtlasState, query: dict[str, str], _b: Any, type_name: str) -> tuple[int, Any]:
    base = _by_unique(state, type_name, query)
    relations = []
    for entity in state.entities.values():
        attrs = entity["attributes"]
        relations += [
            {"fromEntityId": r["guid"], "toEntityId": entity["guid"]}
            for r in attrs.get("inputs") or []
        ]
        relations += [
            {"fromEntityId": entity["guid"], "toEntityId": r["guid"]}
            for r in attrs.get("outputs") or []
        ]
    near = {r["fromEntityId"] for r in relations if base["guid"] in r.values()}
    near |= {r["toEntityId"] for r in relations if base["guid"] in r.values()}
    kept = [r for r in relations if base["guid"] in r.values()]
    entities = {g: header(state.entities[g]) for g in near | {base["guid"]} if g in state.entities}
    return 200, {
        "baseEntityGuid": base["guid"],
        "lineageDirection": query.get("direction"),
        "lineageDepth": int(query.get("depth", 3)),
        "guidEntityMap": entities,
        "relations": kept,
    }
