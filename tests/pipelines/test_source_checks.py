"""Above `dagster.dataset_checks_up_to` datasets, one 'classified and current' check per source."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from classifiers.config import ConfigError, config_from_text
from pipelines.catalog.checks import CHECK_NAME, SOURCE_CHECKS_OP
from pipelines.definitions import build_definitions
from pipelines.lineage.artifact_checks import CHECK_NAME as ARTIFACT_CHECK
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from tests.estate import SAMPLE, write_config

SCAN = dg.AssetKey("classification")


def _estate(tmp_path: Path, extra: str) -> tuple[Path, WardenResource]:
    """Source `sample`: two readable CSVs, an unreadable one and a model; `public`: one CSV."""
    root = tmp_path / "estate"
    names = ("finance/payments.csv", "products/catalog.csv", "broken/empty.csv",
             "public/country_stats.csv", "models/churn_model.pkl")  # fmt: skip
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
    config = write_config(tmp_path, root, extra)
    warden = WardenResource(config_path=str(config), catalog=f"sqlite:///{tmp_path / 'c.db'}")
    assert dg.materialize([inventory, classification], resources={"warden": warden}).success
    return root, warden


def _check_results(
    defs: dg.Definitions, warden: WardenResource
) -> dict[dg.AssetCheckKey, dg.AssetCheckEvaluation]:
    result = defs.resolve_job_def("check_catalog").execute_in_process(
        resources={"warden": warden}, raise_on_error=False
    )
    return {
        dg.AssetCheckKey(e.asset_key, e.check_name): e for e in result.get_asset_check_evaluations()
    }


def test_above_the_threshold_each_source_has_one_check(tmp_path: Path) -> None:
    root, warden = _estate(tmp_path, "dagster: {dataset_checks_up_to: 2}\n")
    defs = build_definitions(Path(warden.config_path), warden.catalog)
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    checks = graph.asset_check_keys
    sample = dg.AssetCheckKey(SCAN, f"{CHECK_NAME}_sample")
    public = dg.AssetCheckKey(SCAN, f"{CHECK_NAME}_public")
    assert {sample, public} <= checks
    assert not {k for k in checks if k.name == CHECK_NAME}  # none per dataset
    artifact = {k for k in checks if k.name == ARTIFACT_CHECK}  # artifacts keep theirs
    assert artifact == {dg.AssetCheckKey(dg.AssetKey(["sample", "models", "churn_model_pkl"]),
                                         ARTIFACT_CHECK)}  # fmt: skip

    results = _check_results(defs, warden)
    assert set(results) == checks  # check_catalog runs every check
    assert results[public].passed and results[public].severity == dg.AssetCheckSeverity.WARN
    assert results[public].metadata["datasets"].value == 1
    failed = results[sample]
    assert not failed.passed and failed.severity == dg.AssetCheckSeverity.WARN
    assert "sample/broken/empty_csv" in str(failed.description)
    assert failed.metadata["datasets"].value == 3 and failed.metadata["failing"].value == 1
    table = str(failed.metadata["first_failing"].value)
    assert "sample/broken/empty_csv" in table and "could not read" in table
    assert "payments" not in table

    with (root / "products/catalog.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")  # stale since the scan
    (root / "finance/payments.csv").unlink()  # gone since the scan
    stale = _check_results(defs, warden)[sample]
    assert not stale.passed and stale.metadata["failing"].value == 3
    table = str(stale.metadata["first_failing"].value)
    assert "sample/products/catalog_csv | the object changed since the last scan" in table
    assert "sample/finance/payments_csv | the object is gone since the last scan" in table
    card_number = (SAMPLE / "finance/payments.csv").read_text().splitlines()[1].split(",")[2]
    assert card_number not in str(stale.metadata) + str(stale.description)  # no raw values


def test_up_to_the_threshold_each_dataset_has_its_check(tmp_path: Path) -> None:
    _, warden = _estate(tmp_path, "dagster: {dataset_checks_up_to: 4}\n")
    defs = build_definitions(Path(warden.config_path), warden.catalog)
    checks = defs.resolve_asset_graph().asset_check_keys
    per_dataset = {k.asset_key.to_user_string() for k in checks if k.name == CHECK_NAME}
    assert per_dataset == {"sample/finance/payments_csv", "sample/products/catalog_csv",
                           "sample/broken/empty_csv", "public/country_stats_csv"}  # fmt: skip
    assert not {k for k in checks if k.asset_key == SCAN}
    assert SOURCE_CHECKS_OP not in {n.name for n in defs.resolve_job_def("check_catalog").nodes}
    results = _check_results(defs, warden)
    verdicts = {k.asset_key.to_user_string(): e.passed for k, e in results.items()
                if k.name == CHECK_NAME}  # fmt: skip
    assert verdicts["sample/finance/payments_csv"] is True
    assert verdicts["sample/broken/empty_csv"] is False


def test_the_default_threshold_and_a_bad_value() -> None:
    assert (
        config_from_text("sources: []\n", Path("warden.yaml")).dagster.dataset_checks_up_to
        == 20_000
    )
    text = "sources: []\ndagster:\n  dataset_checks_up_to: -1\n"
    with pytest.raises(ConfigError) as caught:
        config_from_text(text, Path("warden.yaml"))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "warden.yaml", 3, "dagster.dataset_checks_up_to")  # fmt: skip
    assert str(problem).startswith("warden.yaml:3: dagster.dataset_checks_up_to: ")
