"""Azurite, the Blob Storage emulator, for tests: started on 127.0.0.1, stopped by process id.

Test modules wrap `running_azurite()` in a fixture of their own scope. The binary comes from
the repository's package.json (`npm ci`); the account and key are Azurite's well-known
development credentials, published in its documentation.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from azure.storage.blob import BlobServiceClient

from classifiers.sources.azure_client import ClientSettings
from classifiers.sources.azure_requests import CountingTransport

REPO = Path(__file__).resolve().parents[1]
AZURITE = REPO / "node_modules" / ".bin" / "azurite-blob"
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = (  # Azurite's documented development key: not a secret
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Azurite:
    """One emulator process; `location` keeps its data on disk across restarts."""

    folder: Path
    location: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/{ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
            f"BlobEndpoint={self.endpoint};"
        )

    def client(self) -> BlobServiceClient:
        return BlobServiceClient.from_connection_string(self.connection_string)

    def start(self) -> None:
        if not AZURITE.exists():
            pytest.fail(f"Azurite is not installed ({AZURITE}): run `npm ci` in {REPO}")
        storage = ["--location", str(self.location)] if self.location else ["--inMemoryPersistence"]
        command = [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(self.port),
                   "--disableTelemetry", "--skipApiVersionCheck", "--loose", *storage]  # fmt: skip
        log = (self.folder / "azurite.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder
        )
        log.close()
        self._wait_listening()

    def stop(self) -> None:
        """SIGTERM to our process id, SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                log = (self.folder / "azurite.log").read_text(errors="replace")
                pytest.fail(f"Azurite exited with {self.process.returncode}:\n{log[-2000:]}")
            if _listening(self.port):
                return
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"Azurite did not listen on port {self.port} within {START_SECONDS} s")


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running_azurite(folder: Path, persistent: bool = False) -> Iterator[Azurite]:
    """An emulator for the duration of the block (in memory unless `persistent`)."""
    server = Azurite(folder, folder / "data" if persistent else None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def counting_settings(retries: int = 2, backoff: float = 0.05) -> ClientSettings:
    """Client settings whose transport counts requests (short retries: tests stay fast)."""
    transport = CountingTransport(connection_timeout=5, read_timeout=30)
    return ClientSettings(retries, backoff, backoff_growth=0.1, transport=transport)
