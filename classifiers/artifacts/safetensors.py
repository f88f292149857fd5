"""safetensors: an 8-byte little-endian header length, then a JSON header; no code inside."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

from classifiers.artifacts.report import ArtifactReport, Verdict, read_at, unknown
from classifiers.readers.readable import ReadableObject

MAX_HEADER_BYTES = 100 * 1024 * 1024  # the format's own limit; a pickle so named reads as GBs
MAX_METADATA_ITEMS = 50
MAX_TEXT = 200


def looks_like(head: bytes) -> bool:
    """A plausible header: its length fits the bound and the JSON object starts right after."""
    if len(head) < 9:
        return False
    (length,) = struct.unpack("<Q", head[:8])
    return 2 <= length <= MAX_HEADER_BYTES and head[8:9] == b"{"


def inspect_safetensors(obj: ReadableObject) -> ArtifactReport:
    head = read_at(obj, 0, 8)
    if len(head) < 8:
        return unknown("safetensors", "shorter than the 8-byte header length")
    (length,) = struct.unpack("<Q", head)
    if length > MAX_HEADER_BYTES or length > obj.size - 8:
        bound = min(MAX_HEADER_BYTES, max(obj.size - 8, 0))
        return unknown("safetensors", f"header length {length} over {bound} bytes: not read")
    try:
        header = json.loads(read_at(obj, 8, length))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return unknown("safetensors", f"header is not JSON: {exc.__class__.__name__}")
    if not isinstance(header, dict):
        return unknown("safetensors", "header is not a JSON object")
    try:
        metadata, end = _summary(header)
    except (TypeError, ValueError, KeyError) as exc:
        return unknown("safetensors", f"malformed tensor entry: {exc}")
    data_bytes = obj.size - 8 - length
    if end > data_bytes:
        error = f"truncated: tensors need {end} data bytes, the file holds {data_bytes}"
        return ArtifactReport("safetensors", Verdict.UNKNOWN, metadata=metadata, error=error)
    return ArtifactReport("safetensors", Verdict.SAFE, metadata=metadata)


def _summary(header: dict[str, Any]) -> tuple[dict[str, Any], int]:
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    dtypes: dict[str, int] = {}
    parameters, end = 0, 0
    for entry in tensors.values():
        dtype = str(entry["dtype"])
        dtypes[dtype] = dtypes.get(dtype, 0) + 1
        parameters += math.prod(int(n) for n in entry["shape"])
        start, stop = (int(n) for n in entry["data_offsets"])
        if not 0 <= start <= stop:
            raise ValueError("data offsets out of order")
        end = max(end, stop)
    found: dict[str, Any] = {"tensors": len(tensors), "parameters": parameters}
    found["dtypes"] = dict(sorted(dtypes.items()))
    extra = header.get("__metadata__")
    if isinstance(extra, dict) and extra:
        items = list(extra.items())[:MAX_METADATA_ITEMS]
        found["header_metadata"] = {str(k)[:MAX_TEXT]: str(v)[:MAX_TEXT] for k, v in items}
    return found, end
