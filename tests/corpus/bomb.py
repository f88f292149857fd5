"""A gzip bomb written as a stream: a few MB on disk that inflate to several GB of one line."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.corpus.cases import Case, error

INFLATED_BYTES = 4 * 1024**3 + 12345  # over 4 GiB, so the gzip size field wraps too
_CHUNK = 8 * 1024 * 1024
_HEAD = b"email,note\nbomb@example.invalid,"


def write_bomb(path: Path, inflated: int = INFLATED_BYTES) -> None:
    """A valid gzip file (CRC and size right) of a CSV header and one endless record.

    Nothing is ever inflated in memory: one chunk of 'a' is deflated once, ending on a full
    flush so its bytes stand alone, and those bytes are written again and again.
    """
    chunk = b"a" * _CHUNK
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(_HEAD) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = _standalone(chunk)
    count, rest = divmod(inflated - len(_HEAD), _CHUNK)
    crc = zlib.crc32(_HEAD)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + head)  # mtime 0: deterministic
        for _ in range(count):
            out.write(block)
            crc = zlib.crc32(chunk, crc)
        tail = zlib.compressobj(9, zlib.DEFLATED, -15)
        out.write(tail.compress(chunk[:rest]) + tail.flush())  # the final block
        crc = zlib.crc32(chunk[:rest], crc)
        out.write(struct.pack("<II", crc, inflated & 0xFFFFFFFF))


def _standalone(chunk: bytes) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)


def bomb_case(root: Path) -> Case:
    path = "bombs/endless_line.csv.gz"
    write_bomb(root / path)
    return error(
        path,
        "a gzip bomb (about 4 MB inflating to over 4 GiB): refused, not inflated",
        ["bomb", "decompress", "inflat", "expand", "budget"],
    )
