"""Blob Storage addresses: account endpoints, container URLs given on the command line, URIs.

Objects get https:// URIs (`https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB`, the blob
endpoint) unless their source was given in abfss:// form, in which case every URI is
`abfss://CONTAINER@ACCOUNT.dfs.core.windows.net/BLOB`. The emulator's path-style endpoints
(`http://127.0.0.1:10000/ACCOUNT`) keep that form.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

URL_SCHEMES = ("https", "http", "abfss", "abfs")


class LocationError(ValueError):
    """A storage address that cannot be understood."""


@dataclass(frozen=True)
class Endpoint:
    """An account's blob endpoint, and whether URIs are written in abfss:// form."""

    account: str
    blob_url: str  # https://ACCOUNT.blob.core.windows.net, or http://HOST:PORT/ACCOUNT
    abfss_host: str | None = None  # ACCOUNT.dfs.core.windows.net when URIs are abfss://

    def uri(self, container: str, blob: str) -> str:
        escaped = quote(blob, safe="/")
        if self.abfss_host:
            return f"abfss://{container}@{self.abfss_host}/{escaped}"
        return f"{self.blob_url}/{container}/{escaped}"

    @property
    def display(self) -> str:
        """The endpoint as the user gave it (no credentials ever appear in it)."""
        return f"abfss://{self.abfss_host}" if self.abfss_host else self.blob_url


@dataclass(frozen=True)
class ContainerUrl:
    """A container URL from the command line: endpoint, container and blob-name prefix."""

    endpoint: Endpoint
    container: str
    prefix: str


def is_storage_url(text: str) -> bool:
    return "://" in text and urlsplit(text).scheme.lower() in URL_SCHEMES


def parse_endpoint(url: str) -> Endpoint:
    """An account endpoint: https://ACCOUNT.blob.core.windows.net, abfss://ACCOUNT.dfs...,
    or an emulator's http://HOST:PORT/ACCOUNT."""
    parts = urlsplit(url.rstrip("/"))
    if parts.query:
        raise LocationError(
            "the URL holds a query string (a SAS token?): give credentials through the "
            "environment (AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_CONNECTION_STRING), not the URL"
        )
    if parts.scheme.lower() in ("abfss", "abfs"):
        host = parts.hostname or ""
        if "@" in parts.netloc or ".dfs." not in host:
            raise LocationError(f"{url!r}: expected abfss://ACCOUNT.dfs.core.windows.net")
        account = host.split(".", 1)[0]
        return Endpoint(account, "https://" + host.replace(".dfs.", ".blob.", 1), host)
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise LocationError(f"{url!r}: expected https://ACCOUNT.blob.core.windows.net")
    if _path_style(parts.hostname):
        account = parts.path.strip("/").split("/", 1)[0]
        if not account:
            raise LocationError(f"{url!r}: an emulator URL names the account: http://HOST/ACCOUNT")
        return Endpoint(account, f"{parts.scheme}://{parts.netloc}/{account}")
    host = parts.hostname.replace(".dfs.", ".blob.", 1)
    port = f":{parts.port}" if parts.port else ""
    return Endpoint(host.split(".", 1)[0], f"{parts.scheme}://{host}{port}")


def parse_container_url(url: str) -> ContainerUrl:
    """https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX, abfss://CONTAINER@ACCOUNT.dfs.
    core.windows.net/PREFIX, or an emulator's http://HOST:PORT/ACCOUNT/CONTAINER/PREFIX."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("abfss", "abfs"):
        container, _, host = parts.netloc.rpartition("@")
        if not container:
            raise LocationError(f"{url!r}: expected abfss://CONTAINER@ACCOUNT.dfs.core.windows.net")
        endpoint = parse_endpoint(f"{scheme}://{host}" + (f"?{parts.query}" if parts.query else ""))
        return ContainerUrl(endpoint, container, parts.path.lstrip("/"))
    segments = parts.path.lstrip("/").split("/")
    skip = 1 if parts.hostname and _path_style(parts.hostname) else 0
    base = "/".join(segments[:skip])
    query = f"?{parts.query}" if parts.query else ""
    endpoint = parse_endpoint(f"{parts.scheme}://{parts.netloc}/{base}{query}")
    container = segments[skip] if len(segments) > skip else ""
    if not container:
        raise LocationError(f"{url!r} names no container: add /CONTAINER after the account")
    return ContainerUrl(endpoint, container, "/".join(segments[skip + 1 :]))


def _path_style(host: str) -> bool:
    """Emulators and IP addresses put the account in the path, not the host name."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
