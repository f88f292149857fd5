"""The sample data estate matches its labels, its checksums hold, and it regenerates exactly."""

from __future__ import annotations

import csv
import gzip
import io
import pickletools
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from stdnum import iban, luhn
from stdnum.es import nif
from stdnum.gb import nhs
from stdnum.it import codicefiscale
from stdnum.us import rtn, ssn

from classifiers.artifacts.inspect import inspect_artifact
from classifiers.readers.base import Sampling
from classifiers.readers.lake import open_lake_table
from classifiers.readers.readable import LocalFile
from classifiers.readers.sniff import detect_format

ROOT = Path(__file__).resolve().parents[1] / "sample_data"
ENTITIES = {
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "US_BANK_NUMBER",
    "ABA_ROUTING_NUMBER",
    "IP_ADDRESS",
    "URL",
    "DATE_TIME",
    "LOCATION",
    "UK_NHS",
    "ES_NIF",
    "IT_FISCAL_CODE",
    "MAC_ADDRESS",
    "UUID",
    "EMPLOYEE_ID",
    "MEDICAL_RECORD_NUMBER",
    "ICD10_CODE",
    "LOCATION/POSTCODE",
    "LOCATION/STREET_ADDRESS",
}
LEVELS = {"Public", "General", "Confidential", "Highly Confidential", ""}
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "CREDIT_CARD": luhn.is_valid,
    "IBAN_CODE": iban.is_valid,
    "US_SSN": ssn.is_valid,
    "UK_NHS": nhs.is_valid,
    "ES_NIF": nif.is_valid,
    "IT_FISCAL_CODE": codicefiscale.is_valid,
    "ABA_ROUTING_NUMBER": rtn.is_valid,
}


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (ROOT / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


LABELS = _csv_rows("labels.csv")
COLUMNS: dict[str, list[str]] = defaultdict(list)
for _row in LABELS:
    if _row["column"] and _row["column"] != "content":
        COLUMNS[_row["dataset"]].append(_row["column"])
ERRORS = sorted(r["dataset"] for r in LABELS if r["note"] == "error")
DOCUMENTS = sorted(r["dataset"] for r in LABELS if r["column"] == "content")
BINARY_DOCUMENTS = {"legal/service-agreement.pdf": "pdf", "hr/offer-letter.docx": "docx"}


def read_table(dataset: str) -> pl.DataFrame:
    """Read a labelled table with polars; gzip handled explicitly."""
    if "#" in dataset or (ROOT / dataset).is_dir():  # a sheet, a Delta table, a Chroma store
        return _read_part_or_folder(dataset)
    data = (ROOT / dataset).read_bytes()
    name = dataset.removesuffix(".gz")
    if dataset.endswith(".gz"):
        data = gzip.decompress(data)
    if dataset == "broken/latin1.csv":  # Windows-1252: Warden detects it; polars reads UTF-8
        data = data.decode("cp1252").encode("utf-8")
    if OVERFLOW in COLUMNS.get(dataset, []):
        return _ragged(data.decode("utf-8"))
    if name.endswith(".parquet"):
        return pl.read_parquet(io.BytesIO(data))
    if name.endswith((".csv", ".tsv")):
        separator = "\t" if name.endswith(".tsv") else ","
        # labelled column_1, column_2...: the file has no header row
        names = COLUMNS.get(dataset, [])
        headerless = bool(names) and names == [f"column_{i}" for i in range(1, len(names) + 1)]
        return pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            infer_schema_length=None,
            has_header=not headerless,
            new_columns=names if headerless else None,
        )
    if name.endswith(".jsonl"):
        return pl.read_ndjson(io.BytesIO(data))
    return pl.read_json(io.BytesIO(data))


def _read_part_or_folder(dataset: str) -> pl.DataFrame:
    workbook, _, sheet = dataset.partition("#")
    if sheet:
        return pl.read_excel(ROOT / workbook, sheet_name=sheet, engine="calamine")
    if (ROOT / dataset / "_delta_log").is_dir():
        return pl.read_delta(str(ROOT / dataset))
    table = open_lake_table(ROOT / dataset, "chroma", Sampling(mode="full"))  # Warden's reader
    return pl.concat(list(table.batches()))


OVERFLOW = "_overflow"


