"""AzureBlobSource against Azurite: listing, globs, prefix, URIs, access facts, credentials."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from azure.storage.blob import AccessPolicy, ContainerSasPermissions, ContentSettings

from classifiers.config import AzureBlobSourceConfig
from classifiers.model import DataFormat
from classifiers.sources.azure_blob import SourceUnavailable, ad_hoc_container, azure_source
from classifiers.sources.azure_client import ClientSettings, CredentialError
from classifiers.sources.azure_inventory import detail
from classifiers.sources.azure_requests import CONTENT_GET, CountingTransport
from tests.azurite import ACCOUNT_KEY, Azurite, counting_settings, running_azurite

pytestmark = pytest.mark.azurite

FILES = {
    "landing/people.csv": b"id,name\n1,Ann\n",
    "landing/b/events.jsonl": b'{"id": 1}\n{"id": 2}\n',
    "landing/models/churn.pkl": b"\x80\x04\x95not really",
    "landing/.hidden/x.csv": b"id\n1\n",
    "archive/old.csv": b"id\n1\n",
}


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    with running_azurite(tmp_path_factory.mktemp("azurite")) as server:
        service = server.client()
        raw = service.create_container("raw")
        for name, data in FILES.items():
            raw.upload_blob(name, data, metadata={"owner": "crm"},
                            content_settings=ContentSettings(content_type="text/csv"))  # fmt: skip
        shared = service.create_container("shared", public_access="blob")
        expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        policy = AccessPolicy(ContainerSasPermissions(read=True, list=True), expiry=expiry)
        shared.set_container_access_policy({"partners": policy}, public_access="blob")
        shared.upload_blob("open/prices.csv", b"sku,price\nA,1\n")
        shared.upload_blob("dir", b"", metadata={"hdi_isfolder": "true"})  # an ADLS directory
        yield server


def config(**fields: object) -> AzureBlobSourceConfig:
    values: dict[str, object] = {
        "kind": "azure_blob",
        "name": "lake",
        "connection_string_env": "CS",
    }
    return AzureBlobSourceConfig.model_validate(values | fields)  # fmt: skip


def env(server: Azurite) -> dict[str, str]:
    return {"CS": server.connection_string}


def test_crawl_lists_every_container_sorted_without_reading(azurite: Azurite) -> None:
    settings = counting_settings()
    source = azure_source(config(), env(azurite), settings)
    paths = [obj.path for obj in source.crawl()]
    assert paths == [
        "raw/archive/old.csv", "raw/landing/b/events.jsonl", "raw/landing/models/churn.pkl",
        "raw/landing/people.csv", "shared/open/prices.csv",
    ]  # fmt: skip
    tally = cast(CountingTransport, settings.transport).tally
    assert tally.content_gets == 0 and tally.requests["list containers"] == 1


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"containers": ["raw"], "prefix": "landing/"},
         ["raw/landing/b/events.jsonl", "raw/landing/models/churn.pkl", "raw/landing/people.csv"]),
        ({"containers": ["raw"], "include": ["**/*.csv"], "exclude": ["archive/**"]},
         ["raw/landing/people.csv"]),
        ({"containers": ["shared", "raw"], "include": ["*/*.csv"]},
         ["raw/archive/old.csv", "raw/landing/people.csv", "shared/open/prices.csv"]),
    ],
)  # fmt: skip
def test_containers_prefix_and_globs(
    azurite: Azurite, fields: dict[str, object], expected: list[str]
) -> None:
    source = azure_source(config(**fields), env(azurite))
    assert [obj.path for obj in source.crawl()] == expected
    assert [path for path, _, _ in source.listing()] == expected


def test_objects_carry_uri_etag_format_and_blob_facts(azurite: Azurite) -> None:
    source = azure_source(config(containers=["raw"]), env(azurite))
    objects = {obj.path: obj for obj in source.crawl()}
    people = objects["raw/landing/people.csv"]
    blob = azurite.client().get_blob_client("raw", "landing/people.csv").get_blob_properties()
    assert people.uri == f"{azurite.endpoint}/raw/landing/people.csv"
    assert people.fingerprint == blob.etag.strip('"') and people.size == 14
    assert people.mtime == blob.last_modified.timestamp()
    assert (people.format, people.compression) == (DataFormat.CSV, None)
    assert objects["raw/landing/models/churn.pkl"].format == DataFormat.MODEL
    facts = dict(people.access.details)
    md5 = base64.b64encode(hashlib.md5(FILES["landing/people.csv"]).digest()).decode()
    assert facts["content_type"] == "text/csv" and facts["content_md5"] == md5
    assert facts["access_tier"] == "Hot" and facts["metadata.owner"] == "crm"
    assert facts["container"] == "raw" and facts["public_access"] == "private"
    assert not people.access.public
    assert ("raw/landing/people.csv", 14, people.fingerprint) in set(source.listing())


def test_container_access_level_and_policies_are_recorded(azurite: Azurite) -> None:
    source = azure_source(config(containers=["shared"]), env(azurite))
    (prices,) = source.crawl()  # the directory marker is not an object
    assert prices.access.public
    assert detail(prices.access, "public_access") == "blob"
    assert detail(prices.access, "stored_access_policies") == "1: partners(rl)"
    for key in ("encryption_scope", "immutability_policy", "legal_hold"):
        assert detail(prices.access, key), key


def test_listing_reports_etags(azurite: Azurite) -> None:
    source = azure_source(config(containers=["raw"]), env(azurite))
    etags = {path: etag for path, _, etag in source.listing()}
    assert etags == {obj.path: obj.fingerprint for obj in source.crawl()}


def test_account_url_takes_credentials_from_the_environment(azurite: Azurite) -> None:
    url_config = config(connection_string_env=None, account_url=azurite.endpoint,
                        containers=["shared"])  # fmt: skip
    by_key = {"AZURE_STORAGE_KEY": ACCOUNT_KEY, "AZURE_STORAGE_ACCOUNT": "devstoreaccount1"}
    by_string = {"AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string}
    for environ in (by_key, by_string):
        assert [o.path for o in azure_source(url_config, environ).crawl()] == [
            "shared/open/prices.csv"
        ]


def test_ad_hoc_container_url(azurite: Azurite) -> None:
    source_config = ad_hoc_container(f"{azurite.endpoint}/raw/landing/b")
    assert (source_config.name, source_config.containers, source_config.prefix) == (
        "raw", ["raw"], "landing/b"
    )  # fmt: skip
    environ = {"AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string}
    (obj,) = azure_source(source_config, environ).crawl()
    assert obj.path == "raw/landing/b/events.jsonl"


def test_missing_connection_string_variable(azurite: Azurite) -> None:
    with pytest.raises(CredentialError, match=r"CS .* is not set"):
        azure_source(config(), {})


def test_a_missing_container_stops_the_crawl_clearly(azurite: Azurite, tmp_path: Path) -> None:
    source = azure_source(config(containers=["nope"]), env(azurite), ClientSettings(0))
    with pytest.raises(SourceUnavailable, match="listing failed"):
        list(source.crawl())
    assert "AccountKey" not in repr(source)
    assert CONTENT_GET == "get blob content"
