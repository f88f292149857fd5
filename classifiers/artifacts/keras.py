"""Keras v3 `.keras` archives: config.json read as JSON, nothing deserialized.

No maintained pickle scanner reads Keras configs (picklescan skips them: they hold no pickle),
yet loading one can run code: a Lambda layer carries marshalled Python bytecode (refused by
`safe_mode=True`, run with `safe_mode=False`), and any object in the config names a module and
class that Keras imports (the path of CVE-2025-1550). So every `module` named outside Keras is
listed as a global, a Lambda layer makes the model suspicious, and a module that can run
commands or code makes it dangerous. HDF5 `.h5` models are not read (h5py is not installed).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from classifiers.artifacts.report import ArtifactReport, Verdict, unknown
from classifiers.readers.readable import ReadableObject

MAX_CONFIG_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 200
KERAS_PACKAGES = frozenset({"keras", "keras_hub", "keras_nlp", "keras_cv", "tf_keras"})
# Roots whose functions run commands or arbitrary code when Keras calls them.
DANGEROUS_ROOTS = frozenset(
    {"os", "posix", "nt", "subprocess", "builtins", "__builtin__", "sys", "runpy", "shutil",
     "socket", "importlib", "pickle", "marshal", "ctypes", "pty", "code", "webbrowser"}
)  # fmt: skip
LAMBDA = "keras.layers.Lambda"


def inspect_keras(obj: ReadableObject) -> ArtifactReport:
    with obj.open() as raw, io.BufferedReader(raw) as file:
        try:
            with zipfile.ZipFile(file) as archive:
                config = _json_member(archive, "config.json")
                metadata = _json_member(archive, "metadata.json") or {}
            if not isinstance(config, dict):
                return unknown("keras", "no config.json object: not a Keras v3 archive")
            return _report(config, metadata if isinstance(metadata, dict) else {})
        except (zipfile.BadZipFile, ValueError, UnicodeDecodeError, RecursionError) as exc:
            return unknown("keras", f"unreadable .keras archive: {exc.__class__.__name__}: {exc}")


def _json_member(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_CONFIG_BYTES:
        raise ValueError(f"{name} is {info.file_size} bytes: over the {MAX_CONFIG_BYTES} bound")
    with archive.open(info) as entry:
        return json.loads(entry.read(MAX_CONFIG_BYTES + 1))


def _report(config: dict[str, Any], metadata: dict[str, Any]) -> ArtifactReport:
    layers, lambdas, named = 0, 0, set()
    for node in _objects(config, 0):
        module, name = node.get("module"), node.get("class_name")
        if name == "Lambda" or name == "__lambda__":
            lambdas += name == "Lambda"
            named.add(LAMBDA)
        if isinstance(module, str) and isinstance(name, str):
            layers += module.startswith("keras.layers")
            if module.split(".", 1)[0] not in KERAS_PACKAGES:
                named.add(f"{module}.{name}")
    facts: dict[str, Any] = {"model_class": str(config.get("class_name", ""))[:200]}
    facts |= {"layers": layers, "lambda_layers": lambdas}
    if isinstance(metadata.get("keras_version"), str):
        facts["keras_version"] = metadata["keras_version"][:50]
    globals_ = tuple(sorted(named))
    if any(g.split(".", 1)[0] in DANGEROUS_ROOTS for g in globals_):
        return ArtifactReport("keras", Verdict.DANGEROUS, globals_, facts)
    if globals_:
        return ArtifactReport("keras", Verdict.SUSPICIOUS, globals_, facts)
    return ArtifactReport("keras", Verdict.SAFE, (), facts)


def _objects(value: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every JSON object in the config, depth-first; deeper than MAX_DEPTH is refused."""
    if depth > MAX_DEPTH:
        raise ValueError(f"config.json nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _objects(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _objects(child, depth + 1)
