"""The Dagster UI shows the scanned catalog: GraphQL answers, then a look with headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import dagster as dg
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from pipelines.catalog import events
from pipelines.catalog.events import catalog_versions
from pipelines.resources import WardenResource
from tests.conftest import ScannedEstate, run_warden
from tests.estate import SAMPLE, copy_estate, write_config
from tests.pipelines.webserver import LOCATION, REPO, RUNS_START_AT_ONCE, dagster_webserver

pytestmark = pytest.mark.ui

PAYMENTS = ["sample", "finance", "payments_csv"]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright's own download is not used
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
# Screenshots for the README are rewritten only on request, so a test run leaves the tree clean.
DOCS = REPO / "docs" if os.environ.get("WARDEN_UPDATE_DOCS") == "1" else None

DATASET = """
query Dataset($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    __typename
    ... on Asset {
      assetMaterializations(limit: 1) {
        metadataEntries {
          label
          ... on MarkdownMetadataEntry { mdStr }
          ... on TableSchemaMetadataEntry { schema { columns { name type tags { key value } } } }
        }
      }
      definition {
        tags { key value }
        owners { ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
        kinds
        assetChecksOrError { ... on AssetChecks { checks { name } } }
        metadataEntries {
          label
          ... on TextMetadataEntry { text }
          ... on TableSchemaMetadataEntry { schema { columns { name type tags { key value } } } }
        }
      }
    }
  }
}"""
ASSETS = """
{
  assetNodes {
    assetKey { path }
    groupName isMaterializable jobNames kinds
    tags { key value }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}"""
AUTOMATION = """
{
  repositoriesOrError {
    ... on RepositoryConnection {
      nodes { jobs { name } schedules { name cronSchedule } sensors { name } }
    }
  }
}"""
REPOSITORIES = """
{
  repositoriesOrError {
    ... on RepositoryConnection { nodes { name location { name } jobs { name } } }
  }
}"""
LAUNCH = """
mutation Launch($selector: JobOrPipelineSelector!) {
  launchRun(executionParams: {selector: $selector, runConfigData: {}}) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on PythonError { message stack }
    ... on Error { message }
  }
}"""
RUN = """
query Run($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { status } ... on PythonError { message } }
}"""
RUN_LOG = """
query RunLog($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { level stepKey message }
        ... on ErrorEvent { error { message stack causes { message stack } } }
      }
    }
  }
}"""
NEW_DROP = ["sample", "new_drop", "employees_copy_csv"]
RUN_TIMEOUT = 180.0
RELOAD_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def dagster_ui(
    scanned_estate: ScannedEstate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("dagster_ui")
    with dagster_webserver(folder, scanned_estate.config, scanned_estate.catalog) as base:
        report_catalog_versions(
            folder / "dagster_home", scanned_estate.config, scanned_estate.catalog
        )
        yield base


def report_catalog_versions(home: Path, config: Path, catalog: str) -> int:
    """Tick `catalog_versions` against the webserver's instance until it has nothing new and
    store its events as the daemon does (`report_runless_asset_event`); how many there were."""
    warden = WardenResource(config_path=str(config), catalog=catalog)
    reported, cursor = 0, None
    with (
        pytest.MonkeyPatch.context() as patch,
        dg.DagsterInstance.from_config(str(home)) as instance,
    ):
        patch.setattr(events, "SETTLE_S", 0.0)  # the estate was scanned a moment ago
        while True:
            context = dg.build_sensor_context(
                instance=instance, cursor=cursor, resources={"warden": warden}
            )
            result = catalog_versions(context)
            assert isinstance(result, dg.SensorResult)
            if not result.asset_events:
                return reported
            for event in result.asset_events:
                instance.report_runless_asset_event(event)
            reported += len(result.asset_events)
            cursor = result.cursor


def graphql(base: str, query: str, **variables: Any) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(
        f"{base}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    assert not answer.get("errors"), answer["errors"]
    return dict(answer["data"])


def pairs(tags: list[dict[str, str]]) -> dict[str, str]:
    return {t["key"]: t["value"] for t in tags}


def test_a_sensitive_dataset_carries_its_classification(dagster_ui: str) -> None:
    asset = graphql(dagster_ui, DATASET, path=PAYMENTS)["assetOrError"]
    assert asset["__typename"] == "Asset", asset
    definition = asset["definition"]
    tags = pairs(definition["tags"])
    metadata = {m["label"]: m for m in definition["metadataEntries"]}
    error = metadata.get("warden/error", {}).get("text")
    assert tags["sensitivity"] == "Highly_Confidential", error or tags
    assert tags["pii"] == "true" and tags["entity_credit_card"] == "true"
    assert {"team": "data-platform"} in definition["owners"]
    assert {"csv", "local"} <= set(definition["kinds"])
    checks = [c["name"] for c in definition["assetChecksOrError"]["checks"]]
    assert checks == ["classified_and_current"]
    assert "dagster/column_schema" not in metadata  # on the events: catalog_versions
    (latest,) = asset["assetMaterializations"]
    scanned = {m["label"]: m for m in latest["metadataEntries"]}
    assert "| card_number | Highly Confidential |" in scanned["warden/findings"]["mdStr"]
    schema = scanned["dagster/column_schema"]["schema"]
    columns = {c["name"]: pairs(c["tags"]) for c in schema["columns"]}
    assert columns["card_number"]["sensitivity"] == "Highly_Confidential"
    assert 0.5 <= float(columns["card_number"]["CREDIT_CARD"]) <= 1.0
    assert columns["amount"] == {"sensitivity": "General"}


def test_every_catalog_object_is_tagged_and_datasets_are_checked(dagster_ui: str) -> None:
    nodes = graphql(dagster_ui, ASSETS)["assetNodes"]
    objects = [n for n in nodes if n["groupName"] in {"sample", "public"}]
    assert len(objects) > 30
    for node in objects:
        key = "/".join(node["assetKey"]["path"])
        tags = pairs(node["tags"])
        assert {"sensitivity", "pii"} <= tags.keys(), key
        assert not node["isMaterializable"], key
        checks = [c["name"] for c in node["assetChecksOrError"].get("checks", [])]
        expected = ["artifact_risk"] if "model" in node["kinds"] else ["classified_and_current"]
        assert checks == expected, key


def test_the_scan_work_and_its_automation_are_defined(dagster_ui: str) -> None:
    nodes = {"/".join(n["assetKey"]["path"]): n for n in graphql(dagster_ui, ASSETS)["assetNodes"]}
    for name in ("inventory", "classification"):
        assert nodes[name]["isMaterializable"] and "scan_all" in nodes[name]["jobNames"], name
    (repository,) = graphql(dagster_ui, AUTOMATION)["repositoriesOrError"]["nodes"]
    assert "scan_all" in {j["name"] for j in repository["jobs"]}
    schedules = {s["name"]: s["cronSchedule"] for s in repository["schedules"]}
    assert schedules == {"nightly_scan": "0 2 * * *", "full_sweep": "0 3 * * 0"}
    sensors = sorted(s["name"] for s in repository["sensors"])
    assert sensors == [
        "boundary_violations",
        "catalog_versions",
        "new_objects",
        "sensitivity_drift",
    ]


@pytest.fixture(scope="module")
def browser(dagster_ui: str) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    graphql(dagster_ui, "mutation { setNuxSeen }")  # no "join the community" dialog over pages
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def asset_link(page: Page, path: str) -> Locator:
    return page.locator(f'a[href="/assets/{path}"]')


def screenshot(page: Page, tmp_path: Path, name: str) -> None:
    expect(page.get_by_text("Loading")).to_have_count(0)  # status cells fill in after the rows
    page.screenshot(path=tmp_path / name)
    if DOCS is not None:
        DOCS.mkdir(exist_ok=True)
        shutil.copy(tmp_path / name, DOCS / name)


def test_the_catalog_filters_by_sensitivity(dagster_ui: str, page: Page, tmp_path: Path) -> None:
    selection = quote('tag:"sensitivity"="Highly_Confidential"')
    page.goto(f"{dagster_ui}/assets?asset-selection={selection}")
    expect(asset_link(page, "sample/finance/payments_csv")).to_be_visible()
    expect(asset_link(page, "sample/crm/customers_csv")).to_be_visible()
    expect(asset_link(page, "sample/weather/storms_csv")).to_have_count(0)  # General: not shown
    screenshot(page, tmp_path, "ui-catalog.png")


def test_a_dataset_page_shows_its_classes(dagster_ui: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{dagster_ui}/assets/{'/'.join(PAYMENTS)}")
    expect(page.get_by_text("payments_csv").first).to_be_visible()
    for text in ("sensitivity: Highly_Confidential", "entity_credit_card: true", "data-platform",
                 "card_number", "CREDIT_CARD: "):  # fmt: skip
        expect(page.get_by_text(text).first).to_be_visible()
    screenshot(page, tmp_path, "ui-dataset.png")


# Last in the module, and on its own estate, catalog and webserver: it adds a file and scans.
def test_zz_a_scan_launched_from_the_ui_shows_a_new_file_without_a_restart(
    tmp_path: Path,
) -> None:
    estate = copy_estate(tmp_path / "estate", only=("finance", "public"))
    config = write_config(tmp_path, estate)
    first = run_warden("scan", "--config", str(config), check=False)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    catalog = f"sqlite:///{tmp_path / 'catalog.db'}"
    ui = tmp_path / "ui"
    with dagster_webserver(ui, config, catalog, instance_extra=RUNS_START_AT_ONCE) as base:
        assert definition_tags(base, NEW_DROP) is None  # not a file yet
        (repository,) = graphql(base, REPOSITORIES)["repositoriesOrError"]["nodes"]
        assert repository["location"]["name"] == LOCATION
        assert "scan_all" in {j["name"] for j in repository["jobs"]}
        (estate / "new_drop").mkdir()
        shutil.copy(SAMPLE / "hr" / "employees.csv", estate / "new_drop" / "employees_copy.csv")

        selector = {"repositoryLocationName": LOCATION, "repositoryName": repository["name"],
                    "jobName": "scan_all"}  # fmt: skip
        launched = graphql(base, LAUNCH, selector=selector)["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        status = wait_for_run(base, run_id)
        events = graphql(base, RUN_LOG, runId=run_id)["logsForRun"]["events"]
        messages = "\n".join(map(describe, events))
        assert status == "SUCCESS", f"run {run_id} ended {status}:\n{messages}"
        assert "reloaded code location pipelines.definitions" in messages, messages

        tags = wait_for_definition(base, NEW_DROP)
        assert tags is not None, f"{'/'.join(NEW_DROP)} never got a definition:\n{messages}"
        assert tags["sensitivity"] == "Highly_Confidential", tags
        nodes = graphql(base, ASSETS)["assetNodes"]
        assert NEW_DROP in [n["assetKey"]["path"] for n in nodes]


def describe(event: dict[str, Any]) -> str:
    """One line of a run's event log, with the Python error of a failure below it."""
    line = f"{event.get('level')} {event.get('stepKey') or '-'}: {event.get('message')}"
    error = event.get("error")
    for part in [error, *error.get("causes", [])] if error else []:
        line += f"\n  {part['message']}{''.join(part['stack'])}"
    return line


def wait_for_run(base: str, run_id: str) -> str:
    """The run's status once it has ended (or whatever it is when the time is up)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    status = "UNKNOWN"
    while time.monotonic() < deadline:
        run = graphql(base, RUN, runId=run_id)["runOrError"]
        assert run["__typename"] == "Run", run
        status = run["status"]
        if status in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(1)
    return str(status)


def definition_tags(base: str, path: list[str]) -> dict[str, str] | None:
    """The asset's tags if the loaded code location defines it (an unknown key answers Asset
    or AssetNotFoundError, without a definition)."""
    asset = graphql(base, DATASET, path=path)["assetOrError"]
    definition = asset.get("definition") if asset["__typename"] == "Asset" else None
    return pairs(definition["tags"]) if definition else None


def wait_for_definition(base: str, path: list[str]) -> dict[str, str] | None:
    """The asset's tags once the reloaded code location defines it, else None."""
    deadline = time.monotonic() + RELOAD_TIMEOUT
    while (tags := definition_tags(base, path)) is None and time.monotonic() < deadline:
        time.sleep(1)
    return tags
