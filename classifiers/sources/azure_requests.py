"""Counting what a source asks of storage: requests by kind and blob bytes downloaded.

A transport wrapper sees every request that goes on the wire, retries included, so tests can
assert that a rescan downloads nothing and the bench can report requests and bytes.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from azure.core.pipeline.transport import HttpTransport, RequestsTransport

CONTENT_GET = "get blob content"


def request_kind(method: str, url: str) -> str:
    """'get blob content', 'list blobs', 'container properties', ... from method and query."""
    query = parse_qs(urlsplit(url).query)
    comp, restype = query.get("comp", [""])[0], query.get("restype", [""])[0]
    if method == "GET" and not comp and not restype:
        return CONTENT_GET
    if comp == "list":
        return "list containers" if not restype else "list blobs"
    if restype == "container":
        return f"container {comp or 'properties'}"
    return f"{method.lower()} {comp or restype or 'blob'}"


@dataclass
class RequestTally:
    """Requests by kind, failures (no response) and bytes of blob content received."""

    requests: Counter[str] = field(default_factory=Counter)
    failures: int = 0
    content_bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def content_gets(self) -> int:
        return self.requests[CONTENT_GET]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.failures = self.content_bytes = 0


class CountingTransport(HttpTransport):
    """The usual requests transport, with a tally of what went through it."""

    def __init__(self, inner: HttpTransport | None = None, **kwargs: Any):
        self.inner = inner or RequestsTransport(**kwargs)
        self.tally = RequestTally()

    def send(self, request: Any, **kwargs: Any) -> Any:
        kind = request_kind(request.method, request.url)
        try:
            response = self.inner.send(request, **kwargs)
        except Exception:
            with self.tally._lock:
                self.tally.requests[kind] += 1
                self.tally.failures += 1
            raise
        with self.tally._lock:
            self.tally.requests[kind] += 1
            if kind == CONTENT_GET and response.status_code in (200, 206):
                self.tally.content_bytes += int(response.headers.get("Content-Length", 0))
        return response

    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> CountingTransport:
        self.inner.__enter__()
        return self

    def __exit__(self, *args: Any) -> None:
        self.inner.__exit__(*args)

    def sleep(self, duration: float) -> None:
        self.inner.sleep(duration)
