"""Sensitivity policy: levels per entity type, overrides, combination rules and the roll-up."""

from __future__ import annotations

import pytest

from classifiers.model import ColumnFinding, Coverage, EntityFinding, Sensitivity
from classifiers.policy import Combination, Policy
from classifiers.rollup import dataset_findings

HC, C, G, P = (
    Sensitivity.HIGHLY_CONFIDENTIAL,
    Sensitivity.CONFIDENTIAL,
    Sensitivity.GENERAL,
    Sensitivity.PUBLIC,
)
COVERAGE = Coverage(rows_read=100, rows_total=100, bytes_read=1000, bytes_total=1000, mode="full")


@pytest.mark.parametrize(
    ("entity", "level"),
    [
        ("CREDIT_CARD", HC),
        ("IBAN_CODE", HC),
        ("US_SSN", HC),
        ("UK_NHS", HC),
        ("MEDICAL_RECORD_NUMBER", HC),
        ("SECRET_KEY", HC),
        ("PERSON", C),
        ("EMAIL_ADDRESS", C),
        ("PHONE_NUMBER", C),
        ("DATE_TIME", C),
        ("STREET_ADDRESS", C),
        ("EMPLOYEE_ID", C),
        ("POSTCODE", G),
        ("UK_POSTCODE", G),
        ("URL", G),
        ("LOCATION", G),
        ("GENDER", G),
        ("UUID", G),
        ("MY_CUSTOM_ENTITY", C),  # an entity with no level is treated as Confidential
    ],
)
def test_entity_levels(entity: str, level: Sensitivity) -> None:
    assert Policy().level_of(entity) == level


@pytest.mark.parametrize(
    ("entities", "public", "level"),
    [
        ((), False, G),
        ((), True, P),
        (("URL",), False, G),
        (("URL", "POSTCODE", "GENDER"), True, P),  # General data in a public source
        (("EMAIL_ADDRESS",), True, C),  # a public source does not lower personal data
        (("URL", "EMAIL_ADDRESS"), False, C),
        (("PERSON", "CREDIT_CARD"), False, HC),
        (("CREDIT_CARD",), True, HC),
    ],
)
def test_entities_level(entities: tuple[str, ...], public: bool, level: Sensitivity) -> None:
    assert Policy().entities_level(entities, public) == level


def test_overrides_change_levels_and_leave_the_original() -> None:
    base = Policy()
    custom = base.with_overrides({"URL": HC, "BADGE_NUMBER": G})
    assert custom.level_of("URL") == HC
    assert custom.level_of("BADGE_NUMBER") == G
    assert custom.level_of("EMAIL_ADDRESS") == C  # untouched levels are kept
    assert base.level_of("URL") == G
    assert base.level_of("BADGE_NUMBER") == C
    assert custom.entities_level(["BADGE_NUMBER"], public=True) == P


def test_overrides_add_combinations() -> None:
    rule = Combination(
        "contact_pair", all_of=("EMAIL_ADDRESS", "PHONE_NUMBER"), level=HC, reason="x"
    )
    custom = Policy().with_overrides({}, [rule])
    assert [r.name for r in custom.combination_findings(["EMAIL_ADDRESS", "PHONE_NUMBER"])] == [
        "contact_pair"
    ]
    assert custom.combination_findings(["EMAIL_ADDRESS"]) == []
    # the default rule is still there
    assert [r.name for r in custom.combination_findings(["PERSON", "DATE_TIME", "POSTCODE"])] == [
        "quasi_identifiers"
    ]


@pytest.mark.parametrize(
    ("entities", "holds"),
    [
        (("PERSON", "DATE_TIME", "POSTCODE"), True),
        (("PERSON", "DATE_TIME", "UK_POSTCODE"), True),
        (("PERSON", "GENDER", "STREET_ADDRESS"), True),
        (("PERSON", "POSTCODE"), False),
        (("DATE_TIME", "POSTCODE", "GENDER"), False),  # no name
        (("PERSON",), False),
    ],
)
def test_quasi_identifiers_rule(entities: tuple[str, ...], holds: bool) -> None:
    names = [rule.name for rule in Policy().combination_findings(entities)]
    assert names == (["quasi_identifiers"] if holds else [])


@pytest.mark.parametrize(
    ("entity", "subtype", "level"),
    [
        ("LOCATION", None, G),  # a city
        ("LOCATION", "POSTCODE", G),  # a postcode alone
        ("LOCATION", "STREET_ADDRESS", C),
        ("LOCATION", "UNKNOWN_KIND", G),  # an unknown subtype falls back to its entity
        ("UK_POSTCODE", None, G),
        ("ABA_ROUTING_NUMBER", None, HC),
    ],
)
def test_level_by_subtype(entity: str, subtype: str | None, level: Sensitivity) -> None:
    assert Policy().level_of(entity, subtype) == level


def test_levels_override_a_subtype_and_read_legacy_names() -> None:
    custom = Policy().with_overrides({"LOCATION/POSTCODE": C, "STREET_ADDRESS": HC})
    assert custom.level_of("LOCATION", "POSTCODE") == C
    assert custom.level_of("LOCATION", "STREET_ADDRESS") == HC
    assert custom.level_of("LOCATION") == G


