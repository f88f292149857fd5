"""The Dagster definitions in process: loadable, scan assets, sensor cursor, freshness check."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.model import (
    ColumnFinding,
    Coverage,
    DatasetFindings,
    EntityFinding,
    Sensitivity,
    StoredObject,
)
from pipelines.catalog import events
from pipelines.catalog.checks import CHECK_NAME, freshness_problem
from pipelines.catalog.events import catalog_versions, version_events
from pipelines.catalog.specs import dataset_spec
from pipelines.definitions import build_definitions
from pipelines.keys import dataset_key
from pipelines.lineage.artifact_checks import CHECK_NAME as ARTIFACT_CHECK
from pipelines.lineage.sensors import boundary_violations, sensitivity_drift
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from pipelines.scanning.sensors import new_objects
from tests.conftest import ScannedEstate
from tests.estate import SAMPLE, write_config


def test_definitions_load_with_every_catalog_object(scanned_estate: ScannedEstate) -> None:
    defs = build_definitions(scanned_estate.config, scanned_estate.catalog)
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "inventory",
        "classification",
        "sample/finance/payments_csv",
        "sample/models/churn_model_pkl",
        "public/country_stats_csv",
    } <= keys
    spec = graph.get(dg.AssetKey(["sample", "finance", "payments_csv"]))
    assert spec.tags["sensitivity"] == "Highly_Confidential"
    assert spec.tags["entity_credit_card"] == "true" and spec.tags["pii"] == "true"
    assert "team:data-platform" in spec.owners and "csv" in spec.kinds
    # What each scan finds is on the asset's events (catalog_versions), not its definition.
    assert not {"dagster/column_schema", "warden/findings"} & spec.metadata.keys()
    upload = graph.get(dg.AssetKey(["sample", "models", "untrusted_upload_pkl"]))
    assert upload.tags["artifact_risk"] == "dangerous" and upload.tags["format"] == "pickle"
    assert "model" in upload.kinds
    llm = graph.get(dg.AssetKey(["sample", "models", "support_llm_gguf"]))
    assert llm.metadata["warden/model/architecture"] == "llama"
    assert defs.resolve_job_def("scan_all") is not None
    assert {s.name for s in defs.schedules} == {"nightly_scan", "full_sweep"}
    assert {s.name for s in defs.sensors} == {
        "new_objects",
        "catalog_versions",
        "sensitivity_drift",
        "boundary_violations",
    }
    check_keys = {k.name for k in graph.asset_check_keys}
    assert check_keys == {CHECK_NAME, ARTIFACT_CHECK}  # every AI artifact has a risk check
    assert dg.AssetCheckKey(upload.key, ARTIFACT_CHECK) in graph.asset_check_keys


@pytest.fixture
def small_estate(tmp_path: Path) -> tuple[Path, WardenResource]:
    root = tmp_path / "estate"
    for name in ("finance/payments.csv", "products/catalog.csv", "broken/empty.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
    (root / "public").mkdir()
    shutil.copy(SAMPLE / "public/country_stats.csv", root / "public/country_stats.csv")
    config = write_config(tmp_path, root)
    return root, WardenResource(config_path=str(config), catalog=f"sqlite:///{tmp_path / 'c.db'}")


def test_scan_assets_materialize_and_record_observations(
    small_estate: tuple[Path, WardenResource],
) -> None:
    _, warden = small_estate
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [inventory, classification], resources={"warden": warden}, instance=instance
    )
    assert result.success
    meta = result.asset_materializations_for_node("classification")[0].metadata
    assert meta["scanned"].value == 3 and meta["error"].value == 1
    key = dataset_key("sample", "finance/payments.csv")
    observations = instance.fetch_observations(key, limit=10).records
    assert observations, "each scanned dataset gets an observation for its plots"
    recorded = observations[0].asset_observation.metadata
    assert recorded["sensitivity_level"].value == 3 and recorded["rows_read"].value > 0
    assert {r.path for r in warden.store().datasets("sample")} >= {"finance/payments.csv"}


def test_new_objects_sensor_requests_a_scan_only_on_change(
    small_estate: tuple[Path, WardenResource],
) -> None:
    root, warden = small_estate
    first = new_objects(dg.build_sensor_context(cursor=None, resources={"warden": warden}))
    assert len(first.run_requests or []) == 1
    cursor = first.cursor
    again = new_objects(dg.build_sensor_context(cursor=cursor, resources={"warden": warden}))
    assert not again.run_requests and again.cursor == cursor
    shutil.copy(SAMPLE / "hr/employees.csv", root / "employees.csv")
    changed = new_objects(dg.build_sensor_context(cursor=cursor, resources={"warden": warden}))
    assert len(changed.run_requests or []) == 1 and changed.cursor != cursor


def test_freshness_check_fails_on_errors_and_changes(
    small_estate: tuple[Path, WardenResource],
) -> None:
    root, warden = small_estate
    dg.materialize([inventory, classification], resources={"warden": warden})
    store: CatalogStore = warden.store()
    rows = {r.path: r for r in store.datasets("sample")}
    assert (
        freshness_problem(store, "sample", "finance/payments.csv", rows["finance/payments.csv"].uri)
        is None
    )
    problem = freshness_problem(store, "sample", "broken/empty.csv", rows["broken/empty.csv"].uri)
    assert problem and "could not read" in problem
    with (root / "finance/payments.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    problem = freshness_problem(
        store, "sample", "finance/payments.csv", rows["finance/payments.csv"].uri
    )
    assert problem == "the object changed since the last scan"


def test_checks_run_against_the_catalog(small_estate: tuple[Path, WardenResource]) -> None:
    _, warden = small_estate
    dg.materialize([inventory, classification], resources={"warden": warden})
    defs = build_definitions(Path(warden.config_path), warden.catalog)
    job = defs.resolve_job_def("check_catalog")
    result = job.execute_in_process(resources={"warden": warden}, raise_on_error=False)
    evaluations = {
        e.asset_key.to_user_string(): e.passed for e in result.get_asset_check_evaluations()
    }
    assert evaluations["sample/finance/payments_csv"] is True
    assert evaluations["sample/broken/empty_csv"] is False


WORKLOADS = """workloads:
  - name: helpdesk-bot
    kind: grounding
    audience: all_employees
    owners: [team:it]
    inputs: ["sample:products/*"]
  - name: card-copilot
    kind: rag-index
    audience: restricted:support
    owners: [lead@example.com]
    inputs: ["sample:finance/payments.csv", "sample:products/catalog.csv"]
    outputs: [{dataset: "sample:derived/*", masking: true}]
