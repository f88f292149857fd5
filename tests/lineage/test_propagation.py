"""Propagation: derived datasets inherit their parents' level unless the edge masks."""

import pytest

from classifiers.model import Sensitivity as S
from lineage.model import DatasetState, Edge
from lineage.propagation import inherited_levels


def ds(path: str, level: S | None) -> DatasetState:
    status = "ok" if level is not None else "unscanned"
    return DatasetState("s", path, f"file:///d/{path}", level, status, False)


DATASETS = [ds("raw.csv", S.HIGHLY_CONFIDENTIAL), ds("faq.md", S.GENERAL), ds("derived.csv", None),
            ds("sanitized.csv", None), ds("second.csv", None)]  # fmt: skip


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        (
            [
                Edge("s:raw.csv", "workload:t", "declared"),
                Edge("workload:t", "s:derived.csv", "declared"),
            ],
            {"s:derived.csv": S.HIGHLY_CONFIDENTIAL},
        ),
        (
            [
                Edge("s:raw.csv", "workload:m", "declared"),
                Edge("workload:m", "s:sanitized.csv", "declared", masking=True),
            ],
            {},
        ),
        (
            [
                Edge("s:faq.md", "workload:t", "declared"),
                Edge("s:raw.csv", "workload:t", "observed"),
                Edge("workload:t", "s:derived.csv", "observed"),
            ],
            {"s:derived.csv": S.HIGHLY_CONFIDENTIAL},
        ),
        (
            [
                Edge("s:faq.md", "workload:a", "declared"),
                Edge("workload:a", "s:derived.csv", "declared"),
                Edge("s:derived.csv", "workload:b", "declared"),
                Edge("workload:b", "s:second.csv", "declared"),
            ],
            {"s:derived.csv": S.GENERAL, "s:second.csv": S.GENERAL},
        ),
        (
            [
                Edge("s:raw.csv", "workload:t", "declared"),
                Edge("workload:t", "s:faq.md", "declared"),
            ],
            {"s:faq.md": S.HIGHLY_CONFIDENTIAL},
        ),
    ],
    ids=["inherits", "masking blocks", "max of parents", "chains", "scanned keeps own"],
)
def test_inheritance(edges: list[Edge], expected: dict[str, S]) -> None:
    inherited = inherited_levels(edges, DATASETS)
    for ref, level in expected.items():
        assert inherited[ref] == level
    assert "s:sanitized.csv" not in inherited
