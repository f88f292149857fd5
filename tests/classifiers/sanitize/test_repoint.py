"""Re-pointing a workload in the config file: what the CLI prints and the UI's
`repoint_workload` job writes."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from classifiers.catalog.sanitized_store import SanitizedStore
from classifiers.catalog.store import CatalogStore
from classifiers.sanitize.repoint import apply_repoint, config_diff, verified_copies
from pipelines.repoint_job import repoint_workload
from pipelines.resources import WardenResource

CONFIG = """catalog: sqlite:///{catalog}
sources:
  - kind: local
    name: sample
    path: {estate}
workloads:
  - name: support-copilot
    kind: rag-index
    audience: all_employees
    inputs:
      - sample:support/tickets.jsonl
      - sample:rag_corpus/product-faq.md
    exceptions:
      - dataset: sample:support/tickets.jsonl
        reason: pilot
        approver: ciso@example.com
        expires: 2099-12-31
  - name: hr-bot
    kind: inference
    audience: all_employees
    inputs:
      - sample:support/tickets.jsonl
"""
COPIES = {"sample:support/tickets.jsonl": "sanitized:support/tickets.jsonl"}


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "warden.yaml"
    path.write_text(
        CONFIG.format(catalog=(tmp_path / "c.db").as_posix(), estate=tmp_path.as_posix()),
        encoding="utf-8",
    )
    return path


def test_apply_rewrites_only_the_workloads_inputs_and_keeps_a_backup(tmp_path: Path) -> None:
    path = _config(tmp_path)
    before = path.read_text(encoding="utf-8")
    shown = config_diff(path, "support-copilot", COPIES)
    assert apply_repoint(path, "support-copilot", COPIES) == shown
    after = path.read_text(encoding="utf-8")
    assert "      - sanitized:support/tickets.jsonl\n" in after
    assert "      - dataset: sample:support/tickets.jsonl" in after  # exceptions keep names
    assert after.split("hr-bot")[1] == before.split("hr-bot")[1]  # other workloads untouched
    assert (tmp_path / "warden.yaml.bak").read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob(".warden.yaml.*"))  # the staged file was renamed over


def test_nothing_to_replace_leaves_the_file_alone(tmp_path: Path) -> None:
    path = _config(tmp_path)
    before = path.read_text(encoding="utf-8")
    assert apply_repoint(path, "no-such-workload", COPIES) is None
    assert apply_repoint(path, "support-copilot", {"sample:other.csv": "x:y.csv"}) is None
    assert path.read_text(encoding="utf-8") == before
    assert not (tmp_path / "warden.yaml.bak").exists()


def test_only_verified_copies_are_chosen() -> None:
    newest = {"a:1.csv": ("s:1.csv", True), "a:2.csv": ("s:2.csv", False)}
    chosen = verified_copies(["a:1.csv", "a:2.csv", "a:3.csv"], newest.get)
    assert chosen == {"a:1.csv": "s:1.csv"}


def record(tmp_path: Path, copy_ref: str, passed: bool) -> None:
    store = CatalogStore.open(f"sqlite:///{(tmp_path / 'c.db').as_posix()}")
    try:
        SanitizedStore(store).record(
            "sample:support/tickets.jsonl", copy_ref, "uri", passed, 10, {}, {}, None
        )
    finally:
        store.close()


def _run(path: Path, workload: str) -> dg.ExecuteInProcessResult:
    return repoint_workload.execute_in_process(
        run_config={"ops": {"repoint_inputs": {"config": {"workload": workload}}}},
        resources={"warden": WardenResource(config_path=str(path))},
        raise_on_error=False,
    )


def test_the_job_refuses_without_a_verified_copy_then_repoints(tmp_path: Path) -> None:
    path = _config(tmp_path)
    before = path.read_text(encoding="utf-8")
    missing = _run(path, "nobody")
    assert not missing.success
    assert "no workload named 'nobody'" in str(missing.all_events)
    unverified = _run(path, "support-copilot")
    assert not unverified.success and path.read_text(encoding="utf-8") == before
    record(tmp_path, "sanitized:old.jsonl", passed=True)
    record(tmp_path, "sanitized:support/tickets.jsonl", passed=False)  # newest failed
    assert not _run(path, "support-copilot").success  # a failed copy is never offered
    assert path.read_text(encoding="utf-8") == before
    record(tmp_path, "sanitized:support/tickets.jsonl", passed=True)
    done = _run(path, "support-copilot")
    assert done.success
    assert "      - sanitized:support/tickets.jsonl\n" in path.read_text(encoding="utf-8")
    observed = [e for e in done.all_events if e.event_type_value == "ASSET_OBSERVATION"]
    assert observed and "warden/repointed" in str(observed[0].event_specific_data)


@pytest.mark.parametrize("workload", ["hr-bot"])
def test_a_workload_without_exceptions_is_repointed_whole(tmp_path: Path, workload: str) -> None:
    path = _config(tmp_path)
    apply_repoint(path, workload, COPIES)
    block = path.read_text(encoding="utf-8").split("hr-bot")[1]
    assert "sample:support/tickets.jsonl" not in block