"""


def test_workloads_are_assets_with_lineage_and_a_boundary_check(
    small_estate: tuple[Path, WardenResource], tmp_path: Path
) -> None:
    root, warden = small_estate
    config = write_config(tmp_path, root, WORKLOADS)
    warden = WardenResource(config_path=str(config), catalog=warden.catalog)
    dg.materialize([inventory, classification], resources={"warden": warden})
    defs = build_definitions(config, warden.catalog)
    graph = defs.resolve_asset_graph()
    copilot = graph.get(dg.AssetKey(["workloads", "card_copilot"]))
    assert set(copilot.parent_keys) == {
        dataset_key("sample", "finance/payments.csv"),
        dataset_key("sample", "products/catalog.csv"),
    }
    assert copilot.tags["audience"] == "restricted" and copilot.tags["audience_group"] == "support"
    assert copilot.owners == ["lead@example.com"]
    result = defs.resolve_job_def("check_catalog").execute_in_process(
        resources={"warden": warden}, raise_on_error=False
    )
    verdicts = {
        e.asset_key.to_user_string(): (e.passed, e.severity)
        for e in result.get_asset_check_evaluations()
        if e.asset_key.path[0] == "workloads"
    }
    assert verdicts["workloads/helpdesk_bot"] == (True, dg.AssetCheckSeverity.ERROR)
    assert verdicts["workloads/card_copilot"] == (False, dg.AssetCheckSeverity.ERROR)


def test_alert_sensors_keep_cursors(
    small_estate: tuple[Path, WardenResource], tmp_path: Path
) -> None:
    root, warden = small_estate
    config = write_config(tmp_path, root, WORKLOADS)
    warden = WardenResource(config_path=str(config), catalog=warden.catalog)
    dg.materialize([inventory, classification], resources={"warden": warden})
    context = dg.build_sensor_context(cursor=None, resources={"warden": warden})
    first = boundary_violations(context)
    assert "2 violations" in str(first.skip_message) and context.cursor  # above, world-readable
    again = boundary_violations(
        dg.build_sensor_context(cursor=context.cursor, resources={"warden": warden})
    )
    assert "unchanged" in str(again.skip_message)
    drift_context = dg.build_sensor_context(cursor=None, resources={"warden": warden})
    assert "0 new drift events" in str(sensitivity_drift(drift_context).skip_message)
    assert drift_context.cursor is not None


def test_subtypes_are_tags_beside_the_entity(tmp_path: Path) -> None:
    street = EntityFinding("LOCATION", 0.9, 0.9, 90, 0, "streets", subtype="STREET_ADDRESS")
    column = ColumnFinding("street", "String", 100, (street,), Sensitivity.CONFIDENTIAL)
    coverage = Coverage(100, 100, 10, 10, "sample")
    findings = DatasetFindings((column,), Sensitivity.CONFIDENTIAL, (), coverage)
    obj = StoredObject("lake", "file:///lake/a.csv", "a.csv", 10, 1.0, "f", "csv")
    with CatalogStore.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.ensure_source("lake", "local", "/lake", public=False, owners=[])
        store.record_result(store.start_scan(["lake"], "sample", "polars", "r"), obj, findings,
                            "r", {})  # fmt: skip
        (detail,) = store.details()
        found = store.versions_after(0, 10)
    spec = dataset_spec(detail)
    assert spec.tags["entity_location"] == "true"
    assert spec.tags["subtype_street_address"] == "true"
    (event,) = version_events(found)
    (schema_column,) = _schema(event).columns
    assert schema_column.tags["LOCATION"] == "0.90"
    assert schema_column.tags["subtype_street_address"] == "true"
    assert "LOCATION (street address) (0.90)" in _findings(event)


def _schema(event: dg.AssetMaterialization) -> dg.TableSchema:
    schema = event.metadata["dagster/column_schema"].value
    assert isinstance(schema, dg.TableSchema)
    return schema


def _findings(event: dg.AssetMaterialization) -> str:
    findings = event.metadata["warden/findings"].value
    assert isinstance(findings, str)
    return findings


def test_dagsters_second_call_of_one_load_takes_the_first_build(
    scanned_estate: ScannedEstate, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Dagster resolves the lazy definitions twice per load; the second call must not build
    again, and no call after it may reuse that build (the next load sees the catalog anew)."""
    from pipelines import definitions

    builds: list[dg.Definitions] = []

    def counted(config: Path, catalog: str | None = None) -> dg.Definitions:
        builds.append(build_definitions(config, catalog))
        return builds[-1]

    monkeypatch.setattr(definitions, "build_definitions", counted)
    monkeypatch.setattr(definitions, "_handover", [])
    config = tmp_path / "warden.yaml"  # the session's estate config is shared: a copy to edit
    config.write_text(scanned_estate.config.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("WARDEN_CONFIG", str(config))
    monkeypatch.setenv("WARDEN_CATALOG", scanned_estate.catalog)
    first, second = definitions.defs(), definitions.defs()
    assert isinstance(first, dg.Definitions) and second is first and len(builds) == 1
    third = definitions.defs()
    assert third is not first and len(builds) == 2  # one handover only
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert definitions.defs() is not third and len(builds) == 3  # the config changed
    monkeypatch.setattr(definitions, "HANDOVER_S", 0.0)
    definitions.defs()
    assert len(builds) == 4  # too late for a handover


@pytest.fixture(autouse=True)
def _versions_settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "SETTLE_S", 0.0)  # the tests tick right after their scans


