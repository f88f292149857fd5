"""One scan of a local folder as its own process, for the lease races (run by test_leases.py).

    python race_scan.py CATALOG_URL FOLDER   ->  prints {"scan_id", "statuses", "held_by"}

No NER (pattern recognizers only), so a process starts in about a second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource


def main(url: str, folder: str) -> None:
    rules = scan_rules(WardenConfig.default())
    with CatalogStore.open(url) as store:
        store.ensure_source("lake", "local", folder, public=False, owners=[])
        scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
        report = scanner.scan([LocalSource("lake", Path(folder))])
    outcomes = report.outcomes
    print(json.dumps({
        "scan_id": report.scan_id,
        "statuses": {o.obj.path: o.status for o in outcomes},
        "held_by": {o.obj.path: o.held_by for o in outcomes if o.held_by is not None},
    }))  # fmt: skip


if __name__ == "__main__":
    main(*sys.argv[1:3])
