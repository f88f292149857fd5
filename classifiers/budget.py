"""Time and memory bounds per object, checked where work loops: one object cannot stall a scan.

A `Budget` is made when an object's read starts and passed (as its `check` method) to the
loops that do the work: every block a reader reads, every batch, every column the engine
confirms or waits NER for. `check()` raises `BudgetExceeded` once the object has run past its
time or grown the process past its memory, and the scanner records that as the object's
error. The checks are cooperative: one library call (a Polars query over a batch, pyarrow
decoding a row group, spaCy on one NER batch) is not interrupted, so an object stops at the
first check after its budget runs out, not at the instant it does (measured: 0.25 s late on
a 600,000-row CSV read in full mode in 20,000-row batches; the first object of a process can
be a few seconds late, as the engine compiles its prefilters inside one stage). A hung NER
worker is waited for up to `nlp.WORKER_TIMEOUT` before the next check.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
_STATM = Path("/proc/self/statm")
_MEMORY_EVERY = 0.05  # seconds between two reads of the resident size: checks stay cheap

Checkpoint = Callable[[], None]  # call it now and then; it raises to stop the work


def carry_on() -> None:
    """The checkpoint of work without a budget."""


class BudgetExceeded(Exception):
    """An object ran past its time budget or grew past its memory budget; the message says
    which, in the words recorded as the object's error."""


@dataclass(frozen=True)
class ObjectBounds:
    """How long one object may take, and how much memory the process may grow by for it."""

    seconds: float = 120.0
    memory_mb: int = 4096


def resident_bytes() -> int:
    """The process's resident set size now (Linux); elsewhere its peak, the best there is."""
    try:
        pages = int(_STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if os.uname().sysname == "Darwin" else peak * 1024  # bytes vs KiB
    return pages * os.sysconf("SC_PAGE_SIZE")


class Budget:
    """One object's bounds, started now: the time it may take and the memory it may add."""

    def __init__(
        self,
        bounds: ObjectBounds,
        clock: Callable[[], float] = time.monotonic,
        resident: Callable[[], int] = resident_bytes,
    ) -> None:
        self.bounds = bounds
        self._clock = clock
        self._resident = resident
        self._started = clock()
        self._baseline = resident()
        self._memory_seen = self._started

    def check(self) -> None:
        """Raise BudgetExceeded if the object is over its time or memory budget."""
        now = self._clock()
        if now - self._started > self.bounds.seconds:
            raise BudgetExceeded(
                f"stopped after {self.bounds.seconds:,g} s: time budget (scan.object_time_budget)"
            )
        if now - self._memory_seen < _MEMORY_EVERY:
            return
        self._memory_seen = now
        if self._resident() - self._baseline > self.bounds.memory_mb * MIB:
            raise BudgetExceeded(
                f"stopped at {self.bounds.memory_mb:,} MB: memory budget "
                "(scan.object_memory_budget_mb)"
            )
