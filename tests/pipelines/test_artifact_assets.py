"""AI artifacts through the CLI and in Dagster: verdicts listed, exported and tagged; the
malicious pickle's payload never runs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import dagster as dg

from classifiers.artifacts.report import ArtifactReport, Verdict
from classifiers.catalog.store import CatalogStore
from classifiers.model import StoredObject
from pipelines.catalog.specs import dataset_spec
from sample_data._generator import models
from tests.classifiers.artifacts.artifact_files import CANARY, canary_pickle
from tests.conftest import run_warden


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
