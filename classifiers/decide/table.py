"""The table pass: each column's finding weighed against the other columns of its dataset.

`decide_column` sees one column. Some questions need the table: are the dates in `hire_date`
about people (the table holds names, emails or ID numbers of people)? Are the names in `name`
people, or ships (the table is about things and nothing in it is about people)?
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from classifiers.decide.column import Thresholds, decide_column, is_free_text
from classifiers.decide.ids import IDENTITY_TYPES
from classifiers.decide.people import names_beside_people
from classifiers.decide.rules import (
    DATE_ENTITY,
    DRIVER_LICENCES,
    date_finding,
    dated_values,
    life_event,
)
from classifiers.decide.words import (
    BOUNDS,
    BUSINESS_IDS,
    CREATORS,
    PEOPLE,
    RECORD_KEEPING,
    THINGS,
    Words,
    found,
)
from classifiers.evidence import DISTINCT_CAP, ColumnEvidence, MatchCounts, TableEvidence
from classifiers.model import ColumnFinding, EntityFinding
from classifiers.names import IDENTIFIER_HINTS, mentions
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry

# Findings that say a row is a person (places and dates alone do not).
PEOPLE_ENTITIES = frozenset({
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "NRP", "EMPLOYEE_ID", "MEDICAL_RECORD_NUMBER",
    "STREET_ADDRESS", "GENDER", *IDENTITY_TYPES,
})  # fmt: skip
# Findings a table about things (and about no person) does not keep: weak readings of values.
THING_VETOED = frozenset({"PERSON", *DRIVER_LICENCES})
_SHOWN = 3  # signs named in a reason
PLACES = frozenset({None, "CITY", "REGION", "COUNTRY"})  # LOCATION subtypes of place names


def decide_columns(
    evidence: TableEvidence,
    registry: Registry,
    policy: Policy,
    thresholds: Thresholds,
    public: bool = False,
) -> list[ColumnFinding]:
    """Every column of a dataset decided, then the table pass over them."""
    columns = [
        decide_column(ev, registry, policy, thresholds, public) for ev in evidence.columns.values()
    ]
    return table_pass(columns, evidence, policy, thresholds, public)


def people_signs(columns: Sequence[ColumnFinding]) -> list[tuple[str, str]]:
    """(column, sign) for each column that says the table is about people."""
    signs = []
    for column in columns:
        kinds = [e.entity for e in column.entities if _is_people(e)]
        if kinds:
            signs.append((column.column, f"{kinds[0]} in '{column.column}'"))
        elif _names_people(column.column):
            signs.append((column.column, f"'{column.column}' names people"))
    return signs


def _names_people(column: str) -> bool:
    """`nachname`, `patient`; not `user_id` (events refer to people by ids; they are not
    about them) nor `ship_name`."""
    people = found(column, PEOPLE) and not found(column, THINGS)
    return bool(people) and not mentions(column, IDENTIFIER_HINTS)


def thing_signs(columns: Sequence[ColumnFinding]) -> list[tuple[str, str]]:
    """(column, sign) for each column whose name says the table is about things (an order
    number does not: orders are made by people)."""
    signs = []
    for column in columns:
        word = found(column.column, THINGS)
        if word:
            signs.append((column.column, f"'{column.column}' ({word})"))
    return signs


def table_pass(
    columns: Sequence[ColumnFinding],
    evidence: TableEvidence,
    policy: Policy,
    thresholds: Thresholds,
    public: bool = False,
) -> list[ColumnFinding]:
    """Column findings promoted or demoted by what the other columns hold."""
    people, things = people_signs(columns), thing_signs(columns)
    decided = []
    for column in columns:
        ev = evidence.columns.get(column.column)
        others = [s for c, s in people if c != column.column]
        if ev is not None and not column.free_text and not is_free_text(ev):
            column = people_dates(column, ev, others, policy, thresholds, public)
            column = people_diagnoses(column, ev, others, policy, thresholds, public)
            column = people_names(column, ev, others, policy, public)
            column = people_streets(column, ev, others, policy, public)
            if not others:
                thingish = [s for c, s in things if c != column.column]
                column = things_not_people(column, thingish, policy, public)
                column = creators_not_subjects(column, policy, public)
                column = places_without_people(column, policy, public)
        decided.append(column)
    return decided


def people_dates(
    column: ColumnFinding,
    evidence: ColumnEvidence,
    people: Sequence[str],
    policy: Policy,
    thresholds: Thresholds,
    public: bool,
) -> ColumnFinding:
    """Dates in a table about people are DATE_TIME, quasi-identifiers of those people, when
    the name says a life event (`hire_date`, `fecha_alta`, `visit`) or says nothing
    (`c13`, `info`); not when it says a record-keeping time (`created_at`) or a business
    record's date (`order_date`, `payment_date`), nor when a name that says nothing holds
    timestamps."""
    if not people or any(e.entity == DATE_ENTITY for e in column.entities):
        return column
    if not evidence.non_null or dated_values(evidence) < thresholds.min_ratio * evidence.non_null:
        return column
    name = column.column
    event = life_event(name)
    if event is None and (found(name, RECORD_KEEPING) or found(name, BUSINESS_IDS)):
        return column
    # A name that says nothing, or only that something started or ended (`started_at` of a
    # chat), over times of day: a system's timestamps.
    if (event is None or found(name, BOUNDS)) and _timestamps(evidence):
        return column
    where = f"in a table about people ({', '.join(people[:_SHOWN])})"
    why = f"a {event} date {where}"
    if event is None:
        why = f"{where}, under a name that does not make them record-keeping times"
    confidence = 0.7 if event else 0.6
    date = date_finding(evidence, why, confidence)
    return _with(column, [*column.entities, date], (), policy, public)


def _unexplained(
    column: ColumnFinding,
    evidence: ColumnEvidence,
    people: Sequence[str],
    recognizer: str,
    *not_named: Words,
) -> MatchCounts | None:
    """A weak recognizer's counts on a column nothing else explains, in a table about people,
    under a name that says none of `not_named`; None when the table pass has nothing to add."""
    counts = evidence.matches.get(recognizer)
    if not people or column.entities or counts is None or not counts.analysed:
        return None
    if any(found(column.column, words) for words in not_named):
        return None
    return counts


# Diagnosis codes under a name that says nothing: nearly every value an ICD-10 code, many of
# them, and longer than bare seat or room codes (A12) on average, in a table about people.
ICD10_RECOGNIZER = "Icd10CodeRecognizer"
CODES_SHARE = 0.8
CODES_DISTINCT = 8
CODES_MEAN_LENGTH = 4.0


def people_diagnoses(
    column: ColumnFinding,
    evidence: ColumnEvidence,
    people: Sequence[str],
    policy: Policy,
    thresholds: Thresholds,
    public: bool,
) -> ColumnFinding:
    """ICD-10 codes are weak alone ("B12" is also a seat), so a column of them needs its
    name to say diagnosis; in a table about people, a column whose values are nearly all
    codes of many kinds and mostly with a subcategory (E11.9, J45.909) is one too."""
    counts = _unexplained(column, evidence, people, ICD10_RECOGNIZER, BUSINESS_IDS, RECORD_KEEPING)
    if counts is None:
        return column
    enough = counts.analysed >= thresholds.min_values and len(counts.distinct) >= CODES_DISTINCT
    if not enough or counts.whole < CODES_SHARE * counts.analysed:
        return column
    if evidence.mean_length < CODES_MEAN_LENGTH:
        return column
    why = (
        f"{counts.whole} of {counts.analysed} values are ICD-10 codes ({len(counts.distinct)} "
        f"distinct) in a table about people ({', '.join(people[:_SHOWN])})"
    )
    share = round(counts.whole / counts.analysed, 4)
    code = EntityFinding("ICD10_CODE", 0.6, share, counts.whole, 0, why)
    return _with(column, [*column.entities, code], (), policy, public)


def people_names(
    column: ColumnFinding,
    evidence: ColumnEvidence,
    people: Sequence[str],
    policy: Policy,
    public: bool,
) -> ColumnFinding:
    """Names under a name that says nothing, beside columns about people (see
    `names_beside_people`)."""
    if not people or column.entities or found(column.column, THINGS):
        return column
    name = names_beside_people(evidence, ", ".join(people[:_SHOWN]))
    return column if name is None else _with(column, [name], (), policy, public)


# Street lines under a name that says nothing: the weak shape of name words and a house
# number on nearly every value, nearly every value its own (plans and models repeat: "Plan 3").
STREET_SHAPE_RECOGNIZER = "HouseNumberLineRecognizer"
STREETS_SHARE = 0.8
STREETS_DISTINCT = 0.8
STREETS_MEAN_LENGTH = 8.0


def people_streets(
    column: ColumnFinding,
    evidence: ColumnEvidence,
    people: Sequence[str],
    policy: Policy,
    public: bool,
) -> ColumnFinding:
    """Street lines in any language (46/687 दीपक नाथ, Olsenvika 4) beside columns about
    people: the shape alone is weak, the table says whose addresses they are."""
    counts = _unexplained(column, evidence, people, STREET_SHAPE_RECOGNIZER, THINGS, BUSINESS_IDS)
    if counts is None or counts.analysed < MIN_STREETS:
        return column
    if counts.whole < STREETS_SHARE * counts.analysed or evidence.mean_length < STREETS_MEAN_LENGTH:
        return column
    if len(counts.distinct) < STREETS_DISTINCT * min(counts.analysed, DISTINCT_CAP):
        return column
    why = (
        f"{counts.whole} of {counts.analysed} values are a name and a house number, "
        f"{len(counts.distinct)} distinct, in a table about people ({', '.join(people[:_SHOWN])})"
    )
    share = round(counts.whole / counts.analysed, 4)
    street = EntityFinding("LOCATION", 0.6, share, counts.whole, 0, why, "STREET_ADDRESS")
    return _with(column, [*column.entities, street], (), policy, public)


MIN_STREETS = 10


def places_without_people(column: ColumnFinding, policy: Policy, public: bool) -> ColumnFinding:
    """Cities, regions and countries in a table with no column about people are reference
    data (a warehouse's city, a country's statistics), not personal data. Street addresses
    and postcodes are left alone: they say where someone lives."""
    dropped = [e for e in column.entities if e.entity == "LOCATION" and e.subtype in PLACES]
    if not dropped:
        return column
    kept = [e for e in column.entities if e not in dropped]
    veto = "not LOCATION: place names in a table with no column about people"
    return _with(column, kept, (veto,), policy, public)


def things_not_people(
    column: ColumnFinding, things: Sequence[str], policy: Policy, public: bool
) -> ColumnFinding:
    """In a table about things, with no column about people, names are of things (ships,
    products, pets) and licence numbers are of things (vehicles, software)."""
    if not things or (found(column.column, PEOPLE) and not found(column.column, THINGS)):
        return column
    dropped = [e for e in column.entities if e.entity in THING_VETOED]
    if not dropped:
        return column
    kept = [e for e in column.entities if e.entity not in THING_VETOED]
    context = ", ".join(things[:_SHOWN])
    vetoes = tuple(
        f"not {e.entity}: a table about things ({context}) with no column about people"
        for e in dropped
    )
    return _with(column, kept, vetoes, policy, public)


def creators_not_subjects(column: ColumnFinding, policy: Policy, public: bool) -> ColumnFinding:
    """A column that names the creators of works (`composer`, `autor`) in a table with no
    other column about people is a catalogue's public figures, not its data subjects."""
    word = found(column.column, CREATORS)
    if not word or "PERSON" not in column.entity_types:
        return column
    kept = [e for e in column.entities if e.entity != "PERSON"]
    veto = (
        f"not PERSON: '{column.column}' ({word}) names creators of works, public figures, in a "
        "table with no column about people"
    )
    return _with(column, kept, (veto,), policy, public)


def _timestamps(evidence: ColumnEvidence) -> bool:
    """Times of day with the dates: a system's timestamps, not a person's birthday or
    first day at work (which the name must then say)."""
    if evidence.temporal:
        return evidence.dtype.startswith("Datetime")
    return evidence.timed_dates * 2 > evidence.dates


def _is_people(finding: EntityFinding) -> bool:
    return finding.entity in PEOPLE_ENTITIES or finding.subtype in PEOPLE_ENTITIES


def _key(finding: EntityFinding) -> str:
    return f"{finding.entity}/{finding.subtype}" if finding.subtype else finding.entity


def _with(
    column: ColumnFinding,
    entities: Sequence[EntityFinding],
    vetoes: tuple[str, ...],
    policy: Policy,
    public: bool,
) -> ColumnFinding:
    """The finding with new entities: level and reasons follow them."""
    ranked = sorted(entities, key=lambda e: -e.confidence)
    reasons = tuple(e.reason for e in ranked) or vetoes
    return replace(
        column,
        entities=tuple(ranked),
        sensitivity=policy.entities_level((_key(e) for e in ranked), public),
        undetermined=column.undetermined and not ranked,
        reasons=reasons,
    )
