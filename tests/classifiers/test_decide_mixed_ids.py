"""Columns that mix identity-document types: the column test on their union."""

from __future__ import annotations

import datetime
import random
import re
import types
from unittest import mock

import polars as pl
import pytest
from faker import Faker
from faker.providers.ssn import fi_FI as fi_ssn
from faker.providers.ssn import sv_SE as sv_ssn
from stdnum import verhoeff

from classifiers.decide.column import Thresholds, decide_column
from classifiers.decide.groups import EntityGroup
from classifiers.decide.ids import mixed_identifiers
from classifiers.decide.table import decide_columns
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.model import ColumnFinding, Sensitivity
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

PER_TYPE = 80
# Faker dates Finnish and Swedish numbers back from today, and PESEL's birth date is drawn up
# to now: the values are generated as of one fixed day, so the test reads the same column on
# every day it runs (on 2026-12-07 the column of the day held two Swedish numbers fewer than
# its early-stopped estimate counted).
DAY = datetime.datetime(2026, 6, 1, 12, 0)


class _Now(datetime.datetime):
    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> _Now:
        return cls.fromtimestamp(DAY.timestamp(), tz)


class _Today(datetime.date):
    @classmethod
    def today(cls) -> _Today:
        return cls(DAY.year, DAY.month, DAY.day)


