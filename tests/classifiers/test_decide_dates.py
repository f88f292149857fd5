"""Person-linked dates: which values are dates, and which date columns are about people."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest
from babel.dates import format_date
from faker import Faker

from classifiers.decide.column import Thresholds
from classifiers.decide.rules import date_guard, life_event
from classifiers.decide.table import decide_columns
from classifiers.engines.dates import DATE_SHAPE, MONTH_LOCALES, date_regex, month_names
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine, shapes
from classifiers.model import ColumnFinding
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

ROWS = 120


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture(scope="module")
def engine(registry: Registry) -> PolarsEngine:
    return PolarsEngine(registry, None, EngineOptions())


# --- which values are dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "is_date"),
    [
        ("1985-03-12", True),
        ("1985-03-12T10:22:01Z", True),
        ("2024-01-31 10:22:01.123+02:00", True),
        ("12/03/1985", True),
        ("03/12/1985", True),
        ("12.03.1985", True),
        ("12.03.85", True),
        ("12. 3. 1985", True),
        ("1985. 03. 12.", True),
        ("12 March 1985", True),
        ("March 12th, 1985", True),
        ("12. März 1985", True),
        ("12 de marzo de 1985", True),
        ("12 marca 1985", True),
        ("2 października 1985", True),
        ("1985. március 12.", True),
        ("12-MAR-1985", True),
        ("3 janv. 1985", True),
        ("1.2.10", False),  # a version
        ("v1.2.3", False),
        ("31/31/1985", False),
        ("12 boxes 1985", False),
        ("123456789", False),
        ("ORD-123456", False),
        ("1985", False),
    ],
)
def test_date_values(value: str, is_date: bool) -> None:
    assert pl.Series([value]).str.contains(date_regex()).item() is is_date


def _babel_dates() -> list[str]:
    days = [dt.date(1985, 3, 12), dt.date(2001, 11, 30), dt.date(1979, 7, 4)]
    return [
        format_date(day, style, locale=code)
        for code in MONTH_LOCALES
        for style in ("long", "medium")
        for day in days
    ]


def test_every_locales_long_and_medium_dates_are_dates() -> None:
    values = pl.Series(_babel_dates())
    missed = values.filter(~values.str.contains(date_regex())).to_list()
    assert not missed


def test_shape_screen_passes_every_date() -> None:
    """DATE_SHAPE is read on shapes before date_regex reads values: it must let every date
    through (a superset), or dates would go uncounted."""
    rng = random.Random(5)
    values = _babel_dates() + [
        f"{rng.randint(1, 28):02d}{sep}{rng.randint(1, 12):02d}{sep}{rng.randint(1940, 2020)}"
        for sep in "/.-"
        for _ in range(20)
    ]
    series = pl.Series(values)
    dates = series.filter(series.str.contains(date_regex()))
    assert dates.len() == len(values)
    assert shapes(dates).str.contains(DATE_SHAPE).all()


def test_month_names_fit_the_shape_screen() -> None:
    assert all(3 <= len(name) <= 12 for name in month_names())


# --- which names tie dates to people ---------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    ["geburtsdatum", "date_de_naissance", "fecha_nacimiento", "data_di_nascita",
     "geboortedatum", "födelsedatum", "fødselsdato", "data_urodzenia", "dob", "DateOfBirth",
     "date_of_death", "customer_birthday", "生年月日", "ημερομηνία_γέννησης"],
)  # fmt: skip
def test_birth_and_death_dates_are_about_a_person(column: str) -> None:
    assert date_guard(column, free_text=False) is None


@pytest.mark.parametrize(
    "column",
    ["created_at", "updated_at", "event_time", "ts", "valid_until", "expiry_date",
     "erstellt_am", "fecha_creacion", "date_modification", "data_aggiornamento",
     "hire_date", "order_date"],
)  # fmt: skip
def test_other_dates_are_not_about_a_person_on_their_own(column: str) -> None:
    assert date_guard(column, free_text=False)


@pytest.mark.parametrize(
    ("column", "event"),
    [("hire_date", "hire"), ("eintrittsdatum", "eintritt"), ("fecha_alta", "alta"),
     ("enrolment_date", "enrol"), ("visit_date", "visit"), ("DataAssunzione", "assunzione"),
     ("termination_date", "termination"), ("datum_indiensttreding", "indienst"),
     ("admission_date", "admission"), ("created_at", None), ("order_date", None),
     ("start_updated_at", None), ("valid_until", None)],
)  # fmt: skip
def test_life_event_words(column: str, event: str | None) -> None:
    assert life_event(column) == event


# --- end to end: engine evidence, column and table decisions ---------------------------------


def _people(locale: str = "de_DE") -> dict[str, list[str]]:
    fake = Faker(locale)
    fake.seed_instance(7)
    return {"mail": [fake.email() for _ in range(ROWS)]}


def _things() -> dict[str, list[str]]:
    rng = random.Random(7)
    return {
        "sku": [f"SKU-{rng.randint(10_000, 99_999)}" for _ in range(ROWS)],
        "price": [f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}" for _ in range(ROWS)],
    }


def _days(kind: str) -> list[object]:
    rng = random.Random(11)
    days = [dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 20_000)) for _ in range(ROWS)]
    if kind == "typed":
        return list(days)
    if kind in ("timestamps", "typed timestamps"):
        times = [dt.datetime(d.year, d.month, d.day, rng.randint(0, 23), 7) for d in days]
        return list(times) if kind == "typed timestamps" else [t.isoformat() for t in times]
    if kind == "iso":
        return [d.isoformat() for d in days]
    if kind == "dmy":
        return [d.strftime("%d.%m.%Y") for d in days]
    if kind == "mdy":
        return [d.strftime("%m/%d/%Y") for d in days]
    return [format_date(d, "long", locale=kind) for d in days]


def _decide(registry: Registry, engine: PolarsEngine, frame: pl.DataFrame) -> list[ColumnFinding]:
    evidence = engine.table_evidence(frame)
    return decide_columns(evidence, registry, Policy(), Thresholds())


def _found(findings: list[ColumnFinding], column: str) -> ColumnFinding:
    return next(f for f in findings if f.column == column)


@pytest.mark.parametrize(
    ("column", "kind", "table", "reported"),
    [
        ("geburtsdatum", "typed", "things", True),  # a birth date needs no table
        ("date_de_naissance", "fr", "things", True),
        ("fecha_nacimiento", "es", "people", True),
        ("data_urodzenia", "pl", "people", True),
        ("födelsedatum", "sv", "people", True),
        ("dob", "mdy", "people", True),
        ("생년월일", "iso", "things", True),
        ("дата_рождения", "dmy", "things", True),
        ("hire_date", "iso", "people", True),
        ("eintrittsdatum", "dmy", "people", True),
        ("fecha_alta", "es", "people", True),
        ("visit_date", "typed", "people", True),
        ("c13", "dmy", "people", True),  # a name that says nothing: the table does
        ("info", "typed", "people", True),
        ("hire_date", "iso", "things", False),  # no person in the table
        ("c13", "iso", "things", False),
        ("c15", "timestamps", "people", False),  # times of day: a system's, unless named
        ("painter", "typed timestamps", "people", False),
        ("admission", "timestamps", "people", True),
        ("start_date", "dmy", "people", True),
        ("started_at", "timestamps", "people", False),  # a chat session's start
        ("issue_date", "iso", "people", False),  # a document's
        ("pay_date", "typed", "people", False),  # a payroll record's
        ("zeitstempel", "iso", "people", False),
        ("FechaDeModificación", "dmy", "people", False),
        ("ts", "typed", "people", False),
        ("order_date", "iso", "people", False),  # a business record's date
        ("payment_date", "dmy", "people", False),
        ("created_at", "typed", "people", False),
        ("updated_at", "iso", "people", False),
        ("valid_until", "dmy", "people", False),
        ("order_date", "iso", "things", False),
        ("event_time", "typed", "things", False),
    ],
)
def test_person_linked_dates(
    registry: Registry, engine: PolarsEngine, column: str, kind: str, table: str, reported: bool
) -> None:
    data = {**(_people() if table == "people" else _things()), column: _days(kind)}
    findings = _decide(registry, engine, pl.DataFrame(data))
    found = _found(findings, column)
    assert ("DATE_TIME" in found.entity_types) is reported, found.reasons
    if reported:
        assert found.sensitivity >= Policy().level_of("DATE_TIME")
        assert f"'{column}'" in " ".join(found.reasons)
    else:
        assert found.entity_types == ()


def test_reason_names_the_table_evidence(registry: Registry, engine: PolarsEngine) -> None:
    frame = pl.DataFrame({**_people(), "nachname": ["x"] * ROWS, "hire_date": _days("iso")})
    (reason,) = _found(_decide(registry, engine, frame), "hire_date").reasons
    assert f"{ROWS} of {ROWS} values in 'hire_date' are dates" in reason
    assert "a hire date in a table about people" in reason
    assert "EMAIL_ADDRESS in 'mail'" in reason and "'nachname' names people" in reason


def test_unhelpful_name_reason(registry: Registry, engine: PolarsEngine) -> None:
    frame = pl.DataFrame({**_people(), "x21": _days("iso")})
    (reason,) = _found(_decide(registry, engine, frame), "x21").reasons
    assert "in a table about people (EMAIL_ADDRESS in 'mail')" in reason
    assert "a name that does not make them record-keeping times" in reason


def test_ids_of_people_do_not_make_a_table_about_people(
    registry: Registry, engine: PolarsEngine
) -> None:
    """Telemetry refers to users by id; it is not about them."""
    frame = pl.DataFrame({"user_id": [str(i) for i in range(ROWS)], "c4": _days("iso")})
    assert _found(_decide(registry, engine, frame), "c4").entity_types == ()


def test_a_record_keeping_time_says_why_it_is_not_reported(
    registry: Registry, engine: PolarsEngine
) -> None:
    frame = pl.DataFrame({**_people(), "created_at": _days("iso")})
    (reason,) = _found(_decide(registry, engine, frame), "created_at").reasons
    assert reason.startswith("not DATE_TIME: 'created_at' names a record-keeping time")


def test_dates_are_counted_across_batches(engine: PolarsEngine) -> None:
    values = _days("de")
    half = ROWS // 2
    whole = engine.column_evidence(pl.Series("d", values))
    parts = engine.column_evidence(pl.Series("d", values[:half])) + engine.column_evidence(
        pl.Series("d", values[half:])
    )
    assert whole.dates == parts.dates == ROWS