@pytest.mark.parametrize(
    ("keys", "holds"),
    [
        (("PERSON", "DATE_TIME", "LOCATION/POSTCODE"), True),
        (("PERSON", "LOCATION", "LOCATION/STREET_ADDRESS"), True),  # a city and a street
        (("PERSON", "DATE_TIME", "DE_PLZ"), True),
        (("PERSON", "LOCATION/POSTCODE"), False),  # one postcode is not two quasi-identifiers
        (("PERSON", "LOCATION/POSTCODE", "UK_POSTCODE"), False),  # two spellings of one kind
        (("PERSON", "LOCATION/STREET_ADDRESS"), False),
    ],
)
def test_quasi_identifiers_rule_on_subtypes(keys: tuple[str, ...], holds: bool) -> None:
    names = [rule.name for rule in Policy().combination_findings(keys)]
    assert names == (["quasi_identifiers"] if holds else [])


def test_rollup_reads_subtypes() -> None:
    street = EntityFinding("LOCATION", 0.9, 1.0, 100, 0, "streets", subtype="STREET_ADDRESS")
    postcode = EntityFinding("LOCATION", 0.9, 1.0, 100, 0, "postcodes", subtype="POSTCODE")
    person = EntityFinding("PERSON", 0.9, 1.0, 100, 0, "names")
    columns = [
        ColumnFinding("full_name", "String", 100, (person,), C),
        ColumnFinding("postcode", "String", 100, (postcode,), G),
    ]
    alone = dataset_findings(columns, COVERAGE, Policy())
    assert alone.sensitivity == C  # a name and a postcode
    columns.append(ColumnFinding("street", "String", 100, (street,), C))
    both = dataset_findings(columns, COVERAGE, Policy())
    assert both.sensitivity == HC  # ... and a street address
    assert "column 'street' holds LOCATION (street address) (Confidential)" in both.reasons


def _column(name: str, *entities: str, public: bool = False) -> ColumnFinding:
    policy = Policy()
    found = tuple(EntityFinding(e, 0.9, 1.0, 100, 0, f"100 of 100 are {e}") for e in entities)
    return ColumnFinding(
        column=name,
        dtype="String",
        non_null=100,
        entities=found,
        sensitivity=policy.entities_level(entities, public),
    )


def test_rollup_quasi_identifiers_raise_the_level() -> None:
    columns = [
        _column("full_name", "PERSON"),
        _column("date_of_birth", "DATE_TIME"),
        _column("postcode", "POSTCODE"),
        _column("notes"),
    ]
    findings = dataset_findings(columns, COVERAGE, Policy())
    assert findings.sensitivity == HC
    assert findings.reasons[0].startswith("combination 'quasi_identifiers':")
    assert findings.reasons[0].endswith("(Highly Confidential)")
    text = " ".join(findings.reasons)
    assert "column 'full_name' holds PERSON (Confidential)" in text
    assert "column 'date_of_birth' holds DATE_TIME (Confidential)" in text
    assert "notes" not in text
    assert findings.entity_types == ("PERSON", "DATE_TIME", "POSTCODE")


def test_rollup_name_and_postcode_stay_confidential() -> None:
    columns = [_column("full_name", "PERSON"), _column("postcode", "POSTCODE")]
    findings = dataset_findings(columns, COVERAGE, Policy())
    assert findings.sensitivity == C
    assert findings.reasons == ("column 'full_name' holds PERSON (Confidential)",)


def test_rollup_takes_the_highest_column() -> None:
    columns = [_column("email", "EMAIL_ADDRESS"), _column("card", "CREDIT_CARD")]
    findings = dataset_findings(columns, COVERAGE, Policy())
    assert findings.sensitivity == HC
    assert findings.reasons == ("column 'card' holds CREDIT_CARD (Highly Confidential)",)


@pytest.mark.parametrize(
    ("public", "level", "reason"),
    [
        (False, G, "no sensitive data found (General)"),
        (True, P, "no sensitive data found (public source, Public)"),
    ],
)
def test_rollup_clean_dataset(public: bool, level: Sensitivity, reason: str) -> None:
    columns = [_column("notes", public=public)]
    findings = dataset_findings(columns, COVERAGE, Policy(), public=public)
    assert findings.sensitivity == level
    assert findings.reasons == (reason,)


def test_rollup_public_source_with_general_entities() -> None:
    columns = [_column("homepage", "URL", public=True), _column("zip", "POSTCODE", public=True)]
    findings = dataset_findings(columns, COVERAGE, Policy(), public=True)
    assert findings.sensitivity == P
    assert findings.reasons == (
        "column 'homepage' holds URL (Public)",
        "column 'zip' holds POSTCODE (Public)",
    )


def test_rollup_document_names_the_text() -> None:
    findings = dataset_findings(
        [_column("content", "EMAIL_ADDRESS")], COVERAGE, Policy(), document=True
    )
    assert findings.reasons == ("the text holds EMAIL_ADDRESS (Confidential)",)
    assert findings.document
