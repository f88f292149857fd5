"""A verified copy uploaded to a container (Azurite); a failed one kept aside there."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.engines.factory import make_engine
from classifiers.rules import scan_rules
from classifiers.sanitize.run import Sanitizer
from classifiers.sanitize.write import FAILED, Location, read_table
from classifiers.scan import Scanner
from tests.azurite import running_azurite
from tests.sanitize_estate import KEY, build_estate, estate_config, scan_estate

pytestmark = pytest.mark.azurite


def test_copies_land_in_a_container(tmp_path: Path) -> None:
    build_estate(tmp_path)
    store = scan_estate(estate_config(tmp_path))
    config = estate_config(tmp_path, operators="{EMAIL_ADDRESS: hash, PHONE_NUMBER: keep}")
    rules = scan_rules(config, "full")
    scanner = Scanner(store, rules, make_engine(config, rules, None))  # type: ignore[arg-type]
    with running_azurite(tmp_path) as azurite:
        container = azurite.client().create_container("copies")
        location = Location(f"{azurite.endpoint}/copies/clean")
        environ = {
            "WARDEN_SANITIZE_KEY": KEY,
            "AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string,
        }
        sanitizer = Sanitizer(store, config, scanner, None, location, environ)
        passed = sanitizer.sanitize("shop:sales/orders.csv")
        failed = sanitizer.sanitize("shop:crm/customers.csv")  # phones kept: fails
        names = {b.name for b in container.list_blobs()}
        data = container.download_blob("clean/sales/orders.csv").readall()
    assert passed.passed and passed.uri == f"{azurite.endpoint}/copies/clean/sales/orders.csv"
    source = read_table(tmp_path / "estate" / "sales" / "orders.csv", "csv")
    assert not any(e.encode() in data for e in source["customer_email"].to_list())
    assert not failed.passed
    assert names == {"clean/sales/orders.csv", f"clean/{FAILED}/crm/customers.csv"}
