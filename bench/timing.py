"""Wall-clock timing (best of n) and peak memory of this process."""

from __future__ import annotations

import gc
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Timed(Generic[T]):
    """The best wall time over `runs` runs, every run's time, and the last run's result."""

    seconds: float
    runs: int
    times: tuple[float, ...]
    result: T

    @property
    def how(self) -> str:
        return f"best of {self.runs}" if self.runs > 1 else "1 run"


def _once(work: Callable[[], T]) -> tuple[float, T]:
    gc.collect()  # garbage from the previous measure is not charged to this one
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def best_of(runs: int, work: Callable[[], T]) -> Timed[T]:
    """Run `work` `runs` times (at least once); keep the fastest time."""
    seconds, result = _once(work)
    times = [seconds]
    for _ in range(runs - 1):
        seconds, result = _once(work)
        times.append(seconds)
    return Timed(min(times), len(times), tuple(times), result)


def peak_rss_mb() -> float:
    """Peak resident set size so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def best_of_interleaved(
    runs: int, first: Callable[[], T], second: Callable[[], T]
) -> tuple[Timed[T], Timed[T]]:
    """Two measures taken in turns (a b a b ...), so a change of load on a shared machine
    weighs on both alike; the best of `runs` of each."""
    pairs = [(_once(first), _once(second)) for _ in range(max(runs, 1))]
    timed = []
    for side in (0, 1):
        times = tuple(pair[side][0] for pair in pairs)
        timed.append(Timed(min(times), len(times), times, pairs[-1][side][1]))
    return timed[0], timed[1]
