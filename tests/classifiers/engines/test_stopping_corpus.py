"""Confirmation that stops early decides tables of the evaluation corpus as confirming every
candidate does. The whole dev half is compared by `python -m bench.early_stop_check`; here a
few of its tables, at 1,000 rows so that recognizers have enough candidates to stop."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.evalcorpus import split
from bench.evalcorpus.build import build_table
from bench.evalcorpus.plan import SEED, plan
from bench.evalcorpus.writers import write_table
from bench.ours import classify_file, setup
from classifiers.engines import assemble, tally

pytestmark = pytest.mark.slow  # about a minute on a shared machine

ROWS = 600
FOLDERS = ("customers", "patients", "payments", "id_documents")


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One dev table from each of a few folders (people, health, money, identity papers)."""
    dev = split.tables_of("dev")
    root = tmp_path_factory.mktemp("corpus")
    chosen, seen = [], set()
    for table_plan in plan(SEED):
        folder = table_plan.name.split("/")[0]
        if table_plan.name in dev and folder in FOLDERS and folder not in seen:
            seen.add(folder)
            chosen.append(write_table(root, build_table(table_plan, ROWS)))
    assert chosen
    return chosen


def test_early_stop_decides_as_confirming_every_candidate(
    tables: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sample mode: full mode stops only recognizers whose counts are estimated, which
    tables of 600 rows have none of (`test_stopping`)."""
    ours = setup("sample", None)
    stops: Counter[str] = Counter()
    rescale = tally.Tally.rescale

    def counting(self: tally.Tally, name: str, factor: float) -> None:
        stops[name] += 1
        rescale(self, name, factor)

    monkeypatch.setattr(tally.Tally, "rescale", counting)
    early = {path.name: classify_file(path, ours).found for path in tables}
    monkeypatch.setattr(assemble, "EARLY_STOP", None)
    every = {path.name: classify_file(path, ours).found for path in tables}
    assert early == every
    assert sum(stops.values()) >= 3  # recognizers did stop early: the comparison is not idle
