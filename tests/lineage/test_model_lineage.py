"""Models inherit the level of their training data; serving one is judged by that level."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from classifiers.config import ConfigError, load_config
from classifiers.model import Sensitivity as S
from lineage.evaluate import evaluate
from lineage.model import DriftEvent, Edge
from lineage.model_lineage import current_levels, model_drift, training_of
from pipelines.sanitize_command import OVER as SANITIZABLE
from sample_data._generator import models
from tests.conftest import run_warden
from tests.lineage.lineage_rows import artifact, config, dataset, write_estate_config

TODAY = date(2026, 12, 6)
FINETUNE = """\
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:support/tickets.jsonl, s:support/faq.md]
    outputs: [{artifact: "s:models/*.safetensors"}]
"""
SERVE = """\
  - name: support-assistant
    kind: inference
    audience: {audience}
    inputs: [s:models/adapter.safetensors]
"""
ROWS = [
    dataset("support/tickets.jsonl", S.HIGHLY_CONFIDENTIAL),
    dataset("support/faq.md", S.GENERAL),
    artifact("models/adapter.safetensors"),
]


def test_a_model_inherits_the_highest_level_of_its_training_data_with_the_reason() -> None:
    report = evaluate(config(FINETUNE + SERVE.format(audience="privileged")), ROWS, TODAY)
    model = report.models["s:models/adapter.safetensors"]
    assert model.level is S.HIGHLY_CONFIDENTIAL
    assert model.reasons == (
        "trained by support-finetune on support/tickets.jsonl, Highly Confidential",
    )
    assert model.workloads == ("support-finetune",)
    assert not report.findings  # privileged may use Highly Confidential models


def test_serving_the_model_to_all_employees_is_a_violation_naming_its_training() -> None:
    report = evaluate(config(FINETUNE + SERVE.format(audience="all_employees")), ROWS, TODAY)
    [finding] = report.violations
    assert (finding.workload, finding.dataset, finding.kind) == (
        "support-assistant", "s:models/adapter.safetensors", "model_above_ceiling")  # fmt: skip
    assert finding.level is S.HIGHLY_CONFIDENTIAL and finding.ceiling is S.GENERAL
    assert "trained by support-finetune on support/tickets.jsonl" in finding.reason
    assert finding.kind not in SANITIZABLE  # retrain on sanitized data; a model is not masked


def test_a_model_trained_on_a_sanitized_copy_takes_the_copy_level() -> None:
    workloads = """\
  - name: sanitize
    kind: rag-index
    audience: privileged
    inputs: [s:support/tickets.jsonl]
    outputs: [{dataset: s:derived/tickets_clean.jsonl, masking: true}]
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:derived/tickets_clean.jsonl]
    outputs: [{artifact: s:models/adapter.safetensors}]
""" + SERVE.format(audience="all_employees")
    rows = [*ROWS, dataset("derived/tickets_clean.jsonl", S.GENERAL)]
    report = evaluate(config(workloads), rows, TODAY)
    model = report.models["s:models/adapter.safetensors"]
    assert model.level is S.GENERAL
    assert "derived/tickets_clean.jsonl (sanitized copy), General" in model.reasons[0]
    assert not report.violations


def test_a_copy_the_sanitizer_recorded_counts_as_sanitized() -> None:
    """`warden sanitize` records an observed masking edge from the original to its copy."""
    workloads = """\
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:derived/tickets_clean.jsonl]
    outputs: [{artifact: s:models/adapter.safetensors}]
"""
    rows = [*ROWS, dataset("derived/tickets_clean.jsonl", S.GENERAL)]
    edge = Edge("s:support/tickets.jsonl", "s:derived/tickets_clean.jsonl", "observed", True)
    report = evaluate(config(workloads), rows, TODAY, [edge])
    [reason] = report.models["s:models/adapter.safetensors"].reasons
    assert (
        reason
        == "trained by support-finetune on derived/tickets_clean.jsonl (sanitized copy), General"
    )


def test_a_sanitized_copy_not_yet_scanned_leaves_the_model_unknown_and_serving_fails_closed() -> (
    None
):
    workloads = """\
  - name: sanitize
    kind: rag-index
    audience: privileged
    inputs: [s:support/tickets.jsonl]
    outputs: [{dataset: s:derived/tickets_clean.jsonl, masking: true}]
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:derived/tickets_clean.jsonl]
    outputs: [{artifact: s:models/adapter.safetensors}]
