"""The scan corpus (tests/corpus/) end to end: each file's outcome, no planted value anywhere."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetDetail, DatasetRow
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from tests.conftest import WARDEN, run_warden
from tests.corpus.generate import Case, Outcome, build_corpus
from tests.corpus.search import file_content, leaks, planted_values

# A stall guard, not a speed target (the bench measures speed): generous for a machine shared
# by other test processes, far below what one unbounded object (a bomb inflated, a wide table
# in quadratic time) takes.
SCAN_BOUND_S = 600
HEAVY = ("shapes/", "bombs/")  # left out of the Dagster run, which scans the corpus a 2nd time
SHOWN = ("dialects/markup_names.csv", "encodings/cp1251.csv", "shapes/long_cells.csv")


@dataclass(frozen=True)
class ScannedCorpus:
    folder: Path
    root: Path
    cases: tuple[Case, ...]
    config: Path
    log: Path

    @property
    def database(self) -> Path:
        return self.folder / "catalog.db"


def write_config(folder: Path, root: Path, exclude: Iterable[str] = ()) -> Path:
    config = folder / "warden.yaml"
    source = {"kind": "local", "name": "corpus", "path": root.as_posix(),
              "exclude": [f"{prefix}**" for prefix in exclude]}  # fmt: skip
    catalog = f"sqlite:///{(folder / 'catalog.db').as_posix()}"
    # JSON is YAML: paths and globs need no quoting rules of their own
    config.write_text(json.dumps({"catalog": catalog, "sources": [source]}), encoding="utf-8")
    return config


def test_planted_values_are_in_their_files(tmp_path: Path) -> None:
    """The leak searches can fail: every planted value is really in the corpus."""
    cases = build_corpus(tmp_path / "corpus")
    assert len(cases) >= 40 and {c.outcome for c in cases} == set(Outcome)
    missing = [
        (case.path, value)
        for case in cases
        if case.planted
        for value in case.planted
        if value.encode() not in file_content(tmp_path / "corpus" / case.path, case)
    ]
    assert not missing, missing
    assert sum(bool(case.planted) for case in cases) >= 35


@pytest.fixture(scope="module")
def scanned_corpus(tmp_path_factory: pytest.TempPathFactory) -> ScannedCorpus:
    folder = tmp_path_factory.mktemp("corpus")
    cases = tuple(build_corpus(folder / "corpus"))
    config = write_config(folder, folder / "corpus")
    command = [*WARDEN, "--verbose", "scan", "--config", str(config)]
    environment = {**os.environ, "COLUMNS": "200"}
    # Raises TimeoutExpired (and stops the scan) when one object stalls the whole scan.
    result = subprocess.run(command, capture_output=True, env=environment, timeout=SCAN_BOUND_S)
    log = folder / "scan.log"
    log.write_bytes(result.stdout + result.stderr)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]
    return ScannedCorpus(folder, folder / "corpus", cases, config, log)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_every_file_has_its_expected_outcome(scanned_corpus: ScannedCorpus) -> None:
    with CatalogStore.open(f"sqlite:///{scanned_corpus.database}") as store:
        rows = {r.path: r for r in store.datasets("corpus")}
        details = {d.row.path: d for d in store.details("corpus")}
    cases = scanned_corpus.cases
    problems = [p for case in cases for p in _problems(case, rows, details, scanned_corpus.root)]
    known = {case.path for case in cases}
    problems += [f"{path}: catalogued, not in the manifest" for path in rows if path not in known]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _problems(
    case: Case, rows: Mapping[str, DatasetRow], details: Mapping[str, DatasetDetail], root: Path
) -> list[str]:
    if case.outcome is Outcome.ABSENT:
        under = [p for p in rows if p == case.path or p.startswith(case.path + "/")]
        return [f"{case.path}: catalogued, so the link was followed: {under[:3]}"] if under else []
    row = rows.get(case.path)
    if row is None:
        return [f"{case.path}: not in the catalog"]
    if case.outcome is Outcome.ERROR:
        error = row.error or ""
        if row.status == "error" and any(s.lower() in error.lower() for s in case.errors):
            return []
        got = f"error {error!r}" if row.status == "error" else f"{row.status} {row.entities}"
        return [f"{case.path}: expected an error holding one of {case.errors}, got {got}"]
    if row.status != "ok":
        return [f"{case.path}: expected it classified, got error {row.error!r}"]
    return _finding_problems(case, row, details[case.path], root)


def _finding_problems(case: Case, row: DatasetRow, detail: DatasetDetail, root: Path) -> list[str]:
    found = {c.column: set(c.entity_types) for c in detail.columns}
    problems = []
    for column in case.columns:
        if column.name not in found:
            problems.append(f"{case.path}: no column {column.name!r} in {sorted(found)[:8]}")
        elif not column.entities <= found[column.name]:
            has, wanted = sorted(found[column.name]), sorted(column.entities)
            problems.append(f"{case.path}: {column.name!r} has {has}, not {wanted}")
    if not case.entities <= set(row.entities):
        problems.append(f"{case.path}: entities {row.entities}, not all of {sorted(case.entities)}")
    coverage = row.coverage
    if case.encoding and not _same_text(root / case.path, coverage and coverage.encoding, case):
        recorded = coverage and coverage.encoding
        problems.append(f"{case.path}: recorded encoding {recorded!r} does not read it as "
                        f"{case.encoding} does")  # fmt: skip
    if case.damaged is not None:
        counted = coverage and coverage.records_unreadable + coverage.records_repaired
        if counted != case.damaged:
            problems.append(f"{case.path}: {counted} damaged records counted, not {case.damaged}")
    return problems


def _same_text(path: Path, recorded: str | None, case: Case) -> bool:
    """Whether the recorded codec decodes the file to the text it was written as."""
    data = path.read_bytes()
    try:  # bad bytes as the file holds them (a damaged record) decode alike in both
        text = data.decode(recorded or "", errors="replace")
    except LookupError:
        return False
    truth = data.decode(case.encoding or "", errors="replace")
    return text.removeprefix("\ufeff") == truth.removeprefix("\ufeff")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_no_planted_value_is_stored_logged_or_exported(
    scanned_corpus: ScannedCorpus, tmp_path: Path
) -> None:
    config = str(scanned_corpus.config)
    outputs = {"scan log": scanned_corpus.log.read_bytes()}
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"export.{fmt}"
        run_warden("export", "--config", config, "--format", fmt, "--output", str(out))
        outputs[out.name] = out.read_bytes()
    exported = pl.read_parquet(tmp_path / "export.parquet")  # its pages may be compressed
    outputs["export.parquet, decoded"] = exported.write_ndjson().encode()
    outputs["warden catalog"] = run_warden("catalog", "--config", config).stdout.encode()
    for path in SHOWN:
        shown = run_warden("show", "--config", config, path).stdout
        outputs[f"warden show {path}"] = shown.encode()
    database = scanned_corpus.database
    outputs |= {p.name: p.read_bytes() for p in database.parent.glob(database.name + "*")}
    values = planted_values(scanned_corpus.cases)
    assert len(values) >= 200 and len(outputs) >= 9
    # the outputs hold what they should, so finding nothing in them means something
    named = [c.path for c in scanned_corpus.cases if c.path.encode() in outputs["export.jsonl"]]
    assert len(named) >= 30, named
    assert "EMAIL_ADDRESS" in outputs[f"warden show {SHOWN[0]}"].decode()
    assert b"***" in outputs[f"warden show {SHOWN[0]}"]  # masked examples are shown
    found = leaks(outputs, values)
    assert not found, f"{len(found)} raw values found:\n" + "\n".join(found[:20])


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_no_planted_value_in_the_dagster_event_log(
    scanned_corpus: ScannedCorpus, tmp_path: Path
) -> None:
    """The classification asset on a temporary instance, over the corpus but its heavy shapes
    (the CLI scan covers those); then every file of the instance is searched."""
    subset = [c for c in scanned_corpus.cases if not c.path.startswith(HEAVY)]
    config = write_config(tmp_path, scanned_corpus.root, exclude=HEAVY)
    warden = WardenResource(config_path=str(config))
    home = tmp_path / "dagster_home"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        result = dg.materialize(
            [inventory, classification], resources={"warden": warden}, instance=instance
        )
        assert result.success
        meta = result.asset_materializations_for_node("classification")[0].metadata
        catalogued = sum(c.outcome is not Outcome.ABSENT for c in subset)
        assert meta["scanned"].value + meta["error"].value == catalogued, meta
    files = {p.relative_to(home).as_posix(): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert any(name.endswith(".db") for name in files), sorted(files)
    found = leaks(files, planted_values(subset))
    assert not found, f"{len(found)} raw values found:\n" + "\n".join(found[:20])
