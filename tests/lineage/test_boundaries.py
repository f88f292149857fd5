"""Boundary rules as tables: ceilings, fail closed, public locations, exceptions with expiry."""

from datetime import date

import pytest

from classifiers.model import Sensitivity as S
from lineage.boundaries import boundary_findings, ceiling, workload_findings
from lineage.model import BoundaryException, DatasetState, Workload

TODAY = date(2026, 11, 27)


def ds(path: str, level: S | None, status: str = "ok", public: bool = False) -> DatasetState:
    return DatasetState("s", path, f"file:///data/{path}", level, status, public, ("team:data",))


DATASETS = [
    ds("faq.md", S.GENERAL),
    ds("open/prices.csv", S.PUBLIC, public=True),
    ds("tickets.jsonl", S.CONFIDENTIAL),
    ds("cards.csv", S.HIGHLY_CONFIDENTIAL),
    ds("shared/cards.csv", S.HIGHLY_CONFIDENTIAL, public=True),
    ds("broken.csv", None, status="error"),
    ds("new.csv", None, status="unscanned"),
]


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("public", S.PUBLIC),
        ("all_employees", S.GENERAL),
        ("restricted:finance", S.CONFIDENTIAL),
        ("privileged", S.HIGHLY_CONFIDENTIAL),
    ],
)
def test_ceilings(audience: str, expected: S) -> None:
    assert ceiling(audience) == expected


@pytest.mark.parametrize(
    ("audience", "inputs", "expected_kinds"),
    [
        ("public", ["s:open/*"], []),
        ("public", ["s:faq.md"], ["above_ceiling"]),
        ("all_employees", ["s:faq.md"], []),
        ("all_employees", ["s:tickets.jsonl"], ["above_ceiling"]),
        ("restricted:support", ["s:tickets.jsonl"], []),
        ("restricted:support", ["s:cards.csv"], ["above_ceiling"]),
        ("privileged", ["s:cards.csv"], []),
        ("privileged", ["s:shared/cards.csv"], ["public_location"]),
        ("privileged", ["s:broken.csv"], ["unscanned"]),
        ("privileged", ["s:new.csv"], ["unscanned"]),
        ("privileged", ["s:nothing/*.csv"], ["no_match"]),
        ("all_employees", ["s:*.csv"], ["above_ceiling", "unscanned", "unscanned"]),
        ("privileged", ["file:///data/cards.csv"], []),
        ("public", ["file:///data/open/*"], []),
    ],
)
def test_boundary_rules(audience: str, inputs: list[str], expected_kinds: list[str]) -> None:
    workload = Workload("w", "rag-index", audience, ("ana@example.com",), tuple(inputs))
    findings = workload_findings(workload, DATASETS, TODAY)
    assert sorted(f.kind for f in findings) == sorted(expected_kinds)
    for finding in findings:
        assert finding.reason and finding.ceiling == ceiling(audience)
        assert "ana@example.com" in finding.owners


@pytest.mark.parametrize(
    ("expires", "accepted"),
    [(date(2026, 12, 31), True), (TODAY, True), (date(2026, 11, 26), False)],
)
def test_exceptions_accept_a_risk_until_they_expire(expires: date, accepted: bool) -> None:
    exception = BoundaryException("s:tickets.jsonl", "pilot", "ciso@example.com", expires)
    workload = Workload("w", "grounding", "all_employees", (), ("s:tickets.jsonl",),
                        exceptions=(exception,))  # fmt: skip
    (finding,) = workload_findings(workload, DATASETS, TODAY)
    assert finding.accepted is accepted
    assert (finding.exception is not None) is accepted
    if not accepted:
        assert "expired on 2026-11-26" in finding.reason


def test_unscanned_derived_dataset_takes_its_inherited_level() -> None:
    workload = Workload("w", "training", "all_employees", (), ("s:new.csv",))
    (finding,) = workload_findings(
        workload, DATASETS, TODAY, inherited={"s:new.csv": S.CONFIDENTIAL}
    )
    assert finding.kind == "above_ceiling" and finding.level == S.CONFIDENTIAL


def test_keys_are_stable_and_distinct() -> None:
    workloads = [Workload("a", "training", "public", (), ("s:*",)),
                 Workload("b", "training", "public", (), ("s:*",))]  # fmt: skip
    findings = boundary_findings(workloads, DATASETS, TODAY)
    keys = [f.key for f in findings]
    assert len(keys) == len(set(keys))
    assert keys == [f.key for f in boundary_findings(workloads, DATASETS, TODAY)]
