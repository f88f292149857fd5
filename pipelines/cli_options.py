"""The options several `warden` commands share, light enough to import for `--help`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# The variable naming the catalog database (`pipelines.settings` reads it; a test checks
# both say the same): defined here too so that `warden --help` need not import the settings.
CATALOG_ENV = "WARDEN_CATALOG"

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Config file (default: ./warden.yaml if present).",
        exists=True,
        dir_okay=False,
    ),
]
CatalogOption = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        envvar=CATALOG_ENV,
        metavar="URL|FILE",
        help="Catalog database URL (SQLAlchemy), e.g. sqlite:///warden.db, or a SQLite file's "
        "path. Default: the config's `catalog`, else ./dagster_home/warden.db.",
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Judge exceptions' expiry as of this day."),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="table|json", help="Output format.")
]
