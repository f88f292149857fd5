"""Take the leases of many objects at once from one process (run several: test_leases.py).

    python race_leases.py CATALOG_URL SCAN_ID OBJECTS START_AT  ->  prints the paths it won

Every process sleeps until START_AT (a time.time() value) so that they all race together, and
stays alive after printing until its stdin closes: a lease whose process is gone may be taken
over at once, so a racer that finished first and exited would hand its leases to the slowest.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta

from sqlalchemy import Engine

from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.leases import ScanLeases
from classifiers.catalog.store import CatalogStore


def main(url: str, scan_id: str, objects: str, start_at: str) -> None:
    engine: Engine = create_catalog_engine(url)  # migrated by the test: no Alembic here
    leases = ScanLeases(CatalogStore(engine))
    time.sleep(max(0.0, float(start_at) - time.time()))
    won = [
        f"p{i}"
        for i in range(int(objects))
        if leases.take(int(scan_id), "lake", f"p{i}", timedelta(minutes=5)) is None
    ]
    engine.dispose()
    print(json.dumps(won), flush=True)
    sys.stdin.read()  # the test closes it once every racer has printed


if __name__ == "__main__":
    main(*sys.argv[1:5])
