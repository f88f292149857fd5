"""Ranged GETs of one listed blob version, with storage failures turned into ReadErrors.

The client retries throttling and transient failures with backoff; what still fails becomes
a ReadError that names the cause, so the scan records it against the blob and goes on. When
storage stops answering altogether, a breaker fails the next blobs fast instead of letting
each one wait through its own retries; the next scan reads them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from azure.core import MatchConditions
from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ResourceModifiedError,
    ResourceNotFoundError,
)
from azure.storage.blob import BlobClient

from classifiers.readers import ReadError
from classifiers.sources.azure_client import redacted


class StorageBreaker:
    """Opens after `threshold` consecutive unreachable-storage failures, for `cooldown` seconds."""

    def __init__(
        self,
        threshold: int = 3,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._open_until = 0.0

    def check(self) -> None:
        if self._failures >= self.threshold and self._clock() < self._open_until:
            raise ReadError(
                f"storage unreachable ({self._failures} reads in a row failed); "
                "not tried again in this scan's next seconds"
            )

    def failed(self) -> None:
        self._failures += 1
        if self._failures >= self.threshold:
            self._open_until = self._clock() + self.cooldown

    def succeeded(self) -> None:
        self._failures = 0


class BlobRanges:
    """fetch(offset, length) for one blob version (its etag): what BlobRangeFile reads through."""

    def __init__(self, client: BlobClient, etag: str, breaker: StorageBreaker, concurrency: int):
        self._client = client
        self._etag = etag
        self._breaker = breaker
        self._concurrency = concurrency

    def __call__(self, offset: int, length: int) -> bytes:
        self._breaker.check()
        try:
            download = self._client.download_blob(
                offset=offset,
                length=length,
                etag=f'"{self._etag}"',  # the version listed: a changed blob fails with 412
                match_condition=MatchConditions.IfNotModified,
                max_concurrency=self._concurrency,
            )
            data = download.readall()
        except ResourceModifiedError:
            raise ReadError("the blob changed while it was read; the next scan reads it") from None
        except ResourceNotFoundError:
            raise ReadError("the blob was deleted after it was listed") from None
        except HttpResponseError as exc:
            self._breaker.succeeded()  # storage answered: it is there, it refused
            raise ReadError(f"storage refused the read: {_refusal(exc)}") from None
        except AzureError as exc:
            self._breaker.failed()
            raise ReadError(f"storage unreachable: {_first_line(exc)}") from None
        self._breaker.succeeded()
        return data


def _refusal(exc: HttpResponseError) -> str:
    code = getattr(exc, "error_code", None) or exc.reason or "error"
    if code == "BlobArchived":
        return "the blob is in the Archive tier; rehydrate it to scan it"
    return f"HTTP {exc.status_code} {code}"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return redacted(lines[0] if lines else type(exc).__name__)[:300]
