"""decide_column on hand-built evidence: what a column holds, how sensitive, and why."""

from __future__ import annotations

import random
import re

import polars as pl
import pytest
from faker import Faker

from classifiers.decide.column import Thresholds, decide_column
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import ColumnEvidence, MatchCounts, NerCounts
from classifiers.model import ColumnFinding, Sensitivity
from classifiers.nlp import NerEngine, load_ner
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

HC, C, G = Sensitivity.HIGHLY_CONFIDENTIAL, Sensitivity.CONFIDENTIAL, Sensitivity.GENERAL
MILLION = 1_000_000


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


def hits(
    analysed: int,
    matched: int,
    score: float,
    *,
    validated: int = 0,
    whole: int | None = None,
    candidates: int | None = None,
) -> MatchCounts:
    """Counts of one recognizer; every matched row has the same best score."""
    return MatchCounts(
        analysed=analysed,
        candidates=matched if candidates is None else candidates,
        matched=matched,
        validated=validated,
        whole=matched if whole is None else whole,
        score_sum=matched * score,
    )


def column(
    name: str,
    non_null: int,
    matches: dict[str, MatchCounts] | None = None,
    dtype: str = "String",
    **fields: object,
) -> ColumnEvidence:
    return ColumnEvidence(
        column=name,
        dtype=dtype,
        rows=non_null,
        non_null=non_null,
        matches=matches or {},
        **fields,  # type: ignore[arg-type]
    )


def storms(name: str, lead: int) -> ColumnEvidence:
    """NER read most sampled values as one PERSON; `lead` of them share a first word."""
    return column(
        name,
        500,
        ner={"PERSON": NerCounts(sampled=200, hits=150, whole=140, score_sum=127.5)},
        ner_sampled=200,
        repeated_lead=lead,
    )


CASES = [
    (
        "clear email column",
        column("email", 1000, {"EmailRecognizer": hits(1000, 1000, 1.0, validated=1000)}),
        {"EMAIL_ADDRESS"},
        C,
        False,
    ),
    ("too few values", column("notes", 4), set(), G, True),
    (
        "few values, all emails",
        column("contact", 5, {"EmailRecognizer": hits(5, 5, 1.0, validated=5)}),
        {"EMAIL_ADDRESS"},
        C,
        False,
    ),
    (
        "Luhn-validated card column",
        column(
            "card_number",
            1000,
            {
                "CreditCardRecognizer": hits(1000, 1000, 1.0, validated=1000),
                "UsBankRecognizer": hits(1000, 1000, 0.05),
            },
        ),
        {"CREDIT_CARD"},
        HC,
        False,
    ),
    (
        "16-digit codes, 10% pass Luhn by chance",
        column(
            "shipment_ref",
            1000,
            {
                "CreditCardRecognizer": hits(1000, 100, 1.0, validated=100, candidates=1000),
                "UsBankRecognizer": hits(1000, 1000, 0.05),
            },
        ),
        set(),
        G,
        False,
    ),
    (
        "one validated card in a million rows, nothing else",
        column(
            "payload",
            MILLION,
            {"CreditCardRecognizer": hits(MILLION, 1, 1.0, validated=1, candidates=1)},
        ),
        {"CREDIT_CARD"},
        HC,
        False,
    ),
    (
        "one validated card in a column of phone numbers",
        column(
            "phone",
            MILLION,
            {
                "PhoneRecognizer": hits(MILLION, 900_000, 0.75, validated=900_000),
                "CreditCardRecognizer": hits(MILLION, 1, 1.0, validated=1, candidates=1),
            },
        ),
        {"PHONE_NUMBER"},
        C,
        False,
    ),
    (
        "weak bank pattern, account column",
        column("account_number", 1000, {"UsBankRecognizer": hits(1000, 1000, 0.4)}),
        {"US_BANK_NUMBER"},
        HC,
        False,
    ),
    (
        "weak bank pattern, amount column",
        column("amount_ref", 1000, {"UsBankRecognizer": hits(1000, 1000, 0.4)}),
        set(),
        G,
        False,
    ),
    (
        "event timestamps",
        column("signup_ts", 1000, {"DateRecognizer": hits(1000, 1000, 0.8)}),
        set(),
        G,
        False,
    ),
    (
        "birth dates as text",
        column("date_of_birth", 1000, {"DateRecognizer": hits(1000, 1000, 0.6)}),
        {"DATE_TIME"},
        C,
        False,
    ),
    (
        "typed birth dates",
        column("date_of_birth", 1000, dtype="Date", temporal=True),
        {"DATE_TIME"},
        C,
        False,
    ),
    (
        "typed event dates",
        column("created_at", 1000, dtype="Datetime(time_unit='us', time_zone=None)", temporal=True),
        set(),
        G,
        False,
    ),
    (
        "bare names no suffix list confirms are not URLs",
        column("email_domain", 1000, {"UrlRecognizer": hits(1000, 1000, 0.5)}),
        set(),
        G,
        False,
    ),
    (
        "bare domain names confirmed by the public suffix list are URLs",
        column("domain", 1000, {"DomainRecognizer": hits(1000, 950, 1.0, validated=950)}),
        {"URL"},
        G,
        False,
    ),
    (
        "web sites",
        column("website", 1000, {"UrlRecognizer": hits(1000, 1000, 0.6)}),
        {"URL"},
        G,
        False,
    ),
    (
        "order ids that parse as phone numbers",
        column(
            "order_id",
            1000,
            {"PhoneRecognizer": hits(1000, 1000, 0.4, validated=1000)},
            digits_only=1000,
        ),
        set(),
        G,
        False,
    ),
    (
        "plain digits that parse as phone numbers",
        column(
            "value",
            1000,
            {"PhoneRecognizer": hits(1000, 1000, 0.4, validated=1000)},
            digits_only=1000,
        ),
        set(),
        G,
        False,
    ),
    (
        "mobile numbers written as plain digits",
        column(
            "mobile",
            1000,
            {"PhoneRecognizer": hits(1000, 1000, 0.75, validated=1000)},
            digits_only=1000,
        ),
        {"PHONE_NUMBER"},
        C,
        False,
    ),
    (
        "postcodes split across two recognizers",
        column(
            "postcode",
            1000,
            {
                "UkPostcodeRecognizer": hits(1000, 500, 0.45),
                "PostcodeRecognizer": hits(1000, 500, 0.65),
            },
        ),
        {"LOCATION"},  # postcodes of several countries: LOCATION (postcode)
        G,
        False,
    ),
    (
        # The engine credits each value to one recognizer of an entity type, so the two
        # recognizers' counts are disjoint: together 400 of 1,000 values, 40% of the column.
        "zips split between two recognizers, too few",
        column(
            "zip",
            1000,
            {
                "DePlzRecognizer": hits(1000, 150, 0.05),
                "PostcodeRecognizer": hits(1000, 250, 0.4),
            },
        ),
        set(),
        G,
        False,
    ),
    ("storm names share a leading word", storms("name", lead=180), set(), G, False),
    ("people's names", storms("full_name", lead=10), {"PERSON"}, C, False),
    (
        "free text with emails in 10% of rows",
        column(
            "comment",
            1000,
            {"EmailRecognizer": hits(1000, 100, 1.0, validated=100, whole=0)},
            prose=900,
        ),
        {"EMAIL_ADDRESS"},
        C,
        False,
    ),
    (
        "boolean flag named after an entity",
        column("has_ssn", 1000, dtype="Boolean"),
        set(),
        G,
        False,
    ),
]


