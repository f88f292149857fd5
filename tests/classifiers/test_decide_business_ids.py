"""Business identifiers are not phone numbers or driving licences, and things are not people."""

from __future__ import annotations

import random

import polars as pl
import pytest
from faker import Faker

from classifiers.decide.column import Thresholds, decide_column
from classifiers.decide.rules import identifier_guard
from classifiers.decide.table import decide_columns
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import ColumnEvidence, MatchCounts, NerCounts, TableEvidence
from classifiers.model import ColumnFinding
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

ROWS = 200


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture(scope="module")
def engine(registry: Registry) -> PolarsEngine:
    return PolarsEngine(registry, None, EngineOptions())


def _values(kind: str) -> list[str]:
    rng = random.Random(2)
    if kind == "ten digits":  # order numbers; many parse as North American phone numbers
        return [str(rng.randint(10**9, 10**10 - 1)) for _ in range(ROWS)]
    if kind == "uk mobiles, bare":  # a trunk 0, then a mobile number (Ofcom's drama range)
        return [f"07700900{rng.randint(0, 999):03d}" for _ in range(ROWS)]
    fake = Faker("en_US" if kind.startswith("us") else "de_DE")
    fake.seed_instance(2)
    if kind == "us phones, bare":
        return ["".join(c for c in fake.basic_phone_number() if c.isdigit()) for _ in range(ROWS)]
    return [fake.phone_number() for _ in range(ROWS)]  # formatted German numbers


def _decide(registry: Registry, engine: PolarsEngine, frame: pl.DataFrame) -> list[ColumnFinding]:
    return decide_columns(engine.table_evidence(frame), registry, Policy(), Thresholds())


@pytest.mark.parametrize(
    ("column", "kind", "phone", "why"),
    [
        ("order_no", "ten digits", False, "'order_no' names a business identifier (order)"),
        ("Bestellnummer", "ten digits", False, "names a business identifier (bestell)"),
        ("numero_commande", "ten digits", False, "names a business identifier (commande)"),
        ("ticketNumber", "ten digits", False, "names a business identifier (ticket)"),
        ("sku", "ten digits", False, "names a business identifier (sku)"),
        ("ean13", "ten digits", False, "names a business identifier (ean)"),
        ("value", "ten digits", False, "10-digit numbers without phone formatting"),
        ("field_7", "us phones, bare", False, "without phone formatting"),
        ("mobile", "us phones, bare", True, ""),
        ("telefono", "us phones, bare", True, ""),
        ("Handynummer", "us phones, bare", True, ""),
        ("field_3", "uk mobiles, bare", True, ""),
        ("kontakt", "german phones", True, ""),
    ],
)
def test_digit_strings_and_phone_numbers(
    registry: Registry, engine: PolarsEngine, column: str, kind: str, phone: bool, why: str
) -> None:
    (finding,) = _decide(registry, engine, pl.DataFrame({column: _values(kind)}))
    assert ("PHONE_NUMBER" in finding.entity_types) is phone, finding.reasons
    if not phone:
        (reason,) = finding.reasons
        assert reason.startswith("not PHONE_NUMBER: ") and why in reason


def _licences(column: str) -> ColumnEvidence:
    counts = MatchCounts(analysed=1000, candidates=1000, matched=1000, whole=1000, score_sum=300)
    return ColumnEvidence(
        column, "String", rows=1000, non_null=1000, matches={"UsLicenseRecognizer": counts}
    )


@pytest.mark.parametrize(
    ("column", "licence"),
    [
        ("drivers_license", True),
        ("license_number", True),
        ("license_plate", False),
        ("vehicle_license", False),
        ("software_license_key", False),
        ("business_license_no", False),
        ("kfz_license", False),
    ],
)
def test_licences_of_things_are_not_driving_licences(
    registry: Registry, column: str, licence: bool
) -> None:
    finding = decide_column(_licences(column), registry, Policy(), Thresholds())
    assert ("US_DRIVER_LICENSE" in finding.entity_types) is licence, finding.reasons
    if not licence:
        assert "a thing" in finding.reasons[0]


def test_a_guard_on_other_entities_says_nothing() -> None:
    assert identifier_guard("EMAIL_ADDRESS", "order_no", _licences("order_no"), False) is None


# --- names of things in a table about things --------------------------------------------------


def _names(column: str) -> ColumnEvidence:
    """NER read most sampled values as one PERSON (people, or ships named after them)."""
    ner = {"PERSON": NerCounts(sampled=200, hits=190, whole=185, score_sum=160.0)}
    return ColumnEvidence(
        column, "String", rows=500, non_null=500, ner=ner, ner_sampled=200, repeated_lead=5
    )


def _plain(column: str) -> ColumnEvidence:
    return ColumnEvidence(column, "String", rows=500, non_null=500)


def _emails(column: str) -> ColumnEvidence:
    counts = MatchCounts(500, 500, 500, 500, 500, 500.0)
    return ColumnEvidence(
        column, "String", rows=500, non_null=500, matches={"EmailRecognizer": counts}
    )


@pytest.mark.parametrize(
    ("names", "others", "person"),
    [
        ("name", [_plain("imo"), _plain("tonnage")], False),  # ships
        ("name", [_plain("sku"), _plain("price")], False),  # products
        ("name", [_plain("breed"), _plain("species")], False),  # pets
        ("name", [_plain("max_wind"), _plain("pressure")], False),  # storms
        ("name", [_plain("sku"), _emails("customer_email")], True),  # a customer's order
        ("name", [_plain("city"), _plain("score")], True),  # nothing says things
        ("customer_name", [_plain("sku"), _plain("price")], True),  # the name says people
        ("name", [_plain("sku"), _plain("nachname")], True),  # another column names people
        ("HOLDER_NAME", [_plain("ORDER_NUMBER"), _plain("PRICE")], True),  # orders: people's
    ],
)
def test_names_in_a_table_about_things(
    registry: Registry, names: str, others: list[ColumnEvidence], person: bool
) -> None:
    columns = {e.column: e for e in [_names(names), *others]}
    findings = decide_columns(TableEvidence(columns, 500), registry, Policy(), Thresholds())
    finding = next(f for f in findings if f.column == names)
    assert ("PERSON" in finding.entity_types) is person, finding.reasons
    if not person:
        (reason,) = finding.reasons
        assert reason.startswith("not PERSON: a table about things (")
        assert "with no column about people" in reason


@pytest.mark.parametrize(
    ("column", "mrn"),
    [
        ("mrn", True),
        ("historia_clinica", True),
        ("patient_record", True),
        ("record_id", False),
        ("RecordId", False),
        ("Record no", False),
    ],
)
def test_bare_record_numbers_need_a_medical_name(
    registry: Registry, engine: PolarsEngine, column: str, mrn: bool
) -> None:
    rng = random.Random(4)
    values = [str(rng.randint(10**6, 10**7 - 1)) for _ in range(ROWS)]
    (finding,) = _decide(registry, engine, pl.DataFrame({column: values}))
    assert ("MEDICAL_RECORD_NUMBER" in finding.entity_types) is mrn, finding.reasons
    if not mrn:
        assert "has no medical word" in " ".join(finding.reasons)
