"""What a document parser is allowed while it reads: the mode, a byte bound, attachment depth."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from classifiers.readers.base import Sampling, Tally

MAX_DEPTH = 3  # a message in a message in a message: deeper attachments are not read
ATTACHMENT_BYTES = 16 * 1024 * 1024  # an attachment larger than this (decoded) is not read
SAMPLE_PAGES = 24  # sample mode: PDF pages read at most, the first ones and spread after them
FIRST_PAGES = 4


@dataclass
class Reading:
    """One parse (mutable on purpose, like Tally): `complete` turns False when sample mode
    leaves part of the document unread, so its row total stays unknown."""

    sampling: Sampling
    tally: Tally
    depth: int = 0
    complete: bool = True
    # Reads an attachment's bytes (its name hints the format) as paragraphs.
    attached: Callable[[bytes, str, Reading], Iterator[str]] | None = field(
        default=None, repr=False
    )

    @property
    def byte_limit(self) -> int | None:
        """Stored bytes sample mode reads of the object at most (None: no bound, full mode)."""
        if self.sampling.full:
            return None
        return self.sampling.max_object_bytes or self.sampling.max_bytes

    def over_limit(self) -> bool:
        limit = self.byte_limit
        return limit is not None and self.tally.bytes_read >= limit

    def deeper(self) -> Reading:
        """The reading of an attachment: one level down, its bytes already in memory."""
        return replace(self, depth=self.depth + 1)

    def note(self, problem: str) -> None:
        """A part left unread (a page with no text, an attachment): counted, the first kept."""
        self.tally.skip(problem)
