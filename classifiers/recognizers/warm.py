"""Presidio imported beside a large table's first Polars work instead of after it.

Importing Presidio (which imports spaCy) costs a scan about 1.5 s of CPU, on one core, the
first time a value needs a recognizer's exact pattern. A table of thousands of text values
all but always has such values, and its read, distinct values, shapes and prefilters are
work in Rust that releases the interpreter: so the import starts in a thread as the read of
an object of 8 MiB or more begins, or with a batch of thousands of rows with text columns,
and runs beside that work. A small file never starts it (its scan imports Presidio only
if a value is flagged). The main thread waits for the thread before it imports anything of
Presidio itself (`wait`), so the two never import at once.
"""

from __future__ import annotations

import sys
import threading

WARM_ROWS = 5_000  # rows of a batch with text columns that start the import beside it
WARM_BYTES = 8 * 1024 * 1024  # an object this large starts it as its read begins
SWITCH_INTERVAL = 0.0005  # s: the interpreter's switch interval while the import runs

_started: list[threading.Thread] = []
_guard = threading.Lock()


def start() -> None:
    """Start importing Presidio in a thread, once per process, unless it is imported."""
    with _guard:
        if _started or "presidio_analyzer" in sys.modules:
            return
        thread = threading.Thread(target=_import, name="warden-presidio-import", daemon=True)
        _started.append(thread)
        thread.start()


def _import() -> None:
    # While the import holds the interpreter, each return of the main thread from Polars waits
    # for it up to a switch interval (5 ms by default); a shorter one while it lasts: sample
    # mode of the 1M-row Parquet file, two sets of eight alternating runs, mean 3.39 -> 3.23 s
    # and 3.80 -> 3.67 s (0.1 ms gained nothing: switching then costs what it saves).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        import presidio_analyzer  # noqa: F401
    except Exception:  # the main thread imports it again, and a failure shows where it is used
        return
    finally:
        sys.setswitchinterval(interval)


def wait() -> None:
    """Return once a started import has finished (at once when none was started)."""
    for thread in _started:
        if thread is not threading.current_thread():
            thread.join()
