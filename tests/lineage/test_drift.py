"""Drift between two versions, as a table of before/after snapshots."""

import pytest

from classifiers.model import Sensitivity as S
from lineage.drift import ReadHealth, VersionSnapshot, drift_events

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


@pytest.mark.parametrize(
    ("was", "now", "expected"),
    [
        (ReadHealth(0, 400), ReadHealth(1, 400), ["unreadable_records"]),
        (ReadHealth(3, 4_000), ReadHealth(30, 4_000), ["unreadable_records"]),
        (ReadHealth(3, 400), ReadHealth(3, 400), []),
        (ReadHealth(3, 400), ReadHealth(1, 400), []),
        (ReadHealth(3, 400), ReadHealth(6, 8_000), []),  # more records, a smaller share
    ],
    ids=["first bad line", "ten times more", "same", "fewer", "smaller share"],
)
def test_a_rise_in_unreadable_records_is_an_event(
    was: ReadHealth, now: ReadHealth, expected: list[str]
) -> None:
    before = VersionSnapshot(1, "ok", S.CONFIDENTIAL, None, BASE.columns, was)
    after = VersionSnapshot(2, "ok", S.CONFIDENTIAL, None, BASE.columns, now)
    events = drift_events("s", "x.jsonl", before, after)
    assert [e.type for e in events] == expected
    for event in events:
        assert (event.before, event.after) == (str(was), str(now))
        assert event.reasons == (f"{now}, was {was}",)


def test_read_health_reads_as_counts() -> None:
    assert str(ReadHealth(3, 4_000)) == "3 of 4,000 records unreadable"
    assert ReadHealth().share == 0.0
