"""`warden sanitize` and the sanitized assets: violation -> copy -> re-point -> within ceiling."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from classifiers.catalog.store import CatalogStore
from classifiers.config import load_config
from classifiers.sanitize.repoint import repointed_config
from lineage.evaluate import evaluate
from pipelines.cli import app
from pipelines.definitions import build_definitions
from pipelines.resources import WardenResource
from pipelines.sanitize_assets import CHECK_NAME, sanitize_definitions
from tests.estate import REPO, copy_estate
from tests.sanitize_estate import KEY, build_estate, estate_config, scan_estate

runner = CliRunner()
COPIES = {
    "shop:crm/customers.csv": "sanitized:crm/customers.csv",
    "shop:sales/orders.csv": "sanitized:sales/orders.csv",
}


def test_sanitize_for_workload_then_the_boundary_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_estate(tmp_path)
    scan_estate(estate_config(tmp_path)).close()
    config = tmp_path / "warden.yaml"
    env = {"COLUMNS": "200", "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    before = runner.invoke(app, ["boundaries", "-c", str(config), "-f", "json"], env=env)
    assert before.exit_code == 1 and '"workload": "support-bot"' in before.output

    refused = runner.invoke(app, ["sanitize", "--for-workload", "support-bot", "-c", str(config)],
                            env={**env, "WARDEN_SANITIZE_KEY": ""})  # fmt: skip
    assert refused.exit_code == 2 and "WARDEN_SANITIZE_KEY" in refused.output

    args = ["sanitize", "--for-workload", "support-bot", "-c", str(config)]
    done = runner.invoke(app, args, env={**env, "WARDEN_SANITIZE_KEY": KEY})
    assert done.exit_code == 0, done.output
    for source, copy in COPIES.items():
        assert f"verified {source} -> {copy}" in done.output
        assert f"+      - {copy}" in done.output  # the printed config change
    docs = tmp_path / "dagster_home" / "gx_docs" / "sanitized"
    for site in (docs / "crm" / "customers_csv", docs / "sales" / "orders_csv"):
        assert (site / "index.html").is_file()  # each copy its own site
        (made_page,) = (site / "validations").rglob("*.html")  # the run's own page, printed
        assert f"Data Docs: {made_page.as_uri()}" in done.output.replace("\n", "")  # wrapped

    # Dagster: the copies are assets with an ERROR check running the GX suite.
    monkeypatch.setenv("WARDEN_SANITIZE_KEY", KEY)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    settings = load_config(config)
    assert settings.catalog is not None
    store = CatalogStore.open(settings.catalog)
    report = evaluate(settings, store.datasets(), date.today())
    found = sanitize_definitions(store, settings, report)
    store.close()
    keys = {
        dg.AssetKey(["sanitized", "crm", "customers_csv"]),
        dg.AssetKey(["sanitized", "sales", "orders_csv"]),
    }
    assert found.keys == keys
    warden = WardenResource(config_path=str(config), catalog=settings.catalog)
    result = dg.materialize([*found.assets, *found.checks], resources={"warden": warden})
    assert result.success
    events = result.get_asset_materialization_events()
    assert {e.asset_key for e in events} == keys
    made = {}
    for event in events:
        metadata = event.materialization.metadata
        assert metadata["warden/status"].value == "verified"
        made[event.asset_key] = metadata["gx/validation_result"].value
        assert "+      - sanitized:" in str(metadata["warden/repoint"].value)
    checks = result.get_asset_check_evaluations()
    assert {c.asset_key for c in checks} == keys
    for check in checks:
        assert check.check_name == CHECK_NAME and check.passed
        assert check.severity == dg.AssetCheckSeverity.ERROR
        site = docs.joinpath(*check.asset_key.path[1:])
        assert check.metadata["gx/data_docs"].value == (site / "index.html").as_uri()
        # the check's own page, beside (not over) the materialization's and the CLI's
        page = str(check.metadata["gx/validation_result"].value)
        assert page != made[check.asset_key] and page.startswith(site.as_uri())
        pages = sorted((site / "validations").rglob("*.html"))
        assert len(pages) == 3 and {made[check.asset_key], page} < {p.as_uri() for p in pages}
    # --apply writes the change it prints into the config (the old file kept beside it).
    text = config.read_text(encoding="utf-8")
    applied = runner.invoke(app, [*args, "--apply"], env={**env, "WARDEN_SANITIZE_KEY": KEY})
    assert applied.exit_code == 0 and "re-pointed support-bot" in applied.output, applied.output
    assert config.read_text(encoding="utf-8") == repointed_config(text, "support-bot", COPIES)
    assert config.with_name("warden.yaml.bak").read_text(encoding="utf-8") == text
    after = runner.invoke(app, ["boundaries", "-c", str(config)], env=env)
    assert after.exit_code == 0, after.output

    defs = build_definitions(config)  # the copies replace their catalog specs: no clash
    repository = defs.get_repository_def()
    assert keys <= set(repository.asset_graph.get_all_asset_keys())


def _violations(output: str, workload: str) -> list[dict[str, object]]:
    document = json.loads(output[output.index("{") :])
    return [
        f for f in document["findings"] if f["workload"] == workload and f["status"] == "violation"
    ]


def test_the_sample_estates_violation_is_fixed_from_the_cli(tmp_path: Path) -> None:
    """The sample estate and warden.yaml as shipped (its paths are relative to it): scan,
    the support copilot is over its ceiling, `sanitize --for-workload --apply`, within it."""
    copy_estate(tmp_path / "sample_data")
    shutil.copy(REPO / "warden.yaml", tmp_path / "warden.yaml")
    config = str(tmp_path / "warden.yaml")
    env = {"COLUMNS": "200", "DAGSTER_HOME": str(tmp_path / "dagster_home"),
           "WARDEN_SANITIZE_KEY": KEY}  # fmt: skip
    scanned = runner.invoke(app, ["scan", "-c", config], env=env)
    assert scanned.exit_code == 0, scanned.output
    before = runner.invoke(app, ["boundaries", "-c", config, "-f", "json"], env=env)
    assert before.exit_code == 1, before.output
    over = _violations(before.output, "support-copilot")
    assert {f["dataset"] for f in over} == {"sample:support/tickets.jsonl"}, over

    args = ["sanitize", "--for-workload", "support-copilot", "--apply", "-c", config]
    fixed = runner.invoke(app, args, env=env)
    assert fixed.exit_code == 0, fixed.output
    assert "verified sample:support/tickets.jsonl -> sanitized:support/tickets.jsonl" in (
        fixed.output
    )
    assert "re-pointed support-copilot" in fixed.output
    assert (tmp_path / "sanitized" / "support" / "tickets.jsonl").is_file()
    text = (tmp_path / "warden.yaml").read_text(encoding="utf-8")
    assert "      - sanitized:support/tickets.jsonl\n" in text

    after = runner.invoke(app, ["boundaries", "-c", config, "-f", "json"], env=env)
    assert _violations(after.output, "support-copilot") == [], after.output
    # It reads the verified copy, catalogued at General, where it read the tickets.
    settings = load_config(tmp_path / "warden.yaml")
    (workload,) = [w for w in settings.workloads if w.name == "support-copilot"]
    assert "sanitized:support/tickets.jsonl" in workload.inputs
    assert "sample:support/tickets.jsonl" not in workload.inputs
    assert settings.catalog is not None
    store = CatalogStore.open(settings.catalog)
    try:
        copy = store.dataset("sanitized:support/tickets.jsonl")
    finally:
        store.close()
    assert copy is not None and copy.row.sensitivity is not None
    assert copy.row.sensitivity.label == "General"
