"""The sample estate's models in the real Dagster webserver: the fine-tuned adapter inherits the
level of the tickets it was trained on, and serving it to all employees fails its boundary
check in a run launched from the UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.estate import copy_estate, write_config
from tests.pipelines.test_cli import run_warden
from tests.pipelines.test_ui import (
    LAUNCH,
    REPOSITORIES,
    RUN_LOG,
    describe,
    graphql,
    pairs,
    wait_for_run,
)
from tests.pipelines.webserver import LOCATION, RUNS_START_AT_ONCE, dagster_webserver

pytestmark = pytest.mark.ui

# The sample config's two model workloads, on the estate's `sample` source.
WORKLOADS = """workloads:
  - name: support-finetune
    kind: fine-tuning
    audience: privileged
    inputs: [sample:support/tickets.jsonl]
    outputs: [{artifact: "sample:models/support_adapter.safetensors"}]
  - name: support-assistant
    kind: inference
    audience: all_employees
    inputs: [sample:models/support_adapter.safetensors]
"""
MODEL = ["sample", "models", "support_adapter_safetensors"]
ASSISTANT = ["workloads", "support_assistant"]
MODEL_QUERY = """
query Model($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    ... on Asset { definition { description tags { key value } dependencyKeys { path } } }
  }
}"""
CHECKS = """
query Checks($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    ... on Asset {
      definition {
        dependencyKeys { path }
        assetChecksOrError {
          ... on AssetChecks {
            checks {
              name
              executionForLatestMaterialization { status evaluation { success severity } }
            }
          }
        }
      }
    }
  }
}"""


def test_a_served_model_inherits_its_training_level_and_breaks_the_boundary(
    tmp_path: Path,
) -> None:
    estate = copy_estate(tmp_path / "estate", only=("support", "models", "public"))
    config = write_config(tmp_path, estate, WORKLOADS)
    scanned = run_warden("scan", "--config", str(config), check=False)
    assert scanned.returncode == 0, scanned.stdout[-4000:] + scanned.stderr[-4000:]
    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    ui = tmp_path / "ui"
    with dagster_webserver(ui, config, catalog, instance_extra=RUNS_START_AT_ONCE) as base:
        model = graphql(base, MODEL_QUERY, path=MODEL)["assetOrError"]["definition"]
        tags = pairs(model["tags"])
        assert (tags["sensitivity"], tags["format"], tags["artifact_risk"]) == (
            "Confidential", "safetensors", "safe",
        )  # fmt: skip
        assert "trained by support-finetune on support/tickets.jsonl, Confidential" in (
            model["description"] or ""
        ), model["description"]
        assert ["workloads", "support_finetune"] in [d["path"] for d in model["dependencyKeys"]]

        (repository,) = graphql(base, REPOSITORIES)["repositoriesOrError"]["nodes"]
        selector = {"repositoryLocationName": LOCATION, "repositoryName": repository["name"],
                    "jobName": "check_catalog"}  # fmt: skip
        launched = graphql(base, LAUNCH, selector=selector)["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        status = wait_for_run(base, run_id)
        events = graphql(base, RUN_LOG, runId=run_id)["logsForRun"]["events"]
        log = "\n".join(map(describe, events))
        # The run fails: an ERROR-severity check failed (and the untrusted pickle is one too).
        assert status in {"SUCCESS", "FAILURE"}, f"run {run_id} ended {status}:\n{log}"

        assistant = graphql(base, CHECKS, path=ASSISTANT)["assetOrError"]["definition"]
        assert MODEL in [d["path"] for d in assistant["dependencyKeys"]]
        checks = {c["name"]: c for c in assistant["assetChecksOrError"]["checks"]}
        latest = checks["within_boundary"]["executionForLatestMaterialization"]
        assert latest is not None, log
        assert latest["evaluation"] == {"success": False, "severity": "ERROR"}, latest