def _ragged(text: str) -> pl.DataFrame:
    """A CSV with ragged rows as Warden reads it: short rows padded, the extra fields of long
    rows joined in `_overflow` (dropped when empty)."""
    header, *records = list(csv.reader(io.StringIO(text)))
    width = len(header)
    fitted = [
        [*r[:width], *[None] * (width - len(r)), ",".join(r[width:]) if any(r[width:]) else None]
        for r in records
    ]
    return pl.DataFrame(fitted, schema=[*header, OVERFLOW], orient="row")


def _values(dataset: str, column: str) -> list[str]:
    series = read_table(dataset)[column].drop_nulls().cast(pl.String)
    return series.to_list()


def _checked_columns() -> list[tuple[str, str, set[str]]]:
    """(dataset, column, entities) for structured columns whose every type has a validator."""
    found = []
    for row in LABELS:
        entities = set(filter(None, row["entities"].split(";")))
        if row["dataset"] in COLUMNS and entities and entities <= VALIDATORS.keys():
            found.append((row["dataset"], row["column"], entities))
    return found


def test_labels_use_known_entities_and_levels() -> None:
    for row in LABELS:
        assert set(filter(None, row["entities"].split(";"))) <= ENTITIES, row
    levels = _csv_rows("labels_datasets.csv")
    assert {r["dataset"] for r in levels} == {r["dataset"] for r in LABELS}
    assert {r["expected_level"] for r in levels} <= LEVELS
    assert all(r["expected_level"] == "" for r in levels if r["dataset"] in ERRORS)


def test_estate_is_big_enough() -> None:
    assert len(COLUMNS) >= 22
    formats = {
        d.removesuffix(".gz").rsplit(".", 1)[-1] + (".gz" if d.endswith(".gz") else "")
        for d in COLUMNS
    }
    assert {"csv", "tsv", "parquet", "json", "jsonl", "csv.gz", "jsonl.gz"} <= formats
    assert 6 <= sum(d.startswith("rag_corpus/") for d in DOCUMENTS) <= 10


@pytest.mark.parametrize("dataset", sorted(COLUMNS))
def test_table_columns_match_labels(dataset: str) -> None:
    frame = read_table(dataset)
    assert frame.columns == COLUMNS[dataset]
    assert 1 <= frame.height <= 5000


def test_only_one_table_is_large_and_estate_is_small() -> None:
    heights = {d: read_table(d).height for d in COLUMNS}
    assert sum(h > 600 for h in heights.values()) == 1
    size = sum(p.stat().st_size for p in ROOT.rglob("*") if p.is_file())
    assert size < 3 * 1024 * 1024


@pytest.mark.parametrize("dataset", [d for d in DOCUMENTS if d not in BINARY_DOCUMENTS])
def test_documents_are_readable_text(dataset: str) -> None:
    data = (ROOT / dataset).read_bytes()
    text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8")
    assert text.strip()


@pytest.mark.parametrize(("dataset", "fmt"), sorted(BINARY_DOCUMENTS.items()))
def test_binary_documents_are_labelled_and_told_by_content(dataset: str, fmt: str) -> None:
    assert dataset in DOCUMENTS
    assert detect_format(ROOT / dataset) == (fmt, None)


@pytest.mark.parametrize("dataset", ERRORS)
def test_error_files_fail_to_read(dataset: str) -> None:
    path = ROOT / dataset
    assert path.exists()
    readers = {".parquet": pl.read_parquet, ".jsonl": pl.read_ndjson}
    reader = readers.get(Path(dataset).suffix, pl.read_csv)
    with pytest.raises(Exception):  # noqa: B017 - any polars read error will do
        reader(path)


