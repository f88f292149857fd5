"""Points where a test can have this process kill itself (SIGKILL), to prove a rescan resumes.

`WARDEN_TEST_KILL_AT=<stage>:<n>` kills the process the n-th time it reaches `stage`
(`object_leased`, `mid_transaction`, `object_written`, `alert_claimed`, `alert_delivered`).
`WARDEN_TEST_WAIT_AT=<stage>:<n>:<file>` instead writes `<file>.reached` there and waits until
`file` exists, so a test can hold one scan at a chosen point while another runs. The
variables are read when a point is reached, never at import; unset (always, outside tests)
a point costs two environment look-ups.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

KILL_ENV = "WARDEN_TEST_KILL_AT"
WAIT_ENV = "WARDEN_TEST_WAIT_AT"
WAIT_LIMIT_S = 120.0  # a held process gives up waiting after this (a test that failed)
_reached: Counter[str] = Counter()  # per process: how often each point was reached


def kill_point(stage: str) -> None:
    """Count one more arrival at `stage`; die or wait there if a test asked for it."""
    kill, wait = os.environ.get(KILL_ENV), os.environ.get(WAIT_ENV)
    if not kill and not wait:
        return
    _reached[stage] += 1
    here = f"{stage}:{_reached[stage]}"
    if kill == here:
        os.kill(os.getpid(), signal.SIGKILL)
    wanted_stage, _, rest = (wait or "").partition(":")
    count, _, flag_path = rest.partition(":")
    if f"{wanted_stage}:{count}" == here and flag_path:
        flag = Path(flag_path)
        flag.with_name(flag.name + ".reached").touch()
        deadline = time.monotonic() + WAIT_LIMIT_S
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
