"""Model artifacts written byte by byte: pickles, a PyTorch-style zip, safetensors, GGUF.

Nothing here pickles a live object that could run code: the dangerous pickle is opcodes
written by hand, and no model library is needed.
"""

from __future__ import annotations

import io
import json
import pickle
import struct
import zipfile

GGUF_STRING, GGUF_ARRAY, GGUF_UINT32 = 8, 9, 4


def call_pickle(module: str, name: str, argument: str) -> bytes:
    """Protocol-0 opcodes that would call module.name(argument) if unpickled: GLOBAL, MARK,
    STRING, TUPLE, REDUCE, STOP. Only a scanner ever reads them here."""
    quoted = argument.replace("\\", "\\\\").replace("'", "\\'")
    return f"c{module}\n{name}\n(S'{quoted}'\ntR.".encode()


def plain_pickle(data: dict[str, list[float]]) -> bytes:
    """A pickle of builtin containers and floats: no global is imported when it loads."""
    return pickle.dumps(data, protocol=4)


def torch_style_zip(data_pkl: bytes, tensor: bytes) -> bytes:
    """The layout torch.save writes: archive/data.pkl, archive/version, archive/data/0."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, payload in (("archive/data.pkl", data_pkl), ("archive/version", b"3\n"),
                              ("archive/data/0", tensor)):  # fmt: skip
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # reproducible
            archive.writestr(info, payload)
    return buffer.getvalue()


def safetensors_bytes(shapes: dict[str, list[int]], metadata: dict[str, str]) -> bytes:
    """F32 tensors of zeros with the given shapes, the header padded to 8 bytes."""
    header: dict[str, object] = {"__metadata__": metadata}
    offset = 0
    for name, shape in shapes.items():
        size = 4 * _product(shape)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(offset)


def gguf_bytes(strings: dict[str, str], numbers: dict[str, int], tokens: list[str]) -> bytes:
    """A GGUF v3 file: string and uint32 keys, a token array, one F32 tensor of zeros."""
    pairs = len(strings) + len(numbers) + 1
    out = bytearray(b"GGUF" + struct.pack("<IQQ", 3, 1, pairs))
    for key, value in strings.items():
        out += _gguf_string(key) + struct.pack("<I", GGUF_STRING) + _gguf_string(value)
    for key, number in numbers.items():
        out += _gguf_string(key) + struct.pack("<II", GGUF_UINT32, number)
    out += _gguf_string("tokenizer.ggml.tokens") + struct.pack("<IIQ", GGUF_ARRAY, GGUF_STRING,
                                                               len(tokens))  # fmt: skip
    for token in tokens:
        out += _gguf_string(token)
    out += _gguf_string("token_embd.weight") + struct.pack("<IQQIQ", 2, 8, 4, 0, 0)
    out += bytes(-len(out) % 32)  # tensor data starts on general.alignment (32)
    return bytes(out + bytes(4 * 8 * 4))


def _gguf_string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _product(shape: list[int]) -> int:
    total = 1
    for n in shape:
        total *= n
    return total
