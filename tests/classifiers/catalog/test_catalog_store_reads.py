"""Reading the catalog back: round trips, names, versions and history."""

from dataclasses import replace
from datetime import timedelta

import pytest
from catalog_values import EMAIL, EVIDENCE, PHONE, findings, stored

from classifiers.catalog.store import CatalogStore
from classifiers.model import Access, Coverage, Sensitivity


def _scan(store: CatalogStore) -> int:
    return store.start_scan(["lake"], "sample", "polars", "r1")


def test_record_result_round_trips(store: CatalogStore) -> None:
    scan_id = _scan(store)
    store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    (row,) = store.datasets()
    assert (row.source, row.path, row.uri, row.format, row.kind, row.status) == (
        "lake",
        "crm/people.csv",
        "file:///data/lake/crm/people.csv",
        "csv",
        "dataset",
        "ok",
    )
    assert row.sensitivity is Sensitivity.CONFIDENTIAL
    assert row.entities == ("EMAIL_ADDRESS",)
    assert row.coverage == Coverage(100, 1000, 512, 4096, "sample")
    assert row.access == Access("ana", "data", 0o640, details=(("acl", "none"),))
    assert (row.owners, row.public) == (("ana@x.org",), False)
    assert (row.error, row.deleted_at) == (None, None)
    assert row.scanned_at.tzinfo is not None


def test_dataset_detail_holds_columns_and_evidence(store: CatalogStore) -> None:
    store.record_result(_scan(store), stored(), findings(with_phone=True), "r1", EVIDENCE)
    detail = store.dataset("crm/people.csv")
    assert detail is not None
    assert (detail.reasons, detail.fingerprint, detail.rules_version, detail.document) == (
        ("contact holds emails",),
        "sha-1",
        "r1",
        False,
    )
    contact, note = detail.columns
    assert contact.entities == (EMAIL, PHONE)
    assert contact.entity_types == ("EMAIL_ADDRESS", "PHONE_NUMBER")
    assert (contact.examples, contact.evidence) == (("j***@e***.com",), EVIDENCE["contact"])
    assert (note.undetermined, note.sensitivity, note.evidence) == (True, Sensitivity.PUBLIC, {})


@pytest.mark.parametrize(
    "name", ["crm/people.csv", "lake:crm/people.csv", "file:///data/lake/crm/people.csv"]
)
def test_dataset_is_found_by_path_source_path_or_uri(store: CatalogStore, name: str) -> None:
    store.record_result(_scan(store), stored(), findings(), "r1", EVIDENCE)
    detail = store.dataset(name)
    assert detail is not None and detail.row.path == "crm/people.csv"
    assert store.dataset("lake:missing.csv") is None


def test_a_path_in_two_sources_must_be_qualified(store: CatalogStore) -> None:
    store.ensure_source("share", "local", "/data/share", public=True, owners=[])
    scan_id = _scan(store)
    store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    store.record_result(scan_id, stored(source="share"), findings(Sensitivity.GENERAL), "r1", {})
    with pytest.raises(LookupError, match="source:path"):
        store.dataset("crm/people.csv")
    detail = store.dataset("share:crm/people.csv")
    assert detail is not None and detail.row.sensitivity is Sensitivity.GENERAL
    assert [r.source for r in store.datasets(source="share")] == ["share"]


def test_two_versions_make_a_history_and_the_latest_wins(store: CatalogStore) -> None:
    first = store.record_result(_scan(store), stored(), findings(), "r1", EVIDENCE)
    level = Sensitivity.HIGHLY_CONFIDENTIAL
    latest = findings(level, with_phone=True)
    latest = replace(latest, columns=latest.columns[:1])
    second = store.record_result(_scan(store), stored(fingerprint="sha-2"), latest, "r2", {})
    old, new = store.history("lake", "crm/people.csv")
    assert (old.version_id, new.version_id) == (first, second)
    assert (old.fingerprint, new.fingerprint) == ("sha-1", "sha-2")
    assert (old.sensitivity, new.sensitivity) == (Sensitivity.CONFIDENTIAL, level)
    assert new.entities == ("EMAIL_ADDRESS", "PHONE_NUMBER")
    (row,) = store.datasets()
    assert (row.sensitivity, row.entities) == (level, ("EMAIL_ADDRESS", "PHONE_NUMBER"))
    detail = store.dataset("crm/people.csv")
    assert detail is not None
    assert [c.column for c in detail.columns] == ["contact"]  # the latest version's columns only
    assert detail.rules_version == "r2"


def test_versions_after_gives_latest_versions_oldest_first_in_batches(
    store: CatalogStore,
) -> None:
    scan_id = _scan(store)
    first = store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    other = store.record_result(scan_id, stored("b.csv"), findings(with_phone=True), "r1", {})
    third = store.record_result(scan_id, stored("c.csv"), findings(), "r1", {})
    newer = store.record_result(scan_id, stored(fingerprint="sha-2"), findings(), "r1", {})
    assert [v for v, _ in store.versions_after(0, 10)] == [other, third, newer]  # not `first`
    batch = store.versions_after(0, 2)
    assert [(v, s.row.path) for v, s in batch] == [(other, "b.csv"), (third, "c.csv")]
    assert [v for v, _ in store.versions_after(third, 2)] == [newer]
    assert store.versions_after(newer, 2) == [] and first < other
    (_, summary), *_ = store.versions_after(0, 1)
    assert [c.column for c in summary.columns] == [
        c.column for c in findings(with_phone=True).columns
    ]
    assert summary.columns == store.summaries()[0].columns  # the same as the code location reads


def test_versions_after_stops_before_the_first_unsettled_version(store: CatalogStore) -> None:
    scan_id = _scan(store)
    first = store.record_result(scan_id, stored(), findings(), "r1", EVIDENCE)
    later = store.record_result(scan_id, stored("b.csv"), findings(), "r1", {})
    (created,) = {v.created_at for v in store.history("lake", "crm/people.csv")}
    before = created - timedelta(seconds=1)
    assert store.versions_after(0, 10, settled_before=before) == []  # `later` waits too
    settled = store.versions_after(0, 10, settled_before=created + timedelta(seconds=60))
    assert [v for v, _ in settled] == [first, later]
