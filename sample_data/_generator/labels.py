"""Ground truth: per-column labels, per-dataset levels and the known sensitive values."""

from __future__ import annotations

from .common import Table, join_entities
from .documents import Document

HIGHLY_CONFIDENTIAL = {
    "US_SSN",
    "ES_NIF",
    "IT_FISCAL_CODE",
    "UK_NHS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_BANK_NUMBER",
    "ICD10_CODE",
    "MEDICAL_RECORD_NUMBER",
}
CONFIDENTIAL = {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION/STREET_ADDRESS", "IP_ADDRESS"}
# The policy's combination rule (classifiers/policy.py, "quasi_identifiers"): a person
# together with at least two of these can be re-identified, so is Highly Confidential.
QUASI_IDENTIFIERS = {
    "DATE_TIME", "LOCATION/POSTCODE", "LOCATION", "LOCATION/STREET_ADDRESS", "GENDER",
}  # fmt: skip
QUASI_IDENTIFIERS_NEEDED = 2
LABEL_HEADER = ["dataset", "column", "entities", "note"]

# (dataset, column, how many values) for the leak test's known_values.txt.
KNOWN_VALUE_SOURCES = (
    ("crm/customers.csv", "email", 6),
    ("crm/customers.csv", "phone", 6),
    ("finance/payments.csv", "card_number", 6),
    ("hr/employees.csv", "ssn", 6),
    ("finance/supplier_invoices.json", "payee_iban", 6),
    ("health/patients.csv", "nhs_number", 6),
    ("ops/unhelpful_names.csv", "x3", 2),
    ("ops/unhelpful_names.csv", "misc", 2),
    ("marketing/partner_export.csv", "column_1", 2),  # the first is in the first record
)


def label_rows(tables: list[Table], documents: list[Document], errors: list[str]) -> list[list]:
    """One row per table column and per document; a file the reader must reject (even a
    table that was written, such as broken/latin1.csv) gets one `error` row instead."""
    rows = [
        [
            t.path,
            column,
            join_entities(filter(None, t.labels.get(column, "").split(";"))),
            t.notes.get(column, ""),
        ]
        for t in tables
        if t.path not in errors
        for column in t.columns
    ]
    rows += [[d.path, "content", d.entities, d.note] for d in documents]
    rows += [[path, "", "", "error"] for path in errors]
    return sorted(rows, key=lambda r: r[0])  # stable: columns keep their order


def _quasi_identifying(entities: set[str]) -> bool:
    return "PERSON" in entities and len(entities & QUASI_IDENTIFIERS) >= QUASI_IDENTIFIERS_NEEDED


def level(dataset: str, entities: set[str]) -> str:
    if dataset.startswith("public/"):
        return "Public"
    if entities & HIGHLY_CONFIDENTIAL or _quasi_identifying(entities):
        return "Highly Confidential"
    if entities & CONFIDENTIAL:
        return "Confidential"
    return "General"


def dataset_levels(rows: list[list]) -> list[list]:
    found: dict[str, set[str]] = {}
    errors = set()
    for dataset, _column, entities, note in rows:
        found.setdefault(dataset, set()).update(e for e in entities.split(";") if e)
        if note == "error":
            errors.add(dataset)
    return [[d, "" if d in errors else level(d, found[d])] for d in found]


def _distinctive(value: str) -> bool:
    """Long enough, and not a bare short digit run, so a grep hit is never a coincidence."""
    return len(value) >= 12 or (len(value) >= 10 and not value.isdigit())


def known_values(tables: list[Table]) -> list[str]:
    by_path = {t.path: t for t in tables}
    values = []
    for path, column, count in KNOWN_VALUE_SOURCES:
        distinctive = [str(v) for v in by_path[path].columns[column] if _distinctive(str(v))]
        values += distinctive[:count]
    assert len(set(values)) == len(values)
    return values
