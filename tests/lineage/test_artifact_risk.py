"""Risks of AI artifacts: code in their pickles, and where and how they are stored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from classifiers.artifacts.report import Verdict
from classifiers.config.workloads import ArtifactPolicyConfig
from classifiers.model import Access
from classifiers.model import Sensitivity as S
from lineage.artifact_risk import artifact_risks
from lineage.evaluate import evaluate
from pipelines.cli_lineage import run_boundaries
from tests.lineage.lineage_rows import artifact, config, dataset

OFF = ArtifactPolicyConfig()
STRICT = ArtifactPolicyConfig(require_encryption_scope=True, require_immutability=True)


def azure(public_access: str = "private", **facts: str) -> Access:
    """Access facts as classifiers/sources/azure_inventory.py records them for a blob."""
    container = {"container": "models", "public_access": public_access,
                 "encryption_scope": "account default", "immutability_policy": "false",
                 "legal_hold": "false", "version_level_immutability": "false"}  # fmt: skip
    container |= facts
    return Access(public=public_access != "private", details=tuple(container.items()))


def kinds(rows: list, policy: ArtifactPolicyConfig = OFF, world: bool = True) -> list[tuple]:
    return [(r.path, r.kind, r.severity) for r in artifact_risks(rows, policy, world)]


def test_a_dangerous_pickle_anywhere_is_an_error_naming_its_imports() -> None:
    rows = [
        artifact("m/evil.pkl", Verdict.DANGEROUS, globals_=("os.system",)),
        artifact("m/odd.pkl", Verdict.SUSPICIOUS, globals_=("mycompany.Scaler",)),
        artifact("m/fine.safetensors"),
        dataset("a.csv", S.GENERAL),
    ]
    [danger, odd] = artifact_risks(rows, OFF, True)
    assert (danger.kind, danger.severity) == ("dangerous_pickle", "ERROR")
    assert "os.system" in danger.reason and danger.owners == ("team:ml",)
    assert (odd.kind, odd.severity) == ("suspicious_pickle", "WARN")


@pytest.mark.parametrize(
    ("access", "world_readable_is_public", "expected"),
    [
        (Access(mode=0o644, world_readable=True), True, [("m/x.gguf", "public_location", "WARN")]),
        (Access(mode=0o644, world_readable=True), False, []),
        (Access(mode=0o600), True, []),
        (Access(public=True), False, [("m/x.gguf", "public_location", "WARN")]),
        (azure("blob"), False, [("m/x.gguf", "public_location", "WARN")]),
        (azure("private"), False, []),
    ],
)
def test_public_or_world_readable_models_are_reported(
    access: Access, world_readable_is_public: bool, expected: list[tuple]
) -> None:
    assert kinds([artifact("m/x.gguf", access=access)], OFF, world_readable_is_public) == expected


def test_a_public_container_reason_names_its_access_level() -> None:
    [risk] = artifact_risks([artifact("m/x.gguf", access=azure("container"))], OFF, False)
    assert "public container (access level 'container')" in risk.reason


def test_a_public_model_trained_on_confidential_data_is_an_error() -> None:
    workloads = """\
  - name: tune
    kind: fine-tuning
    audience: privileged
    inputs: [s:crm/customers.csv]
    outputs: [{artifact: s:m/x.safetensors}]
"""
    rows = [
        dataset("crm/customers.csv", S.CONFIDENTIAL),
        artifact("m/x.safetensors", access=azure("blob")),
    ]
    [risk] = evaluate(config(workloads), rows, date(2026, 12, 6)).artifact_risks
    assert (risk.kind, risk.severity) == ("public_location", "ERROR")
    assert "trained by tune on crm/customers.csv, Confidential" in risk.reason


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, ["no_encryption_scope", "not_immutable"]),
        ({"encryption_scope": "models-cmk"}, ["not_immutable"]),
        ({"blob_encryption_scope": "models-cmk", "legal_hold": "true"}, []),
        ({"version_level_immutability": "true"}, ["no_encryption_scope"]),
    ],
)
def test_azure_models_without_scope_or_immutability_when_the_policy_asks(
    facts: dict[str, str], expected: list[str]
) -> None:
    rows = [artifact("m/x.onnx", access=azure(**facts))]
    assert [k for _, k, _ in kinds(rows, STRICT)] == expected
    assert kinds(rows, OFF) == []  # the policy did not ask


def test_local_models_are_never_judged_by_blob_settings() -> None:
    assert kinds([artifact("m/x.onnx", access=Access(mode=0o600))], STRICT) == []


def test_the_policy_switches_are_read_from_the_config() -> None:
    loaded = config("", "artifacts: {require_encryption_scope: true}\n")
    assert loaded.artifacts.require_encryption_scope and not loaded.artifacts.require_immutability


def test_warden_boundaries_reports_risks_and_fails_the_gate_on_an_error(tmp_path: Path) -> None:
    rows = [artifact("m/evil.pkl", Verdict.DANGEROUS, globals_=("os.system",))]
    report = evaluate(config(""), rows, date(2026, 12, 6))
    console = Console(file=(tmp_path / "out.json").open("w"), width=200)
    assert run_boundaries(console, report, "json") == 1  # no workload violated: the pickle did
    console.file.close()
    [risk] = json.loads((tmp_path / "out.json").read_text())["artifact_risks"]
    assert risk == {"artifact": "s:m/evil.pkl", "kind": "dangerous_pickle", "severity": "ERROR",
                    "reason": "loading it would run code: it imports os.system",
                    "owners": ["team:ml"]}  # fmt: skip
    warn_only = evaluate(config(""), [artifact("m/x.gguf", access=Access(public=True))],
                         date(2026, 12, 6))  # fmt: skip
    assert run_boundaries(Console(file=(tmp_path / "t").open("w")), warn_only, "table") == 0
