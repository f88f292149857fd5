"""What every CLI command needs: the config, the catalog URL and the sources to scan."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from classifiers.catalog.store import CatalogStore
from classifiers.config import (
    LocalSourceConfig,
    SourceConfig,
    WardenConfig,
    ad_hoc_source,
    default_config_path,
    load_config,
)
from classifiers.sources.azure_location import is_storage_url
from classifiers.sources.local import LocalSource

if TYPE_CHECKING:  # the Azure SDK is imported when a container is scanned, not before
    from classifiers.sources.azure_blob import AzureBlobSource

Source: TypeAlias = "LocalSource | AzureBlobSource"

CATALOG_ENV = "WARDEN_CATALOG"


def load_settings(config_path: Path | None) -> WardenConfig:
    """The named config, else warden.yaml in the working directory, else built-in defaults."""
    path = config_path or default_config_path()
    return load_config(path) if path else WardenConfig.default()


def catalog_url(option: str | None, config: WardenConfig) -> str:
    """--catalog, then $WARDEN_CATALOG, then the config's catalog, then a local SQLite file."""
    url = option or os.environ.get(CATALOG_ENV) or config.catalog
    if url:
        return url
    return f"sqlite:///{(Path.cwd() / 'dagster_home' / 'warden.db').as_posix()}"


def local_source(source: LocalSourceConfig) -> LocalSource:
    return LocalSource(
        source.name, source.path, tuple(source.include), tuple(source.exclude), source.public
    )


def make_source(source: SourceConfig, environ: Mapping[str, str] | None = None) -> Source:
    """The crawler for a configured source; Azure credentials come from the environment."""
    if isinstance(source, LocalSourceConfig):
        return local_source(source)
    from classifiers.sources.azure_blob import azure_source

    return azure_source(source, os.environ if environ is None else environ)


def register_source(store: CatalogStore, config: SourceConfig, source: Source) -> None:
    """Record the source in the catalog: kind, where it points (never a secret), owners."""
    store.ensure_source(config.name, config.kind, str(source.root), source.public, config.owners)


def chosen_sources(
    config: WardenConfig, names: list[str] | None, paths: Sequence[Path | str] | None
) -> tuple[list[SourceConfig], list[str]]:
    """Sources to scan and any problems: ad-hoc paths or container URLs, or the config's."""
    if paths:
        sources: list[SourceConfig] = []
        taken: set[str] = set()
        problems: list[str] = []
        for path in paths:
            try:
                source = _ad_hoc(path)
            except ValueError as exc:  # a container URL that cannot be understood
                problems.append(str(exc))
                continue
            name, n = source.name, 2
            while name in taken:
                name, n = f"{source.name}-{n}", n + 1
            taken.add(name)
            sources.append(source.model_copy(update={"name": name}))
        return sources, problems
    known = {s.name: s for s in config.sources}
    if not names:
        return list(known.values()), []
    missing = [n for n in names if n not in known]
    problems = [f"no source named {n!r} (known: {', '.join(known) or 'none'})" for n in missing]
    return [known[n] for n in names if n in known], problems


def _ad_hoc(target: Path | str) -> SourceConfig:
    """A folder or file, or a container URL (https://ACCOUNT.blob.core.windows.net/C/PREFIX)."""
    text = str(target)
    if not is_storage_url(text):
        return ad_hoc_source(Path(target))
    from classifiers.sources.azure_blob import ad_hoc_container

    return ad_hoc_container(text)
