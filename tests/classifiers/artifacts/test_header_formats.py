"""safetensors, GGUF and ONNX: facts from headers read in bounded bytes."""

from __future__ import annotations

import struct

import pytest
from artifact_files import CountingObject, gguf_with_vocabulary

from classifiers.artifacts.inspect import inspect_artifact
from classifiers.artifacts.report import Verdict
from sample_data._generator import models

ADAPTER = models.safetensors_bytes({"a": [8, 4], "b": [4, 8], "c": [3]}, {"base": "demo"})


def test_safetensors_header_gives_tensors_dtypes_parameters_and_metadata() -> None:
    report = inspect_artifact(CountingObject("adapter.safetensors", ADAPTER))
    assert report.verdict is Verdict.SAFE and report.format == "safetensors"
    assert report.metadata["tensors"] == 3 and report.metadata["parameters"] == 67
    assert report.metadata["dtypes"] == {"F32": 3}
    assert report.metadata["header_metadata"] == {"base": "demo"}


def test_a_huge_header_length_is_refused_without_reading_it() -> None:
    data = struct.pack("<Q", 1_700_000_000) + b"{" + bytes(4096)  # claims a 1.7 GB header
    obj = CountingObject("big.safetensors", data)
    report = inspect_artifact(obj)
    assert report.verdict is Verdict.UNKNOWN and "header length" in (report.error or "")
    assert obj.bytes_read < 100


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (ADAPTER[:-20], "truncated"),
        (ADAPTER[:40], "header length"),
        (struct.pack("<Q", 5) + b"{oops", "not JSON"),
        (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
    ],
)
def test_broken_safetensors_are_unknown_with_the_reason(data: bytes, phrase: str) -> None:
    report = inspect_artifact(CountingObject("x.safetensors", data))
    assert report.verdict is Verdict.UNKNOWN and phrase in (report.error or "")


def test_gguf_header_gives_architecture_quantisation_context_and_tokenizer() -> None:
    report = inspect_artifact(CountingObject("m.gguf", gguf_with_vocabulary(50, 10)))
    assert report.verdict is Verdict.SAFE and report.format == "gguf"
    assert report.metadata["architecture"] == "qwen2"
    assert report.metadata["quantization"] == "Q8_0"
    assert report.metadata["context_length"] == 32768
    assert report.metadata["tokenizer"] == "gpt2" and report.metadata["vocabulary"] == 50


def test_gguf_big_arrays_are_skipped_not_read() -> None:
    obj = CountingObject("m.gguf", gguf_with_vocabulary(150_000, 4_000_000))  # 16 MB of scores
    report = inspect_artifact(obj)
    assert report.metadata["vocabulary"] == 150_000
    assert obj.bytes_read < obj.size - 15_000_000


@pytest.mark.parametrize("cut", [10, 30, 200, -200])
def test_a_truncated_gguf_is_unknown_with_a_clear_error(cut: int) -> None:
    data = gguf_with_vocabulary(100, 1000)
    report = inspect_artifact(CountingObject("m.gguf", data[:cut]))
    assert report.verdict is Verdict.UNKNOWN and "truncated" in (report.error or "")


def _field(number: int, payload: bytes | int) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def onnx_model(weights: int) -> bytes:
    """ModelProto by hand: a graph with a node, a `weights`-byte initializer, one input and
    one output, then the opset import (after the graph, as onnx writes it)."""
    node = _field(4, b"MatMul") + _field(1, b"x") + _field(1, b"W") + _field(2, b"y")
    initializer = _field(8, b"W") + _field(9, b"\0" * weights)
    graph = _field(1, node) + _field(2, b"g") + _field(5, initializer)
    graph += _field(11, _field(1, b"input_ids")) + _field(12, _field(1, b"logits"))
    model = _field(1, 8) + _field(2, b"pytorch") + _field(3, b"2.3.0") + _field(7, graph)
    return model + _field(8, _field(1, b"") + _field(2, 17))


def test_onnx_top_level_fields_are_read_and_weights_skipped() -> None:
    obj = CountingObject("m.onnx", onnx_model(2_000_000))
    report = inspect_artifact(obj)
    assert report.verdict is Verdict.SAFE and report.format == "onnx"
    assert report.metadata["ir_version"] == 8 and report.metadata["opset"] == {"ai.onnx": 17}
    assert report.metadata["producer_name"] == "pytorch"
    assert report.metadata["inputs"] == ["input_ids"]
    assert report.metadata["outputs"] == ["logits"]
    assert obj.bytes_read < 100_000


def test_a_truncated_onnx_is_unknown() -> None:
    report = inspect_artifact(CountingObject("m.onnx", onnx_model(5000)[:3000]))
    assert report.verdict is Verdict.UNKNOWN and "truncated" in (report.error or "")


def test_unknown_bytes_are_unknown_not_safe() -> None:
    report = inspect_artifact(CountingObject("weights.h5", b"\x89HDF\r\n\x1a\n" + bytes(64)))
    assert (report.format, report.verdict) == ("hdf5", Verdict.UNKNOWN)
    report = inspect_artifact(CountingObject("blob.bin", b"\x00\x01 random"))
    assert report.verdict is Verdict.UNKNOWN and report.error
