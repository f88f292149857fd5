"""The Dagster resource that gives assets, sensors and checks the config and the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig, load_config
from classifiers.nlp import load_ner
from pipelines.settings import Source, catalog_url, make_source, register_source

if TYPE_CHECKING:
    from classifiers.scan import Scanner


class WardenResource(dg.ConfigurableResource):
    """Where the config and the catalog are. Heavy things (NER, engines) are made per call."""

    config_path: str
    catalog: str | None = None  # SQLAlchemy URL; default: the config's, else dagster_home/

    def config(self) -> WardenConfig:
        return load_config(Path(self.config_path))

    def store(self) -> CatalogStore:
        return CatalogStore.open(catalog_url(self.catalog, self.config()))

    def sources(self, names: list[str] | None = None) -> list[Source]:
        chosen = [s for s in self.config().sources if not names or s.name in names]
        return [make_source(s) for s in chosen]

    def scanner(self, store: CatalogStore, mode: str | None = None) -> Scanner:
        # The scanner's modules load here, in a run, not when the code location loads.
        from classifiers.engines.factory import make_engine
        from classifiers.rules import scan_rules
        from classifiers.scan import Scanner

        config = self.config()
        rules = scan_rules(config, mode)
        for source in config.sources:
            register_source(store, source, make_source(source))
        engine = make_engine(config, rules, load_ner(background=True))
        return Scanner(store, rules, engine)  # type: ignore[arg-type]  # until Scanner takes Engine
