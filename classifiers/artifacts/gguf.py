"""GGUF (llama.cpp models): the header's key/value pairs, big arrays skipped, never read whole."""

from __future__ import annotations

import io
import struct
from typing import IO, Any

from classifiers.artifacts.report import ArtifactReport, Truncated, Verdict, take, unknown
from classifiers.readers.readable import ReadableObject

MAGIC = b"GGUF"
MAX_KV = 10_000
MAX_STRING = 1024 * 1024  # a key or scalar string; longer ones are a damaged header
MAX_ARRAY = 100_000_000
MAX_TEXT = 200
# Scalar value types: (struct format, size); 8 string, 9 array.
SCALARS = {
    0: ("<B", 1), 1: ("<b", 1), 2: ("<H", 2), 3: ("<h", 2), 4: ("<I", 4), 5: ("<i", 4),
    6: ("<f", 4), 7: ("<?", 1), 10: ("<Q", 8), 11: ("<q", 8), 12: ("<d", 8),
}  # fmt: skip
STRING, ARRAY = 8, 9
# llama.cpp's LLAMA_FTYPE numbers: the quantisation of most tensors.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
}  # fmt: skip
KEPT = {"general.architecture": "architecture", "general.name": "name",
        "general.quantization_version": "quantization_version",
        "tokenizer.ggml.model": "tokenizer"}  # fmt: skip


def inspect_gguf(obj: ReadableObject) -> ArtifactReport:
    with obj.open() as raw, io.BufferedReader(raw) as file:
        try:
            values = _header(file)
        except Truncated as exc:
            return unknown("gguf", f"truncated header: {exc}")
        except ValueError as exc:
            return unknown("gguf", f"malformed header: {exc}")
    return ArtifactReport("gguf", Verdict.SAFE, metadata=_summary(values))


def _header(file: IO[bytes]) -> dict[str, Any]:
    if take(file, 4) != MAGIC:
        raise ValueError("no GGUF magic")
    (version,) = struct.unpack("<I", take(file, 4))
    if version not in (1, 2, 3):
        raise ValueError(f"unknown GGUF version {version}")
    count_format = "<I" if version == 1 else "<Q"  # version 1 counted in 32 bits
    size = struct.calcsize(count_format)
    (tensors,) = struct.unpack(count_format, take(file, size))
    (pairs,) = struct.unpack(count_format, take(file, size))
    if pairs > MAX_KV:
        raise ValueError(f"{pairs} key/value pairs: over the {MAX_KV} bound")
    values: dict[str, Any] = {"version": version, "tensors": tensors}
    for _ in range(pairs):
        key = _string(file, MAX_STRING)
        (kind,) = struct.unpack("<I", take(file, 4))
        values[key] = _value(file, kind)
    end = file.tell()
    if end > size_of(file):  # skipped arrays ran past the end
        raise Truncated(f"the header runs {end - size_of(file)} bytes past the end")
    return values


def size_of(file: IO[bytes]) -> int:
    here = file.tell()
    size = file.seek(0, io.SEEK_END)
    file.seek(here)
    return size


def _string(file: IO[bytes], bound: int) -> str:
    (length,) = struct.unpack("<Q", take(file, 8))
    if length > bound:
        raise ValueError(f"a {length}-byte string: over the {bound}-byte bound")
    return take(file, length).decode("utf-8", errors="replace")


def _value(file: IO[bytes], kind: int) -> Any:
    if kind in SCALARS:
        fmt, size = SCALARS[kind]
        return struct.unpack(fmt, take(file, size))[0]
    if kind == STRING:
        return _string(file, MAX_STRING)[:MAX_TEXT]
    if kind == ARRAY:
        return _skip_array(file)
    raise ValueError(f"unknown value type {kind}")


def _skip_array(file: IO[bytes]) -> dict[str, int]:
    """An array's length only: its elements (a vocabulary, say) are skipped, not kept."""
    (kind,) = struct.unpack("<I", take(file, 4))
    (count,) = struct.unpack("<Q", take(file, 8))
    if count > MAX_ARRAY:
        raise ValueError(f"a {count}-element array: over the {MAX_ARRAY} bound")
    if kind in SCALARS:
        _skip(file, count * SCALARS[kind][1])
    elif kind == STRING:
        for _ in range(count):
            (length,) = struct.unpack("<Q", take(file, 8))
            _skip(file, length)
    else:
        raise ValueError(f"array of value type {kind} not supported")
    return {"length": count}


def _skip(file: IO[bytes], count: int) -> None:
    """Seek past `count` bytes; the end of the file is checked when the header is done."""
    file.seek(count, io.SEEK_CUR)


def _summary(values: dict[str, Any]) -> dict[str, Any]:
    found = {"version": values["version"], "tensors": values["tensors"]}
    found |= {name: values[key] for key, name in KEPT.items() if key in values}
    architecture = values.get("general.architecture")
    context = values.get(f"{architecture}.context_length")
    if context is not None:
        found["context_length"] = context
    file_type = values.get("general.file_type")
    if isinstance(file_type, int):
        found["quantization"] = FILE_TYPES.get(file_type, f"type {file_type}")
    tokens = values.get("tokenizer.ggml.tokens")
    if isinstance(tokens, dict):
        found["vocabulary"] = tokens["length"]
    return found