def _tick(warden: WardenResource, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=dg.DagsterInstance.ephemeral(), cursor=cursor, resources={"warden": warden}
    )
    result = catalog_versions(context)
    assert isinstance(result, dg.SensorResult)
    return result


def test_each_catalog_version_is_reported_once_in_bounded_batches(
    scanned_estate: ScannedEstate, monkeypatch: pytest.MonkeyPatch
) -> None:
    warden = WardenResource(config_path=str(scanned_estate.config), catalog=scanned_estate.catalog)
    monkeypatch.setattr(events, "BATCH", 7)
    reported: list[dg.AssetMaterialization] = []
    cursors: list[int] = []
    cursor = None
    while (result := _tick(warden, cursor)).asset_events:
        assert 0 < len(result.asset_events) <= 7
        reported += [e for e in result.asset_events if isinstance(e, dg.AssetMaterialization)]
        cursor = result.cursor
        cursors.append(int(cursor or 0))
    assert cursors == sorted(set(cursors)) and result.cursor == cursor  # advances, then stays
    assert "no catalog version after" in str(result.skip_reason)
    keys = [e.asset_key for e in reported]
    with CatalogStore.open(scanned_estate.catalog) as store:
        live = {dataset_key(r.source, r.path) for r in store.datasets()}
    assert len(keys) == len(set(keys)) and set(keys) == live  # every asset once
    key = dataset_key("sample", "finance/payments.csv")
    payments = next(e for e in reported if e.asset_key == key)
    card = next(c for c in _schema(payments).columns if c.name == "card_number")
    assert "CREDIT_CARD" in card.tags and card.tags["sensitivity"] == "Highly_Confidential"
    assert "card_number" in _findings(payments)
    meta = payments.metadata
    assert meta["warden/sensitivity"].value == "Highly_Confidential"
    rows, version = meta["dagster/row_count"].value, meta["warden/version"].value
    assert isinstance(rows, int) and rows > 0
    assert isinstance(version, int) and version <= cursors[-1]
    raw = (SAMPLE / "finance/payments.csv").read_text(encoding="utf-8").splitlines()[1]
    card_number = raw.split(",")[2]  # a raw value: never on an event
    assert not any(card_number in str(e.metadata) for e in reported)


def test_a_rescan_reports_only_the_changed_dataset(
    small_estate: tuple[Path, WardenResource],
) -> None:
    root, warden = small_estate
    dg.materialize([inventory, classification], resources={"warden": warden})
    first = _tick(warden, None)
    assert len(first.asset_events) == 4
    assert not _tick(warden, first.cursor).asset_events  # nothing twice
    with (root / "products/catalog.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    dg.materialize([inventory, classification], resources={"warden": warden})
    changed = _tick(warden, first.cursor)
    keys = {e.asset_key for e in changed.asset_events}  # the unreadable file is tried again
    assert keys == {dataset_key("sample", p) for p in ("products/catalog.csv", "broken/empty.csv")}
    assert int(changed.cursor or 0) > int(first.cursor or 0)
