"""A real `dagster-webserver` on 127.0.0.1 serving Warden's definitions, for UI tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTANCE = REPO / "dagster_home" / "dagster.yaml"
WEBSERVER = Path(sys.executable).with_name("dagster-webserver")
READY_TIMEOUT = 90.0
LOCATION = "pipelines.definitions"  # the code location's name when served with `-m`
# Without `dagster-daemon` the default (queued) run coordinator never dequeues a run: tests that
# launch runs through the webserver alone give their instance this coordinator, which starts a
# run as soon as it is launched. (The repo's dagster.yaml keeps the queue for pools and limits.)
RUNS_START_AT_ONCE = """
run_coordinator:
  module: dagster._core.run_coordinator
  class: DefaultRunCoordinator
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _default_signals() -> None:
    # A child started from a non-interactive shell inherits SIGINT/SIGTERM as ignored, and
    # `dagster-webserver` would then outlive terminate(): restore the defaults before exec.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if _answers(f"{base}/server_info"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    state = "exited" if process.poll() is not None else f"not ready after {READY_TIMEOUT:.0f} s"
    _stop(process)
    output = log.read_text(encoding="utf-8", errors="replace")
    raise RuntimeError(f"dagster-webserver {state} (pid {process.pid}):\n{output[-8000:]}")


@contextmanager
def dagster_webserver(
    folder: Path, config: Path, catalog: str, instance: Path = INSTANCE, instance_extra: str = ""
) -> Iterator[str]:
    """Serve `pipelines.definitions` for one config and catalog; yield the base URL.

    `folder` holds the log and DAGSTER_HOME, which gets a copy of `instance` (by default the
    repo's dagster.yaml, so the tests load the instance config that `make ui` uses) with
    `instance_extra` (YAML) appended. Runs are told the webserver's URL (WARDEN_DAGSTER_URL),
    so a scan that finds new datasets reloads the code location, as under `make ui`.
    """
    home = folder / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    text = instance.read_text(encoding="utf-8")
    (home / "dagster.yaml").write_text(f"{text.rstrip()}\n{instance_extra}", encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "WARDEN_CONFIG": str(config),
        "WARDEN_CATALOG": catalog,
        "WARDEN_DAGSTER_URL": base,
        "WARDEN_CODE_LOCATION": LOCATION,
    }
    command = [str(WEBSERVER), "-m", LOCATION, "-h", "127.0.0.1", "-p", str(port)]
    log = folder / "webserver.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=_default_signals,
        )
    try:
        _wait_ready(process, base, log)
        yield base
    finally:
        _stop(process)