def _decide(evidence: ColumnEvidence, registry: Registry) -> ColumnFinding:
    return decide_column(evidence, registry, Policy(), Thresholds())


@pytest.mark.parametrize(
    ("evidence", "entities", "level", "undetermined"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_decide_column(
    registry: Registry,
    evidence: ColumnEvidence,
    entities: set[str],
    level: Sensitivity,
    undetermined: bool,
) -> None:
    finding = _decide(evidence, registry)
    assert set(finding.entity_types) == entities
    assert finding.sensitivity == level
    assert finding.undetermined is undetermined
    assert finding.column == evidence.column
    assert finding.non_null == evidence.non_null


@pytest.mark.parametrize(
    "evidence", [pytest.param(case[1], id=case[0]) for case in CASES if case[2] or case[4]]
)
def test_reasons_are_counts(registry: Registry, evidence: ColumnEvidence) -> None:
    """Every reason is a readable sentence built from counts (evidence holds no values)."""
    finding = _decide(evidence, registry)
    assert finding.reasons
    assert len(finding.reasons) == max(1, len(finding.entities))
    for reason in finding.reasons:
        assert reason.strip()
        if evidence.temporal:
            assert f"'{evidence.column}'" in reason
        elif finding.undetermined:
            assert f"only {evidence.non_null} non-null values" in reason
        else:
            assert re.search(r"\d[\d,]* of \d[\d,]*", reason), reason


@pytest.mark.parametrize("evidence", [pytest.param(case[1], id=case[0]) for case in CASES])
def test_entity_ratios_are_shares(registry: Registry, evidence: ColumnEvidence) -> None:
    for entity in _decide(evidence, registry).entities:
        assert 0.0 <= entity.ratio <= 1.0, entity
        assert 0.0 <= entity.confidence <= 1.0, entity


def test_zip_codes_split_between_two_recognizers_add_up(registry: Registry) -> None:
    evidence = column(
        "zip_code",
        1000,
        {"DePlzRecognizer": hits(1000, 300, 0.05), "PostcodeRecognizer": hits(1000, 700, 0.4)},
    )
    (postcode,) = _decide(evidence, registry).entities
    assert (postcode.entity, postcode.subtype) == ("LOCATION", "POSTCODE")
    assert postcode.ratio == 1.0
    assert "1,000 of 1,000 non-null values" in postcode.reason


def test_postcodes_of_one_country_keep_presidios_type(registry: Registry) -> None:
    evidence = column(
        "postcode",
        1000,
        {"UkPostcodeRecognizer": hits(1000, 950, 0.5), "PostcodeRecognizer": hits(1000, 50, 0.4)},
    )
    (postcode,) = _decide(evidence, registry).entities
    assert (postcode.entity, postcode.subtype) == ("UK_POSTCODE", None)


def test_value_matched_by_two_recognizers_counts_once(registry: Registry) -> None:
    # Counts estimated from each recognizer's own sample overlap: 700 + 600 of 1,000 rows.
    evidence = column(
        "zip",
        1000,
        {"DePlzRecognizer": hits(1000, 600, 0.4), "PostcodeRecognizer": hits(1000, 700, 0.4)},
    )
    (postcode,) = _decide(evidence, registry).entities
    assert postcode.ratio == 1.0
    assert postcode.matches == 1000
    assert "1,000 of 1,000 non-null values" in postcode.reason


def test_street_address_is_location_with_a_subtype(registry: Registry) -> None:
    evidence = column("street", 1000, {"StreetAddressRecognizer": hits(1000, 900, 0.5)})
    finding = _decide(evidence, registry)
    (street,) = finding.entities
    assert (street.entity, street.subtype) == ("LOCATION", "STREET_ADDRESS")
    assert finding.sensitivity == C  # LOCATION/STREET_ADDRESS, not LOCATION's General


def test_sparse_card_reason_says_why(registry: Registry) -> None:
    evidence = column(
        "payload",
        MILLION,
        {"CreditCardRecognizer": hits(MILLION, 1, 1.0, validated=1, candidates=1)},
    )
    (card,) = _decide(evidence, registry).entities
    assert card.reason.startswith("1 of 1,000,000 non-null values are CREDIT_CARD, 1 validated")
    assert "CreditCardRecognizer" in card.reason
    assert card.validated == 1
    assert card.confidence >= 0.8  # a checksum-confirmed value is sure, however rare


def test_free_text_reason_mentions_rows(registry: Registry) -> None:
    evidence = column(
        "comment",
        1000,
        {"EmailRecognizer": hits(1000, 100, 1.0, validated=100, whole=0)},
        prose=900,
    )
    finding = _decide(evidence, registry)
    assert finding.free_text
    (reason,) = finding.reasons
    assert "100 of 1,000 rows (10%) of free text" in reason


def test_public_source_with_general_entities_is_public(registry: Registry) -> None:
    evidence = column("website", 1000, {"UrlRecognizer": hits(1000, 1000, 0.6)})
    finding = decide_column(evidence, registry, Policy(), Thresholds(), public=True)
    assert finding.entity_types == ("URL",)
    assert finding.sensitivity == Sensitivity.PUBLIC


# --- end to end with spaCy NER ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ner_engine(registry: Registry) -> PolarsEngine:
    ner: NerEngine | None = load_ner()
    assert ner is not None, "the spaCy model package is a dev dependency"
    return PolarsEngine(registry, ner, EngineOptions())


def _names(kind: str) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(3)
    rng = random.Random(3)
    if kind == "storms":
        leads = ["Hurricane", "Tropical Storm", "Typhoon", "Cyclone"]
        return [f"{rng.choice(leads)} {fake.first_name()}" for _ in range(80)]
    if kind == "people":
        return [fake.name() for _ in range(80)]
    return [fake.catch_phrase() for _ in range(80)]


@pytest.mark.parametrize(
    ("name", "kind", "entities"),
    [
        ("name", "storms", set()),
        ("storm_name", "storms", set()),
        ("full_name", "people", {"PERSON"}),
        ("product_name", "products", set()),
    ],
)
def test_ner_on_real_values(
    ner_engine: PolarsEngine, registry: Registry, name: str, kind: str, entities: set[str]
) -> None:
    evidence = ner_engine.column_evidence(pl.Series(name, _names(kind)))
    assert evidence.ner_sampled > 0
    finding = _decide(evidence, registry)
    assert set(finding.entity_types) == entities


# --- routing numbers are ABA_ROUTING_NUMBER, not US_BANK_NUMBER --------------------------------


@pytest.mark.parametrize("name", ["routing_number", "bank_routing", "aba_rtn", "field_7"])
def test_routing_numbers_are_aba_not_bank_numbers(registry: Registry, name: str) -> None:
    """Presidio's UsBankRecognizer matches any 8-17 digits, so it matches every routing number
    too; the checksum-validated ABA type is the one reported, under a routing-ish column name
    and under one that says nothing."""
    from stdnum.us import rtn

    fake = Faker("en_US")
    fake.seed_instance(14)
    values = [fake.aba() for _ in range(200)]
    assert all(rtn.is_valid(v) for v in values)
    evidence = PolarsEngine(registry, None, EngineOptions()).column_evidence(
        pl.Series(name, values)
    )
    assert evidence.matches["UsBankRecognizer"].matched == 200  # the competing weak pattern
    assert evidence.matches["AbaRoutingRecognizer"].validated == 200
    finding = _decide(evidence, registry)
    assert finding.entity_types == ("ABA_ROUTING_NUMBER",)
    assert "US_BANK_NUMBER" not in finding.entity_types
    assert finding.sensitivity == HC
    assert "200 validated (AbaRoutingRecognizer" in finding.reasons[0]
