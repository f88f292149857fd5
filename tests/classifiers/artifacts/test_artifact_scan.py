"""The scanner inspects model files it meets and records each report; nothing runs."""

from __future__ import annotations

from pathlib import Path

from artifact_files import CANARY, canary_pickle, joblib_compressed

from classifiers.artifacts.report import Verdict
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource
from sample_data._generator import models


def test_scanner_records_verdicts_and_never_runs_a_payload(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    (root / "evil.pkl").write_bytes(canary_pickle(tmp_path))
    (root / "scaler.joblib").write_bytes(joblib_compressed())
    (root / "llm.gguf").write_bytes(models.gguf_bytes({"general.architecture": "llama"}, {}, []))
    (root / "cut.gguf").write_bytes(b"GGUF\x03\x00")
    rules = scan_rules(WardenConfig.default())
    with CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.ensure_source("s", "local", str(root), False, [])
        scan = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
        outcomes = scan.scan([LocalSource("s", root)]).outcomes
        reports = {row.path: row.artifact for row in store.datasets()}
    assert {o.status for o in outcomes} == {"artifact"}
    assert not (tmp_path / CANARY).exists()
    evil = reports["evil.pkl"]
    assert evil is not None and evil.verdict is Verdict.DANGEROUS
    assert set(evil.globals) & {"os.system", "posix.system"}
    assert reports["scaler.joblib"] is not None
    assert reports["scaler.joblib"].verdict is Verdict.UNKNOWN
    llm, cut = reports["llm.gguf"], reports["cut.gguf"]
    assert llm is not None and llm.metadata["architecture"] == "llama"
    assert cut is not None and cut.verdict is Verdict.UNKNOWN and "truncated" in (cut.error or "")