def test_damaged_but_readable_files_are_labelled_as_tables() -> None:
    # Warden detects the encoding of broken/latin1.csv and fits the ragged rows of
    # broken/ragged.csv, so both are labelled like any table, not as errors.
    data = (ROOT / "broken/latin1.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "é" in text and "ü" in text
    ragged = {len(r) for r in csv.reader(io.StringIO((ROOT / "broken/ragged.csv").read_text()))}
    assert len(ragged) > 1
    assert not {"broken/latin1.csv", "broken/ragged.csv"} & set(ERRORS)
    assert COLUMNS["broken/ragged.csv"][-1] == OVERFLOW


def test_street_columns_are_street_addresses_not_bare_locations() -> None:
    streets = [r for r in LABELS if "LOCATION/STREET_ADDRESS" in r["entities"].split(";")]
    assert {(r["dataset"], r["column"]) for r in streets} >= {
        ("crm/customers.csv", "street_address"),
        ("crm/addresses.json", "street"),
    }
    assert all(
        r["entities"] == "LOCATION/STREET_ADDRESS" for r in streets if r["dataset"] in COLUMNS
    )


QUASI_IDENTIFIERS = {
    "DATE_TIME", "LOCATION/POSTCODE", "LOCATION", "LOCATION/STREET_ADDRESS", "GENDER",
}  # fmt: skip


def test_person_with_two_quasi_identifiers_is_highly_confidential() -> None:
    # The policy's combination rule: PERSON and at least two quasi-identifiers.
    entities: dict[str, set[str]] = defaultdict(set)
    for row in LABELS:
        entities[row["dataset"]].update(filter(None, row["entities"].split(";")))
    levels = {r["dataset"]: r["expected_level"] for r in _csv_rows("labels_datasets.csv")}
    combined = [
        d
        for d, found in entities.items()
        if "PERSON" in found and len(found & QUASI_IDENTIFIERS) >= 2 and levels[d]
    ]
    assert "crm/customers.csv" in combined
    assert all(levels[d] == "Highly Confidential" for d in combined if not d.startswith("public/"))


@pytest.mark.parametrize(("dataset", "column", "entities"), _checked_columns())
def test_checksummed_columns_validate(dataset: str, column: str, entities: set[str]) -> None:
    values = _values(dataset, column)
    assert values
    for value in values:
        compact = value.replace(" ", "").replace("-", "")
        assert any(VALIDATORS[e](compact) for e in entities), (dataset, column, value)


def test_card_and_iban_columns_are_covered() -> None:
    checked = {(d, c) for d, c, _ in _checked_columns()}
    assert {
        ("finance/payments.csv", "card_number"),
        ("ops/unhelpful_names.csv", "x3"),
        ("crm/customers_eu.parquet", "iban"),
    } <= checked


def test_hard_negative_refs_are_not_luhn_valid() -> None:
    values = _values("finance/transactions.tsv", "transaction_ref")
    assert values
    for value in values:
        assert len(value) == 16 and value.isdigit()
        assert not luhn.is_valid(value), value


def test_known_values_appear_in_the_data() -> None:
    known = (ROOT / "known_values.txt").read_text().splitlines()
    assert 35 <= len(known) <= 45
    corpus = []
    for dataset in COLUMNS:
        frame = read_table(dataset)
        corpus += [str(v) for column in frame.columns for v in frame[column].to_list()]
    text = "\n".join(corpus)
    assert all(value in text for value in known)


def test_model_placeholder_is_not_a_loadable_pickle() -> None:
    data = (ROOT / "models/churn_model.pkl").read_bytes()
    assert data.startswith(b"\x80\x04")
    opcodes = []
    with pytest.raises(ValueError):  # pickletools parses without executing anything
        for opcode, _arg, _pos in pickletools.genops(data):
            opcodes.append(opcode.name)
    assert opcodes == ["PROTO"]
    assert (ROOT / "models/embeddings.faiss").stat().st_size > 0


MODEL_VERDICTS = {  # every artifact carries a verdict, and the readable ones header facts
    "churn_model.pkl": ("pickle", "unknown"),
    "embeddings.faiss": ("faiss", "unknown"),
    "scoring_weights.pkl": ("pickle", "safe"),
    "untrusted_upload.pkl": ("pickle", "dangerous"),
    "churn_torch.pt": ("pytorch", "safe"),
    "support_adapter.safetensors": ("safetensors", "safe"),
    "support_llm.gguf": ("gguf", "safe"),
}


def test_model_artifacts_carry_their_verdicts() -> None:
    found = {p.name for p in (ROOT / "models").iterdir() if p.name != "README.md"}
    assert found == set(MODEL_VERDICTS)
    reports = {name: inspect_artifact(LocalFile(ROOT / "models" / name)) for name in found}
    assert {n: (r.format, r.verdict.value) for n, r in reports.items()} == MODEL_VERDICTS
    assert reports["untrusted_upload.pkl"].globals == ("os.system",)
    assert reports["support_adapter.safetensors"].metadata["parameters"] == 64
    assert reports["support_llm.gguf"].metadata["context_length"] == 4096


def test_regenerating_gives_identical_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), str(tmp_path)], check=True, capture_output=True
    )
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(fresh) >= 40
    assert not [p for p in fresh if "__pycache__" in p.parts]
    for relative in fresh:
        assert (tmp_path / relative).read_bytes() == (ROOT / relative).read_bytes(), relative
    assert not list(ROOT.rglob("__pycache__"))
