"""What every CLI command needs: the config, the catalog URL and the sources to scan."""

from __future__ import annotations

import os
from pathlib import Path

from classifiers.config import (
    LocalSourceConfig,
    WardenConfig,
    ad_hoc_source,
    default_config_path,
    load_config,
)
from classifiers.sources.local import LocalSource

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


def chosen_sources(
    config: WardenConfig, names: list[str] | None, paths: list[Path] | None
) -> tuple[list[LocalSourceConfig], list[str]]:
    """Sources to scan and any problems: ad-hoc paths, or the config's (optionally by name)."""
    if paths:
        sources, taken = [], set()
        for path in paths:
            source = ad_hoc_source(path)
            name, n = source.name, 2
            while name in taken:
                name, n = f"{source.name}-{n}", n + 1
            taken.add(name)
            sources.append(source.model_copy(update={"name": name}))
        return sources, []
    known = {s.name: s for s in config.sources}
    if not names:
        return list(known.values()), []
    missing = [n for n in names if n not in known]
    problems = [f"no source named {n!r} (known: {', '.join(known) or 'none'})" for n in missing]
    return [known[n] for n in names if n in known], problems
