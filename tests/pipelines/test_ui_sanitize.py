"""The sample violation fixed from the Dagster UI: sanitize, verify (GX check, Data Docs),
re-point (the `repoint_workload` job), and the workload's boundary check passes; then a look
at the copy's checks page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from classifiers.sanitize.repoint import config_diff, repointed_config
from pipelines.sanitize_assets import CHECK_NAME
from tests.conftest import run_warden
from tests.estate import copy_estate, write_config
from tests.pipelines.test_ui import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPOSITORIES,
    RUN,
    RUN_LOG,
    describe,
    graphql,
    screenshot,
)
from tests.pipelines.webserver import LOCATION, RUNS_START_AT_ONCE, dagster_webserver

pytestmark = pytest.mark.ui

TICKETS, COPY = "sample:support/tickets.jsonl", "sanitized:support/tickets.jsonl"
COPY_KEY = ["sanitized", "support", "tickets_jsonl"]
WORKLOAD_KEY = ["workloads", "support_copilot"]
BOUNDARY_CHECK = "within_boundary"
RUN_TIMEOUT = 600.0
WORKLOADS = """
sanitize:
  output: {output}
workloads:
  - name: support-copilot
    kind: rag-index
    audience: all_employees
    inputs:
      - sample:support/tickets.jsonl
      - sample:rag_corpus/product-faq.md
"""
LAUNCH = """
mutation Launch($selector: JobOrPipelineSelector!, $runConfig: RunConfigData!) {
  launchRun(executionParams: {selector: $selector, runConfigData: $runConfig}) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message stack }
    ... on Error { message }
  }
}"""
RELOAD = """
mutation Reload($name: String!) {
  reloadRepositoryLocation(repositoryLocationName: $name) {
    __typename
    ... on WorkspaceLocationEntry { locationOrLoadError { __typename } }
  }
}"""
METADATA = """
  label
  ... on UrlMetadataEntry { url }
  ... on MarkdownMetadataEntry { mdStr }
  ... on TextMetadataEntry { text }
"""
CHECKS = f"""
query Checks($key: AssetKeyInput!, $name: String!) {{
  assetCheckExecutions(assetKey: $key, checkName: $name, limit: 1) {{
    runId status
    evaluation {{ success severity description metadataEntries {{ {METADATA} }} }}
  }}
}}"""
OBSERVATION = f"""
query Observation($path: [String!]!) {{
  assetOrError(assetKey: {{path: $path}}) {{
    ... on Asset {{ assetObservations(limit: 1) {{ runId metadataEntries {{ {METADATA} }} }} }}
  }}
}}"""
MATERIALIZATION = f"""
query Materialization($path: [String!]!) {{
  assetOrError(assetKey: {{path: $path}}) {{
    ... on Asset {{ assetMaterializations(limit: 1) {{ runId metadataEntries {{ {METADATA} }} }} }}
  }}
}}"""


def launch(base: str, assets: list[list[str]], checks: list[tuple[list[str], str]]) -> str:
    """What the UI's Materialize / Execute check buttons send: the implicit asset job with a
    selection of assets and checks. Returns the run's id once it succeeded."""
    (repository,) = graphql(base, REPOSITORIES)["repositoriesOrError"]["nodes"]
    selector = {
        "repositoryLocationName": LOCATION,
        "repositoryName": repository["name"],
        "jobName": "__ASSET_JOB",
        "assetSelection": [{"path": path} for path in assets],
        "assetCheckSelection": [{"assetKey": {"path": p}, "name": n} for p, n in checks],
    }
    launched = graphql(base, LAUNCH, selector=selector, runConfig={})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = str(launched["run"]["runId"])
    status = wait_for_run(base, run_id)
    if status != "SUCCESS":
        events = graphql(base, RUN_LOG, runId=run_id)["logsForRun"]["events"]
        pytest.fail(f"run {run_id} ended {status}:\n" + "\n".join(map(describe, events)))
    return run_id


def launch_job(base: str, job: str, op_config: dict[str, Any]) -> str:
    """What the Launchpad sends for a job with its one op's config; the run's id once it
    succeeded."""
    (repository,) = graphql(base, REPOSITORIES)["repositoriesOrError"]["nodes"]
    selector = {
        "repositoryLocationName": LOCATION,
        "repositoryName": repository["name"],
        "jobName": job,
    }
    run_config = {"ops": {"repoint_inputs": {"config": op_config}}}
    launched = graphql(base, LAUNCH, selector=selector, runConfig=run_config)
    assert launched["launchRun"]["__typename"] == "LaunchRunSuccess", launched
    run_id = str(launched["launchRun"]["run"]["runId"])
    status = wait_for_run(base, run_id)
    if status != "SUCCESS":
        events = graphql(base, RUN_LOG, runId=run_id)["logsForRun"]["events"]
        pytest.fail(f"run {run_id} ended {status}:\n" + "\n".join(map(describe, events)))
    return run_id


