"""Azure Blob Storage and ADLS Gen2 containers as a source: listing, access facts, ranged reads.

Crawling lists blobs (names, sizes, etags, properties, metadata) and reads each container's
settings, but never a blob's content: the scanner reads only blobs whose etag changed, through
`readable()`, sniffing their format from their first bytes then. A dataset's path is
`CONTAINER/BLOB-NAME`; include/exclude globs apply to blob names within each container.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from azure.core.exceptions import AzureError
from azure.storage.blob import BlobProperties, BlobServiceClient, ContainerProperties

from classifiers.config import AzureBlobSourceConfig
from classifiers.model import Access, StoredObject
from classifiers.readers.base import ReadError
from classifiers.readers.sniff import format_by_name
from classifiers.sources.azure_client import (
    ClientSettings,
    CredentialError,
    client_for_endpoint,
    client_from_connection_string,
    redacted,
)
from classifiers.sources.azure_files import BlobObject
from classifiers.sources.azure_inventory import ContainerFacts, blob_access, container_facts
from classifiers.sources.azure_location import Endpoint, parse_container_url, parse_endpoint
from classifiers.sources.azure_reads import BlobRanges, StorageBreaker
from classifiers.sources.errors import SourceUnavailable
from classifiers.sources.globs import PathFilter
from classifiers.sources.table_folders import ListedFolder, inside, listed_folders

# A container's facts, its blobs, and its table folders (paths `CONTAINER/FOLDER`).
Listed = tuple[ContainerFacts | None, list[BlobProperties], list[ListedFolder]]


@dataclass(frozen=True)
class AzureBlobSource:
    """Blobs of some (or all) containers of one account, under a prefix, matching the globs."""

    name: str
    service: BlobServiceClient = field(repr=False)
    endpoint: Endpoint
    containers: tuple[str, ...] | None = None  # None: every container of the account
    prefix: str = ""
    include: Sequence[str] = ("**/*",)
    exclude: Sequence[str] = ()
    max_blob_bytes: int | None = 64 * 1024 * 1024  # sample mode reads no more of one blob
    concurrency: int = 4
    public: bool = False  # never declared: each container's access level sets Access.public
    breaker: StorageBreaker = field(default_factory=StorageBreaker, repr=False, compare=False)

    @property
    def root(self) -> str:
        """Where the source points, for the catalog: endpoint, containers, prefix; no secrets."""
        containers = ",".join(self.containers) if self.containers else "*"
        return f"{self.endpoint.display}/{containers}/{self.prefix}"

    def crawl(self) -> Iterator[StoredObject]:
        """Every matching blob, container by container in name order, with access facts."""
        for facts, blobs, folders in self._listed(with_facts=True):
            assert facts is not None
            for blob in blobs:
                yield self._stored(facts, blob)
            for folder in folders:  # a Delta table, a vector store: one object, not its blobs
                yield self._folder(facts, folder)

    def listing(self) -> Iterator[tuple[str, int, str]]:
        """(path, size, etag) of every matching blob: one List Blobs call per 5,000 blobs."""
        for _, blobs, folders in self._listed(with_facts=False):
            for blob in blobs:
                yield f"{blob.container}/{blob.name}", blob.size, blob.etag.strip('"')
            for folder in folders:
                yield folder.path, folder.size, folder.fingerprint

    def folder_files(self, obj: StoredObject) -> list[tuple[str, int]]:
        """(name relative to the folder, size) of a table folder's blobs."""
        container, _, folder = obj.path.partition("/")
        client = self.service.get_container_client(container)
        try:
            listed = client.list_blobs(name_starts_with=folder + "/")
            return [(b.name[len(folder) + 1 :], b.size) for b in listed if not _is_directory(b)]
        except AzureError as exc:
            raise ReadError(f"listing the table folder failed: {_first_line(exc)}") from None

    def copy_file(self, obj: StoredObject, name: str, target: Path) -> None:
        """One blob of a table folder, downloaded to `target`."""
        container, _, folder = obj.path.partition("/")
        client = self.service.get_blob_client(container, f"{folder}/{name}")
        self.breaker.check()
        try:
            with target.open("wb") as file:
                client.download_blob(max_concurrency=self.concurrency).readinto(file)
        except AzureError as exc:
            raise ReadError(
                f"copying {name} of the table folder failed: {_first_line(exc)}"
            ) from None

    def readable(self, obj: StoredObject) -> BlobObject:
        """The listed version of a blob (its etag), read by ranges; no request until read."""
        container, _, blob_name = obj.path.partition("/")
        client = self.service.get_blob_client(container, blob_name)
        return BlobObject(
            name=PurePosixPath(blob_name).name,
            size=obj.size,
            fetch=BlobRanges(client, obj.fingerprint, self.breaker, self.concurrency),
            sample_cap=self.max_blob_bytes,
        )

    def _listed(self, with_facts: bool) -> Iterator[Listed]:
        """Containers listed side by side (at most `concurrency` at once), yielded in order."""
        try:
            containers = self._containers()
            with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
                yield from pool.map(lambda c: self._container(c[0], c[1], with_facts), containers)
        except AzureError as exc:
            reason = redacted(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
            raise SourceUnavailable(f"source {self.name!r}: listing failed: {reason}") from None

    def _containers(self) -> list[tuple[str, ContainerProperties | None]]:
        if self.containers is not None:
            return [(name, None) for name in sorted(set(self.containers))]
        return [(c.name, c) for c in self.service.list_containers()]

    def _container(self, name: str, props: ContainerProperties | None, facts: bool) -> Listed:
        client = self.service.get_container_client(name)
        keep = PathFilter(self.include, self.exclude)
        listed = client.list_blobs(name_starts_with=self.prefix or None, include=["metadata"])
        stored = [blob for blob in listed if not _is_directory(blob)]
        folders = listed_folders((b.name, b.size, b.last_modified.timestamp()) for b in stored)
        blobs = [b for b in stored if _is_file(b) and keep(b.name) and not inside(b.name, folders)]
        kept = [replace(f, path=f"{name}/{f.path}") for f in folders if keep(f.path)]
        return (container_facts(client, props) if facts else None), blobs, kept

    def _stored(self, facts: ContainerFacts, blob: BlobProperties) -> StoredObject:
        fmt, compression = format_by_name(blob.name)  # sniffed from content when read
        return StoredObject(
            source=self.name,
            uri=self.endpoint.uri(facts.name, blob.name),
            path=f"{facts.name}/{blob.name}",
            size=blob.size,
            mtime=blob.last_modified.timestamp(),
            fingerprint=blob.etag.strip('"'),  # listings give it bare, properties quoted
            format=fmt,
            compression=compression,
            access=blob_access(facts, blob),
        )

    def _folder(self, facts: ContainerFacts, folder: ListedFolder) -> StoredObject:
        container, _, relative = folder.path.partition("/")
        return StoredObject(
            source=self.name,
            uri=self.endpoint.uri(container, relative),
            path=folder.path,
            size=folder.size,
            mtime=folder.mtime,
            fingerprint=folder.fingerprint,
            format=folder.kind,
            access=Access(public=facts.public, details=facts.details),
            table_version=folder.version,
        )


def _is_file(blob: BlobProperties) -> bool:
    """Not an ADLS Gen2 directory marker, and no hidden name (as local crawls skip them)."""
    if _is_directory(blob):
        return False
    return not any(part.startswith(".") for part in blob.name.split("/"))


def _is_directory(blob: BlobProperties) -> bool:
    return (blob.metadata or {}).get("hdi_isfolder") == "true"


def azure_source(
    config: AzureBlobSourceConfig,
    environ: Mapping[str, str] | None = None,
    settings: ClientSettings | None = None,
) -> AzureBlobSource:
    """A source from its config; credentials come from `environ` (the process environment)."""
    environ = os.environ if environ is None else environ
    settings = settings or ClientSettings()
    if config.connection_string_env is not None:
        connection_string = environ.get(config.connection_string_env)
        if not connection_string:
            raise CredentialError(
                f"source {config.name!r}: environment variable "
                f"{config.connection_string_env} (its connection_string_env) is not set"
            )
        service, endpoint = client_from_connection_string(connection_string, settings)
    else:
        assert config.account_url is not None  # the config checks that one of them is set
        endpoint = parse_endpoint(config.account_url)
        service = client_for_endpoint(endpoint, environ, settings)
    return AzureBlobSource(
        name=config.name,
        service=service,
        endpoint=endpoint,
        containers=tuple(config.containers) if config.containers is not None else None,
        prefix=config.prefix,
        include=tuple(config.include),
        exclude=tuple(config.exclude),
        max_blob_bytes=config.max_blob_bytes,
        concurrency=config.concurrency,
    )


def ad_hoc_container(url: str) -> AzureBlobSourceConfig:
    """A source for a container URL given on the command line (callers make names unique).

    https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX or abfss://CONTAINER@ACCOUNT.dfs.
    core.windows.net/PREFIX; credentials come from the environment, as for azcopy or az.
    """
    location = parse_container_url(url)
    return AzureBlobSourceConfig(
        kind="azure_blob",
        name=location.container,
        account_url=location.endpoint.display,
        containers=[location.container],
        prefix=location.prefix,
        description=f"ad-hoc scan of {url}",
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return redacted(lines[0] if lines else type(exc).__name__)[:300]