_CLOCK = types.SimpleNamespace(datetime=_Now, date=_Today, timedelta=datetime.timedelta)
GENERATORS = {
    "es_ES": ("ES_NIF", lambda f: f.nif()),
    "it_IT": ("IT_FISCAL_CODE", lambda f: f.ssn()),
    "pl_PL": ("PL_PESEL", lambda f: f.pesel(date_of_birth=f.date_time(end_datetime=DAY))),
    "fi_FI": ("FI_PERSONAL_IDENTITY_CODE", lambda f: f.ssn()),
    "sv_SE": ("SE_PERSONNUMMER", lambda f: f.ssn()),
    "en_US": ("US_SSN", lambda f: f.ssn()),
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture(scope="module")
def engine(registry: Registry) -> PolarsEngine:
    return PolarsEngine(registry, None, EngineOptions())


def _ids(locales: list[str], per_type: int = PER_TYPE) -> list[str]:
    values = []
    with (
        mock.patch.object(fi_ssn, "datetime", _CLOCK),
        mock.patch.object(sv_ssn, "datetime", _CLOCK),
    ):
        for locale in locales:
            fake = Faker(locale)
            fake.seed_instance(1)
            values += [GENERATORS[locale][1](fake) for _ in range(per_type)]
    random.Random(1).shuffle(values)
    return values


def _decide(
    registry: Registry, engine: PolarsEngine, name: str, values: list[str]
) -> ColumnFinding:
    evidence = engine.table_evidence(pl.DataFrame({name: values}))
    (finding,) = decide_columns(evidence, registry, Policy(), Thresholds())
    return finding


@pytest.mark.parametrize(
    "locales",
    [list(GENERATORS), ["es_ES", "it_IT", "pl_PL"], ["fi_FI", "sv_SE", "en_US", "es_ES"]],
)
def test_every_type_of_a_mixed_column_is_reported(
    registry: Registry, engine: PolarsEngine, locales: list[str]
) -> None:
    values = _ids(locales)
    finding = _decide(registry, engine, "document_number", values)
    assert set(finding.entity_types) == {GENERATORS[loc][0] for loc in locales}
    assert finding.sensitivity == Sensitivity.HIGHLY_CONFIDENTIAL
    for entity in finding.entities:
        assert f"of {len(values)} values are national identifiers" in entity.reason
        # Each type's count; a few values of a like-shaped type may pass its checksum too.
        count = int(re.search(rf"{entity.entity} (\d+)", entity.reason).group(1))  # type: ignore[union-attr]
        assert PER_TYPE <= count <= PER_TYPE * 1.05
        assert 0.05 <= entity.ratio < 0.6


def test_a_column_of_one_type_keeps_its_own_reason(
    registry: Registry, engine: PolarsEngine
) -> None:
    finding = _decide(registry, engine, "dni", _ids(["es_ES"], 200))
    assert finding.entity_types == ("ES_NIF",)
    assert "national identifiers" not in finding.reasons[0]


def test_identifiers_among_other_values_are_not_a_column_of_identifiers(
    registry: Registry, engine: PolarsEngine
) -> None:
    rng = random.Random(3)
    words = [f"REF-{rng.randint(10_000, 99_999)}-{rng.choice('ABCDEF')}" for _ in range(400)]
    finding = _decide(registry, engine, "notes", _ids(["it_IT", "pl_PL"], 40) + words)
    assert not any("national identifiers" in r for r in finding.reasons)


# --- the rule on hand-built groups ------------------------------------------------------------


def group(
    entity: str,
    whole: int,
    *,
    checksum: bool = True,
    candidates: int | None = None,
    base_score: float = 0.5,
    context: bool = False,
    analysed: int = 1000,
) -> EntityGroup:
    counts = MatchCounts(
        analysed=analysed,
        candidates=whole if candidates is None else candidates,
        matched=whole,
        validated=whole if checksum else 0,
        whole=whole,
        score_sum=whole * base_score,
    )
    return EntityGroup(
        entity, counts, (f"{entity}Recognizer",), checksum, checksum, base_score, context
    )


EVIDENCE = ColumnEvidence("document_number", "String", rows=1000, non_null=1000)


@pytest.mark.parametrize(
    ("groups", "reported"),
    [
        pytest.param(
            [group("ES_NIF", 350), group("IT_FISCAL_CODE", 350)],
            {"ES_NIF", "IT_FISCAL_CODE"},
            id="two types, each 35%",
        ),
        pytest.param(
            [group("ES_NIF", 250), group("IT_FISCAL_CODE", 250)], set(), id="union below 60%"
        ),
        pytest.param(
            [group("ES_NIF", 700), group("IT_FISCAL_CODE", 100)],
            set(),
            id="one type passes alone: the usual test reports it",
        ),
        pytest.param(
            [group("ES_NIF", 400), group("US_PASSPORT", 400, checksum=False, base_score=0.1)],
            set(),
            id="a weak unnamed pattern does not count",
        ),
        pytest.param(
            [
                group("ES_NIF", 400),
                group("US_PASSPORT", 400, checksum=False, base_score=0.1, context=True),
            ],
            {"ES_NIF", "US_PASSPORT"},
            id="a weak pattern the column name names counts",
        ),
        pytest.param(
            [group("PL_PESEL", 450), group("UK_NHS", 150, candidates=1000)],
            set(),
            id="checksum passing by chance on other types' values",
        ),
        pytest.param(
            [group("PL_PESEL", 300), group("SE_PERSONNUMMER", 300), group("UK_NHS", 30)],
            {"PL_PESEL", "SE_PERSONNUMMER"},
            id="a type under 5% is not listed",
        ),
        pytest.param(
            [group("IBAN_CODE", 300), group("CREDIT_CARD", 300)],
            set(),
            id="bank numbers are not identity documents",
        ),
    ],
)
def test_mixed_identifiers(groups: list[EntityGroup], reported: set[str]) -> None:
    found = mixed_identifiers(groups, EVIDENCE, Thresholds().min_ratio)
    assert {f.entity for f in found} == reported


def test_a_column_another_entity_explains_is_not_a_mix(registry: Registry) -> None:
    """Account numbers, some of which read as tax or social numbers, are bank numbers."""

    def hits(matched: int, score: float) -> MatchCounts:
        return MatchCounts(1000, matched, matched, 0, matched, matched * score)

    evidence = ColumnEvidence(
        "account_number",
        "String",
        rows=1000,
        non_null=1000,
        matches={
            "UsBankRecognizer": hits(1000, 0.4),
            "UsSsnRecognizer": hits(350, 0.5),
            "PhUmidRecognizer": hits(300, 0.5),
        },
    )
    finding = decide_column(evidence, registry, Policy(), Thresholds())
    assert finding.entity_types == ("US_BANK_NUMBER",)


def _aadhaar(valid: bool, rng: random.Random) -> str:
    body = f"{rng.randint(2, 9)}{rng.randint(0, 10**10 - 1):010d}"
    return body + (verhoeff.calc_check_digit(body) if valid else str(rng.randint(0, 9)))


@pytest.mark.parametrize(
    ("column", "valid", "reported"),
    [
        ("attr_15", True, True),  # every value passes Verhoeff: not chance
        ("documentNumber", True, True),
        ("attr_15", False, False),  # about 1 in 10 passes by chance
        ("isbn", True, False),  # a thing's number, with check digits of its own
        ("sku", True, False),
        ("ean13", True, False),
    ],
)
def test_a_checksum_nearly_every_value_passes_needs_no_context(
    registry: Registry, engine: PolarsEngine, column: str, valid: bool, reported: bool
) -> None:
    rng = random.Random(9)
    finding = _decide(registry, engine, column, [_aadhaar(valid, rng) for _ in range(200)])
    assert ("IN_AADHAAR" in finding.entity_types) is reported, finding.reasons