""" + SERVE.format(audience="all_employees")
    rows = [*ROWS, dataset("derived/tickets_clean.jsonl", None)]
    report = evaluate(config(workloads), rows, TODAY)
    assert report.models["s:models/adapter.safetensors"].level is None
    served = [f for f in report.violations if f.workload == "support-assistant"]
    assert [f.kind for f in served] == ["unscanned"]
    assert "never scanned" in served[0].reason


def test_a_served_model_without_declared_training_fails_closed() -> None:
    report = evaluate(config(SERVE.format(audience="all_employees")), ROWS, TODAY)
    [finding] = report.violations
    assert finding.kind == "unscanned" and "no declared training data" in finding.reason
    assert not report.models


@pytest.mark.parametrize(
    ("outputs", "kind", "message"),
    [
        ('[{artifact: "m:x/*.pt"}]', "inference", "only training and fine-tuning workloads"),
        ('[{artifact: "m:x.pt", dataset: "m:y.csv"}]', "training", "exactly one of dataset"),
        ("[{}]", "training", "exactly one of dataset"),
        ('[{artifact: "m:x.pt", masking: true}]', "training", "not a masking step"),
    ],
)
def test_artifact_outputs_are_checked_with_the_line(outputs: str, kind: str, message: str) -> None:
    text = f"""\
  - name: w
    kind: {kind}
    audience: privileged
    inputs: [s:a.csv]
    outputs: {outputs}
"""
    with pytest.raises(ConfigError, match=message) as caught:
        config(text)
    assert "warden.yaml:" in str(caught.value)


def test_a_level_change_of_the_training_data_is_a_drift_of_the_model() -> None:
    report = evaluate(config(FINETUNE), ROWS, TODAY)
    training = training_of(report.workloads, report.datasets)
    levels = current_levels(report.datasets, report.inherited)
    went_up = DriftEvent("s", "support/tickets.jsonl", "level_up", "General",
                         "Highly Confidential", (), 3, 4)  # fmt: skip
    [event] = model_drift([went_up], training, levels)
    assert (event.source, event.path, event.type) == ("s", "models/adapter.safetensors", "level_up")
    assert (event.before, event.after) == ("General", "Highly Confidential")
    assert "whose level went from General to Highly Confidential" in event.reasons[0]
    # faq.md is not the highest input: its change moves nothing.
    faq = DriftEvent("s", "support/faq.md", "level_up", "Public", "General", (), 1, 2)
    assert model_drift([faq], training, levels) == []


@pytest.mark.slow  # five CLI runs: about 25 s
def test_warden_scan_records_the_model_drift_and_boundaries_show_the_inherited_level(
    tmp_path: Path,
) -> None:
    estate = tmp_path / "estate"
    (estate / "models").mkdir(parents=True)
    (estate / "models" / "adapter.safetensors").write_bytes(
        models.safetensors_bytes({"w": [2, 2]}, {})
    )
    tickets = estate / "tickets.csv"
    tickets.write_text("id,note\n" + "".join(f"{i},ok\n" for i in range(30)), encoding="utf-8")
    path = write_estate_config(tmp_path, estate, """\
  - name: finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:tickets.csv]
    outputs: [{artifact: s:models/adapter.safetensors}]
  - name: assistant
    kind: inference
    audience: all_employees
    inputs: [s:models/adapter.safetensors]
""")  # fmt: skip
    run_warden("scan", "--config", str(path), "-q")
    emails = "".join(f"{i},reach me at person{i}@example.com\n" for i in range(30))
    tickets.write_text("id,note\n" + emails, encoding="utf-8")
    run_warden("scan", "--config", str(path), "-q")
    drift = run_warden("drift", "--config", str(path)).stdout
    assert "models/adapter.safetensors" in drift and "level_up" in drift
    out = run_warden("boundaries", "--config", str(path), "--format", "json", check=False)
    assert out.returncode == 1
    result = json.loads(out.stdout)
    [model] = result["models"]
    assert model["model"] == "s:models/adapter.safetensors"
    assert model["level"] == "Confidential" and model["trained_by"] == ["finetune"]
    [violation] = [f for f in result["findings"] if f["workload"] == "assistant"]
    assert violation["kind"] == "model_above_ceiling"
    assert "trained by finetune on tickets.csv, Confidential" in violation["reason"]
    exported = run_warden("export", "--config", str(path), "--format", "jsonl").stdout
    records = {r["dataset"]: r for r in map(json.loads, exported.splitlines())}
    adapter = records["models/adapter.safetensors"]
    assert (adapter["record"], adapter["verdict"]) == ("artifact", "safe")
    assert adapter["sensitivity"] == "Confidential"
    assert adapter["reasons"] == ["trained by finetune on tickets.csv, Confidential"]


def test_the_default_config_serves_the_sample_adapter_to_all_employees() -> None:
    """`make run`: the adapter fine-tuned on the sample tickets is served over its ceiling."""
    loaded = load_config(Path(__file__).resolve().parents[2] / "warden.yaml")
    rows = [
        dataset("support/tickets.jsonl", S.CONFIDENTIAL, source="sample"),
        artifact("models/support_adapter.safetensors", source="sample"),
    ]
    report = evaluate(loaded, rows, TODAY)
    model = report.models["sample:models/support_adapter.safetensors"]
    assert model.reasons == ("trained by support-finetune on support/tickets.jsonl, Confidential",)
    served = [f for f in report.violations if f.workload == "support-assistant"]
    assert [(f.dataset, f.kind) for f in served] == [
        ("sample:models/support_adapter.safetensors", "model_above_ceiling")
    ]
    assert len(report.workloads) == 7
