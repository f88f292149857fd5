"""AI artifacts through the CLI and in Dagster: verdicts listed, exported and tagged; models in
the lineage graph with their inherited level and risk checks; the malicious pickle's payload
never runs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import dagster as dg
import pytest

from classifiers.artifacts.report import ArtifactReport, Verdict
from classifiers.catalog.store import CatalogStore
from classifiers.model import StoredObject
from pipelines.catalog.specs import dataset_spec
from pipelines.definitions import build_definitions
from pipelines.keys import dataset_key
from pipelines.lineage.workload_assets import workload_key
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from sample_data._generator import models
from tests.classifiers.artifacts.artifact_files import CANARY, canary_pickle
from tests.conftest import run_warden
from tests.lineage.lineage_rows import write_estate_config


def test_warden_scan_reports_a_malicious_pickle_without_running_it(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "model.pkl").write_bytes(canary_pickle(tmp_path))
    (drop / "weights.pkl").write_bytes(pickle.dumps({"w": [0.5]}, protocol=4))
    (drop / "adapter.safetensors").write_bytes(models.safetensors_bytes({"a": [2, 3]}, {}))
    catalog = f"sqlite:///{tmp_path / 'c.db'}"
    scanned = run_warden("scan", str(drop), "--catalog", catalog, "-q")
    assert "3 artifact" in scanned.stdout
    assert not (tmp_path / CANARY).exists()
    listing = run_warden("catalog", "--catalog", catalog).stdout
    assert "artifact: dangerous" in listing and "system" in listing
    assert "artifact: safe" in listing and "parameters=6" in listing
    out = run_warden("export", "--catalog", catalog, "--format", "jsonl").stdout
    records = {r["dataset"]: r for r in map(json.loads, out.splitlines())}
    danger = records["model.pkl"]
    assert danger["record"] == "artifact" and danger["verdict"] == "dangerous"
    assert set(danger["globals"]) & {"os.system", "posix.system"}
    assert records["adapter.safetensors"]["metadata"]["tensors"] == 1
    assert records["weights.pkl"]["verdict"] == "safe"
    assert not (tmp_path / CANARY).exists()


def test_artifact_assets_carry_risk_format_and_header_metadata(tmp_path: Path) -> None:
    report = ArtifactReport("gguf", Verdict.SAFE, metadata={"architecture": "llama",
                                                          "opset": {"ai.onnx": 17}})  # fmt: skip
    danger = ArtifactReport("pickle", Verdict.DANGEROUS, ("os.system",))
    with CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.ensure_source("lake", "local", "/lake", public=False, owners=[])
        scan = store.start_scan(["lake"], "sample", "polars", "r")
        for path, found in (("m.gguf", report), ("x.pkl", danger)):
            obj = StoredObject("lake", f"file:///lake/{path}", path, 10, 1.0, "f", "model")
            store.record_artifact(scan, obj, found.to_json())
        specs = {d.row.path: dataset_spec(d) for d in store.details()}
    gguf, pickled = specs["m.gguf"], specs["x.pkl"]
    assert (gguf.tags["artifact_risk"], gguf.tags["format"]) == ("safe", "gguf")
    assert "model" in gguf.kinds
    assert gguf.metadata["warden/model/architecture"] == "llama"
    assert gguf.metadata["warden/model/opset"] == dg.MetadataValue.json({"ai.onnx": 17})
    assert pickled.tags["artifact_risk"] == "dangerous"
    assert pickled.metadata["warden/globals"] == dg.MetadataValue.json(["os.system"])


MODEL_WORKLOADS = """\
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [s:support/tickets.csv]
    outputs: [{artifact: "s:models/*.safetensors"}]
  - name: support-assistant
    kind: inference
    audience: all_employees
    inputs: [s:models/adapter.safetensors]
"""


@pytest.mark.slow  # an in-process scan loads the recognizers: about 15 s
def test_models_in_the_asset_graph_inherit_their_level_and_carry_risk_checks(
    tmp_path: Path,
) -> None:
    estate = tmp_path / "estate"
    (estate / "models").mkdir(parents=True)
    (estate / "support").mkdir()
    contacts = "".join(f"{i},write to customer{i}@example.com\n" for i in range(40))
    (estate / "support" / "tickets.csv").write_text("id,note\n" + contacts, encoding="utf-8")
    adapter = models.safetensors_bytes({"lora_a": [4, 8]}, {"base": "tiny"})
    (estate / "models" / "adapter.safetensors").write_bytes(adapter)
    (estate / "models" / "upload.pkl").write_bytes(canary_pickle(tmp_path))
    config = write_estate_config(tmp_path, estate, MODEL_WORKLOADS)
    warden = WardenResource(config_path=str(config), catalog=f"sqlite:///{tmp_path / 'c.db'}")
    dg.materialize([inventory, classification], resources={"warden": warden})
    defs = build_definitions(config, warden.catalog)
    graph = defs.resolve_asset_graph()
    model_key = dataset_key("s", "models/adapter.safetensors")
    finetune, assistant = workload_key("support-finetune"), workload_key("support-assistant")
    # training data -> fine-tuning workload -> model -> serving workload
    assert dataset_key("s", "support/tickets.csv") in graph.get(finetune).parent_keys
    assert finetune in graph.get(model_key).parent_keys
    assert model_key in graph.get(assistant).parent_keys
    model = graph.get(model_key)
    assert "model" in model.kinds
    assert (model.tags["artifact_risk"], model.tags["format"]) == ("safe", "safetensors")
    assert model.tags["sensitivity"] == "Confidential"
    spec = next(s for s in defs.assets or [] if getattr(s, "key", None) == model_key)
    assert isinstance(spec, dg.AssetSpec)
    assert spec.metadata["warden/model/parameters"] == 32
    assert spec.metadata["warden/trained_by"] == dg.MetadataValue.json(["support-finetune"])
    assert "trained by support-finetune on support/tickets.csv, Confidential" in (
        spec.description or ""
    )
    result = defs.resolve_job_def("check_catalog").execute_in_process(
        resources={"warden": warden}, raise_on_error=False
    )
    checks = {
        (e.asset_key.to_user_string(), e.check_name): (e.passed, e.severity)
        for e in result.get_asset_check_evaluations()
    }
    error = dg.AssetCheckSeverity.ERROR
    assert checks[("s/models/upload_pkl", "artifact_risk")] == (False, error)
    assert checks[("s/models/adapter_safetensors", "artifact_risk")][0] is True
    assert checks[("workloads/support_assistant", "within_boundary")] == (False, error)
    assert checks[("workloads/support_finetune", "within_boundary")] == (True, error)
    assert not (tmp_path / CANARY).exists()