def wait_for_run(base: str, run_id: str) -> str:
    """The run's status once it ended; a sanitize run loads NER and GX in its own process."""
    deadline = time.monotonic() + RUN_TIMEOUT
    status = "UNKNOWN"
    while time.monotonic() < deadline:
        status = str(graphql(base, RUN, runId=run_id)["runOrError"]["status"])
        if status in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(2)
    return status


def last_check(base: str, key: list[str], name: str, run_id: str) -> dict[str, Any]:
    (execution,) = graphql(base, CHECKS, key={"path": key}, name=name)["assetCheckExecutions"]
    assert execution["runId"] == run_id and execution["status"] in {"SUCCEEDED", "FAILED"}
    return dict(execution["evaluation"])


def entries(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["label"]: e.get("url") or e.get("mdStr") or e.get("text") for e in items}


def test_the_sample_violation_is_fixed_from_the_ui(tmp_path: Path) -> None:
    estate = copy_estate(tmp_path / "estate", only=("support", "rag_corpus", "public"))
    output = tmp_path / "copies"
    config = write_config(tmp_path, estate, WORKLOADS.format(output=output.as_posix()))
    scanned = run_warden("scan", "--config", str(config), check=False)
    assert scanned.returncode == 0, scanned.stdout[-4000:] + scanned.stderr[-4000:]
    before = run_warden("boundaries", "--config", str(config), check=False)
    assert before.returncode == 1 and "support-copilot" in before.stdout, before.stdout

    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    ui = tmp_path / "ui"
    with dagster_webserver(ui, config, catalog, instance_extra=RUNS_START_AT_ONCE) as base:
        # Materialize the copy with its GX check, and run the workload's boundary check: fails.
        run_id = launch(base, [COPY_KEY], [(COPY_KEY, CHECK_NAME), (WORKLOAD_KEY, BOUNDARY_CHECK)])
        verified = last_check(base, COPY_KEY, CHECK_NAME, run_id)
        assert verified["success"] and verified["severity"] == "ERROR", verified
        docs = entries(verified["metadataEntries"])["gx/data_docs"]
        assert Path(unquote(urlparse(docs).path)).is_file(), docs
        assert Path(unquote(urlparse(docs).path)).is_relative_to(ui / "dagster_home")
        assert not last_check(base, WORKLOAD_KEY, BOUNDARY_CHECK, run_id)["success"]

        asset = graphql(base, MATERIALIZATION, path=COPY_KEY)["assetOrError"]
        (materialization,) = asset["assetMaterializations"]
        metadata = entries(materialization["metadataEntries"])
        assert metadata["warden/status"] == "verified", metadata
        assert metadata["gx/data_docs"] == docs
        assert (output / "support" / "tickets.jsonl").is_file()
        assert f"+      - {COPY}" in metadata["warden/repoint"], metadata["warden/repoint"]

        # The steward launches `repoint_workload` from the Launchpad with the workload's
        # name: it writes the change the materialization shows; the UI reloads the config.
        shown = config_diff(config, "support-copilot", {TICKETS: COPY})
        assert shown is not None and shown in metadata["warden/repoint"]
        text = config.read_text(encoding="utf-8")
        launch_job(base, "repoint_workload", {"workload": "support-copilot"})
        assert config.read_text(encoding="utf-8") == repointed_config(
            text, "support-copilot", {TICKETS: COPY}
        )
        assert config.with_name(f"{config.name}.bak").read_text(encoding="utf-8") == text
        observed = graphql(base, OBSERVATION, path=WORKLOAD_KEY)["assetOrError"]
        (observation,) = observed["assetObservations"]
        assert (
            shown.split("\n", 2)[2] in entries(observation["metadataEntries"])["warden/repointed"]
        )
        reloaded = graphql(base, RELOAD, name=LOCATION)["reloadRepositoryLocation"]
        assert reloaded["locationOrLoadError"]["__typename"] == "RepositoryLocation", reloaded
        run_id = launch(base, [], [(WORKLOAD_KEY, BOUNDARY_CHECK)])
        within = last_check(base, WORKLOAD_KEY, BOUNDARY_CHECK, run_id)
        assert within["success"] and within["description"] == "within boundary", within
        after = run_warden("boundaries", "--config", str(config), check=False)
        assert after.returncode == 0, after.stdout

        look_at_the_copys_checks(base, tmp_path)


def look_at_the_copys_checks(base: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    graphql(base, "mutation { setNuxSeen }")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(f"{base}/assets/{'/'.join(COPY_KEY)}?view=checks")
            expect(page.get_by_text(CHECK_NAME).first).to_be_visible()
            for text in ("Passed", "gx/data_docs", "expectations_passed"):
                expect(page.get_by_text(text).first).to_be_visible()
            screenshot(page, tmp_path, "ui-sanitized-check.png")
        finally:
            browser.close()
