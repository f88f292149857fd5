"""ONNX: the top-level fields of ModelProto read from the protobuf wire format by hand.

Only small fields are read into memory; the graph's nodes and initializers (the weights) are
skipped by seeking, and external data files are never opened.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

from classifiers.artifacts.report import ArtifactReport, Truncated, Verdict, take, unknown
from classifiers.readers.readable import ReadableObject

MAX_FIELD = 1024 * 1024  # a name or an opset entry; anything bigger is skipped
MAX_NAMES = 100
VARINT, I64, LEN, I32 = 0, 1, 2, 5
# ModelProto: 1 ir_version, 2 producer_name, 3 producer_version, 7 graph, 8 opset_import.
# GraphProto: 2 name, 11 input, 12 output (ValueInfoProto: 1 name).


def inspect_onnx(obj: ReadableObject) -> ArtifactReport:
    with obj.open() as raw, io.BufferedReader(raw) as file:
        try:
            metadata = _model(file, obj.size)
        except Truncated as exc:
            return unknown("onnx", f"truncated: {exc}")
        except (ValueError, UnicodeDecodeError) as exc:
            return unknown("onnx", f"not an ONNX model: {exc}")
    if "ir_version" not in metadata or "opset" not in metadata:
        return unknown("onnx", "no ir_version or opset_import: not an ONNX model", **metadata)
    return ArtifactReport("onnx", Verdict.SAFE, metadata=metadata)


def _model(file: IO[bytes], size: int) -> dict[str, object]:
    found: dict[str, object] = {}
    opsets: dict[str, int] = {}
    for number, wire, value in _fields(file, 0, size):
        if number == 1 and wire == VARINT:
            found["ir_version"] = value
        elif number in (2, 3) and isinstance(value, bytes):
            found["producer_name" if number == 2 else "producer_version"] = value.decode()
        elif number == 8 and isinstance(value, bytes):
            domain, version = _opset(value)
            opsets[domain or "ai.onnx"] = version
        elif number == 7 and wire == LEN and isinstance(value, int):
            found |= _graph(file, file.tell() - value, file.tell())
    if opsets:
        found["opset"] = opsets
    return found


def _graph(file: IO[bytes], start: int, end: int) -> dict[str, object]:
    here = file.tell()
    inputs: list[str] = []
    outputs: list[str] = []
    for number, _wire, value in _fields(file, start, end, small=(11, 12)):
        if number in (11, 12) and isinstance(value, bytes):
            names = inputs if number == 11 else outputs
            if len(names) < MAX_NAMES:
                names.append(_value_info_name(value))
    file.seek(here)
    return {"inputs": inputs, "outputs": outputs}


def _fields(
    file: IO[bytes], start: int, end: int, small: tuple[int, ...] = (2, 3, 8)
) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value): LEN fields named in `small` are read (bounded), other
    LEN fields are skipped and yielded as their length, with the file just past them."""
    file.seek(start)
    while file.tell() < end:
        key = _varint(file)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            yield number, wire, _varint(file)
        elif wire in (I64, I32):
            take(file, 8 if wire == I64 else 4)
        elif wire == LEN:
            length = _varint(file)
            if file.tell() + length > end:
                raise Truncated(f"field {number} runs past its end")
            if number in small and length <= MAX_FIELD:
                yield number, wire, take(file, length)
            else:
                file.seek(length, io.SEEK_CUR)
                yield number, wire, length
        else:
            raise ValueError(f"wire type {wire} in field {number}")


def _varint(file: IO[bytes]) -> int:
    value = 0
    for shift in range(0, 70, 7):
        byte = take(file, 1)[0]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
    raise ValueError("a varint longer than 10 bytes")


def _opset(data: bytes) -> tuple[str, int]:
    domain, version = "", 0
    for number, _wire, value in _fields(io.BytesIO(data), 0, len(data), (1,)):
        if number == 1 and isinstance(value, bytes):
            domain = value.decode()
        elif number == 2 and isinstance(value, int):
            version = value
    return domain, version


def _value_info_name(data: bytes) -> str:
    for number, _wire, value in _fields(io.BytesIO(data), 0, len(data), (1,)):
        if number == 1 and isinstance(value, bytes):
            return value.decode()
    return ""
