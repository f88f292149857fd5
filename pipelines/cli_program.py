"""The `warden` program: a Typer app whose commands may leave without the interpreter's teardown.

At exit, Python frees every object of every module one by one: after a scan (Polars, PyArrow,
SQLAlchemy, pydantic loaded) that is about 0.3 s of CPU, a fifth of the cost of scanning one
small file. A command that has committed its work and closed what it opened asks to skip it
(`leave_at_once`); at-exit handlers still run (the NER worker is stopped, temporary folders
are removed, logs are flushed) and so do the flushes of standard output and error. Only when
run as a program (`app()`): a test's `CliRunner` never calls it, so never leaves this way.

Run as a program, the cyclic garbage collector also runs less often (`GC_THRESHOLDS`): with
Python's defaults (a young collection every 700 new objects) a scan of one 1M-row Parquet file
ran about 700 collections, 0.6 to 0.8 s of its time holding the interpreter, most of them
while Presidio and its recognizers were imported and made; a command builds few reference
cycles, and the old ones are still collected.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import Any

import typer

# Young objects before a collection, then young collections per middle one, middle per old.
GC_THRESHOLDS = (50_000, 20, 10)


class WardenApp(typer.Typer):
    _at_once = False

    def leave_at_once(self) -> None:
        """The command's work is committed and closed: the program may leave without teardown."""
        self._at_once = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as done:
            if not self._at_once:
                raise
            leave(done.code)


def leave(code: object) -> None:
    """Ends the process as `sys.exit(code)` would, less the freeing of every object."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
