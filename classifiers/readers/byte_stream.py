"""Opening files as counted byte streams, and the checks every text reader shares."""

from __future__ import annotations

import io
import zlib

from classifiers.readers.base import ReadError, Tally, short_reason
from classifiers.readers.inflate import inflated
from classifiers.readers.readable import ReadableObject
from classifiers.readers.text_encoding import DETECT_BYTES, TextHead, detect_encoding

HEAD_BYTES = 8192


class CountedFile(io.RawIOBase):
    """A raw file that adds every byte it reads from its object to a tally."""

    def __init__(self, obj: ReadableObject, tally: Tally):
        self._file = obj.open()
        self._tally = tally

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self._file.readinto(buffer) or 0
        self._tally.bytes_read += count
        self._tally.checkpoint()  # every block read is a moment to stop an object over budget
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        self._file.close()
        super().close()


def open_counted(obj: ReadableObject, tally: Tally) -> io.BufferedReader:
    """A seekable, buffered binary file whose reads from the object are counted."""
    return io.BufferedReader(CountedFile(obj, tally), buffer_size=64 * 1024)


def open_stream(obj: ReadableObject, compression: str | None, tally: Tally) -> io.BufferedIOBase:
    """The object's bytes, decompressed on the fly; the tally counts compressed bytes."""
    raw = open_counted(obj, tally)
    if compression is None:
        return raw
    if compression == "gzip":
        return inflated(raw, obj.size, tally.inflate, tally.checkpoint)
    raw.close()
    raise ReadError(f"unsupported compression {compression!r}")


def head_bytes(obj: ReadableObject, compression: str | None, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes of the object's content, decompressed. A stream cut (or
    corrupt) after some content gives that content: the readers count the cut record."""
    head = b""
    try:
        with open_stream(obj, compression, Tally()) as stream:
            while len(head) < size and (block := stream.read1(size - len(head))):
                head += block
    except (OSError, EOFError, zlib.error) as exc:
        if head:
            return head
        reason = short_reason(exc)
        raise ReadError(f"corrupt or truncated {compression or 'file'}: {reason}") from exc
    return head


def check_text(obj: ReadableObject, compression: str | None, label: str) -> TextHead:
    """Refuse empty objects and what is not text in any encoding read, before parsing them as
    text; returns the head of the content with its encoding."""
    if obj.size == 0:
        raise ReadError("empty file (0 bytes)")
    head = head_bytes(obj, compression, DETECT_BYTES)
    if not head:
        raise ReadError("empty file (no content after decompression)")
    complete = len(head) < DETECT_BYTES
    encoding = detect_encoding(head, complete)
    if encoding is None:
        raise ReadError(f"binary content, not {label} text")
    return TextHead(head, encoding, complete)
