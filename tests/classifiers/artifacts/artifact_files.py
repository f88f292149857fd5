"""Model files for the artifact tests, and an object that counts the bytes read from it."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from sample_data._generator import models

CANARY = "CANARY"


def canary_pickle(folder: Path) -> bytes:
    """Opcodes that would create folder/CANARY if anything unpickled them."""
    return models.call_pickle("os", "system", f"touch {folder / CANARY}")


def builtin_import_pickle() -> bytes:
    """builtins.__import__('os'): picklescan rates it Suspicious, not Dangerous."""
    return models.call_pickle("builtins", "__import__", "os")


def unknown_global_pickle() -> bytes:
    return models.call_pickle("mycompany.features", "Scaler", "x")


def joblib_compressed() -> bytes:
    """joblib's zlib container: the pickle inside is compressed, so its opcodes are unseen."""
    return zlib.compress(models.call_pickle("os", "system", "echo hidden"))


def gguf_with_vocabulary(tokens: int, scores: int) -> bytes:
    """A GGUF header with a `tokens`-string vocabulary and a `scores`-float array."""
    head = models.gguf_bytes(
        {"general.architecture": "qwen2", "tokenizer.ggml.model": "gpt2"},
        {"general.file_type": 7, "qwen2.context_length": 32768},
        [f"token-{i}" for i in range(tokens)],
    )
    # Insert a float array as one more key/value pair: rewrite the pair count.
    pairs = struct.unpack("<Q", head[16:24])[0] + 1
    extra = models._gguf_string("tokenizer.ggml.scores")
    extra += struct.pack("<IIQ", 9, 6, scores) + bytes(4 * scores)
    body = head[24:]
    return head[:16] + struct.pack("<Q", pairs) + extra + body


@dataclass
class CountingObject:
    """A ReadableObject over bytes (a blob, say) that records how many bytes were read."""

    name: str
    data: bytes
    read: list[int] = field(default_factory=list)
    sample_cap: int | None = None
    local_path: Path | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def open(self) -> io.RawIOBase:
        return _Counting(self.data, self.read)

    @property
    def bytes_read(self) -> int:
        return sum(self.read)


class _Counting(io.RawIOBase):
    def __init__(self, data: bytes, read: list[int]) -> None:
        self._data, self._read, self._pos = data, read, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._data)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data[self._pos : self._pos + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._pos += len(chunk)
        self._read.append(len(chunk))
        return len(chunk)
