"""What an artifact inspection finds, and the bounded reads every inspector goes through."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the readers (Polars and every format) load only where objects are read
    from classifiers.readers.readable import ReadableObject


class Verdict(StrEnum):
    """Whether loading the artifact could run code. `unknown`: not verified either way."""

    SAFE = "safe"
    SUSPICIOUS = "suspicious"  # imports a global no list knows: needs review
    DANGEROUS = "dangerous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ArtifactReport:
    """One artifact's format, verdict, the globals its pickles import and its header facts."""

    format: str
    verdict: Verdict
    globals: tuple[str, ...] = ()  # "module.name", sorted
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "verdict": self.verdict.value,
            "globals": list(self.globals),
            "metadata": self.metadata,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArtifactReport:
        return cls(
            format=str(data.get("format", "unknown")),
            verdict=Verdict(data.get("verdict", "unknown")),
            globals=tuple(data.get("globals") or ()),
            metadata=dict(data.get("metadata") or {}),
            error=data.get("error"),
        )


def unknown(fmt: str, error: str, **metadata: Any) -> ArtifactReport:
    return ArtifactReport(fmt, Verdict.UNKNOWN, metadata=metadata, error=error)


def read_at(obj: ReadableObject, offset: int, count: int) -> bytes:
    """`count` bytes from `offset` (fewer at the end): one ranged read of a blob."""
    with obj.open() as file:
        file.seek(offset)
        return read_exactly(file, count)


def read_exactly(file: IO[bytes] | io.RawIOBase, count: int) -> bytes:
    """Up to `count` bytes; a raw file may return fewer per call."""
    data = bytearray()
    while len(data) < count and (block := file.read(count - len(data))):
        data += block
    return bytes(data)


class Truncated(ValueError):
    """The bytes end before the structure the header describes."""


def take(file: IO[bytes], count: int) -> bytes:
    data = read_exactly(file, count)
    if len(data) < count:
        raise Truncated(f"the file ends {count - len(data)} bytes early")
    return data
