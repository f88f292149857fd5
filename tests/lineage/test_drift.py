"""Drift between two versions, as a table of before/after snapshots."""

import pytest

from classifiers.model import Sensitivity as S
from lineage.drift import VersionSnapshot, drift_events

BASE = VersionSnapshot(1, "ok", S.CONFIDENTIAL, None, {"email": {"EMAIL_ADDRESS": 0.9}, "n": {}})


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (
            VersionSnapshot(
                2, "ok", S.CONFIDENTIAL, None, {"email": {"EMAIL_ADDRESS": 0.95}, "n": {}}
            ),
            [],
        ),
        (
            VersionSnapshot(
                2,
                "ok",
                S.HIGHLY_CONFIDENTIAL,
                None,
                {"email": {"EMAIL_ADDRESS": 0.9}, "n": {"US_SSN": 0.8}},
            ),
            ["level_up", "new_entity"],
        ),
        (
            VersionSnapshot(2, "ok", S.GENERAL, None, {"email": {}, "n": {}}),
            ["level_down", "entity_gone"],
        ),
        (
            VersionSnapshot(
                2,
                "ok",
                S.HIGHLY_CONFIDENTIAL,
                None,
                {"email": {"EMAIL_ADDRESS": 0.9}, "n": {}, "card": {"CREDIT_CARD": 1.0}},
            ),
            ["level_up", "new_entity", "new_sensitive_column"],
        ),
        (
            VersionSnapshot(
                2,
                "ok",
                S.CONFIDENTIAL,
                None,
                {"email": {"EMAIL_ADDRESS": 0.9}, "n": {"EMAIL_ADDRESS": 0.1}},
            ),
            [],
        ),
        (VersionSnapshot(2, "error", None, "ragged rows"), ["scan_error"]),
    ],
    ids=["no change", "ssn appears", "entity gone", "new column", "same type elsewhere", "error"],
)
def test_drift_types(after: VersionSnapshot, expected: list[str]) -> None:
    events = drift_events("s", "x.csv", BASE, after)
    assert sorted(e.type for e in events) == sorted(expected)
    for event in events:
        assert event.reasons and event.to_version == 2 and event.from_version == 1


def test_ratio_jump() -> None:
    before = VersionSnapshot(1, "ok", S.CONFIDENTIAL, None, {"notes": {"EMAIL_ADDRESS": 0.05}})
    after = VersionSnapshot(2, "ok", S.CONFIDENTIAL, None, {"notes": {"EMAIL_ADDRESS": 0.4}})
    (event,) = drift_events("s", "x.csv", before, after)
    assert event.type == "ratio_jump" and event.before == "5%" and event.after == "40%"


def test_errors_repeat_silently_and_keys_are_stable() -> None:
    broken = VersionSnapshot(2, "error", None, "bad")
    assert drift_events("s", "x", broken, VersionSnapshot(3, "error", None, "bad")) == []
    first = drift_events("s", "x", BASE, broken)
    assert [e.key for e in first] == [e.key for e in drift_events("s", "x", BASE, broken)]
