"""Column names that are values: a CSV without a header row has its first row read as names,
and a JSON object may be keyed by email addresses. Such a name would reach the catalog, the
Dagster UI and every export, so it is masked like an example before anything reads it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from classifiers.confirm import confirm_value
from classifiers.engines.polars_engine import flagged_by
from classifiers.masking import mask_value
from classifiers.recognizers.registry import RecognizerSpec, Registry

VALUE_SCORE = 0.5  # an unvalidated pattern's score that makes a name a value
# A bare domain scores 0.5 as a URL, and nested names are joined with dots (`orders.total`):
# a URL must have a scheme or `www.` (0.6) to be masked.
ENTITY_SCORES = {"URL": 0.6}
VALUE_COVER = 0.8  # share of the name (or of a nested name's part) the match must cover
NOT_VALUES = frozenset({"DATE_TIME"})  # `2024-01-31` names a period's column in wide tables
# Bare domains (`orders.4111.total` ends in a public suffix): nested names look like them.
NOT_VALUE_RECOGNIZERS = frozenset({"DomainRecognizer"})
# What a value worth masking holds: an @, a colon or slash (IPv6, URLs) or four digits or
# more (cards, phones, IDs, IBANs, IPv4). `feature_12`, `address.city`: not looked at.
_MAYBE = re.compile(r"[@:/]|(?:\d\D*){4}")


def _value_specs(registry: Registry) -> list[RecognizerSpec]:
    skipped = NOT_VALUE_RECOGNIZERS
    return [s for s in registry.specs if s.entity not in NOT_VALUES and s.name not in skipped]


def _worth_a_look(text: str) -> bool:
    return len(text.strip()) >= 4 and _MAYBE.search(text) is not None


EntityOf = Callable[[str], str | None]


def _entity_of(texts: Iterable[str], registry: Registry) -> EntityOf:
    """`_value_entity` for these texts, each confirmed only with the recognizers whose
    prefilters flag it (`flagged_by`, one vectorised pass over all of them): thousands of
    names cost a query, not every pattern on every name."""
    wanted = sorted({t for t in texts if _worth_a_look(t)})
    specs = _value_specs(registry)
    screened = {
        text: [s for s in specs if s.name in flags]
        for text, flags in zip(wanted, flagged_by(wanted, registry), strict=True)
    }
    return lambda text: _value_entity(text, screened.get(text, []))


def _value_entity(text: str, specs: Sequence[RecognizerSpec]) -> str | None:
    """The entity type `text` is a value of (an email address, a card number), if any."""
    if not specs or not _worth_a_look(text):
        return None
    for hit in confirm_value(text, specs, frozenset(), False):
        strong = hit.validated or hit.score >= ENTITY_SCORES.get(hit.entity, VALUE_SCORE)
        if strong and hit.end - hit.start >= VALUE_COVER * len(text.strip()):
            return hit.entity
    return None


def first_row_is_data(records: Sequence[Sequence[str]], registry: Registry) -> bool:
    """Whether a delimited file's first record is data, not a header row: one of its fields
    is a value (an email address, a card number, a phone number...) and a later record holds
    a value of the same type in that column. A header naming a column after an address
    (`date,ann@corp.org` over numbers) stays a header, and so does a lone first row."""
    if len(records) < 2:
        return False
    first, rest = records[0], records[1:]
    entity_of = _entity_of((field for record in records for field in record), registry)
    for index, field in enumerate(first):
        entity = entity_of(field)
        if entity is not None and any(
            index < len(record) and entity_of(record[index]) == entity for record in rest
        ):
            return True
    return False


def masked_name(name: str, registry: Registry) -> str:
    """The name with each part that is a value masked (`mask_value`); most names unchanged."""
    return _masked_name(name, _entity_of(_runs(name), registry))


def _runs(name: str) -> list[str]:
    return [name[a:b] for a, b in _spans(name)]


def _spans(name: str) -> list[tuple[int, int]]:
    """Nested JSON keys are joined with dots (`a@b.com.visits`), so every run of
    dot-separated parts is a candidate, the longest first."""
    dots = [i for i, char in enumerate(name) if char == "."]
    starts, ends = [0, *(i + 1 for i in dots)], [*dots, len(name)]
    return sorted(((a, b) for a in starts for b in ends if b > a), key=lambda r: r[0] - r[1])


def _masked_name(name: str, entity_of: EntityOf) -> str:
    masked: list[tuple[int, int, str]] = []
    for a, b in _spans(name):
        if any(a < end and start < b for start, end, _ in masked):
            continue
        entity = entity_of(name[a:b])
        if entity is not None:
            masked.append((a, b, mask_value(name[a:b], entity)))
    out, at = [], 0
    for a, b, text in sorted(masked):
        out += [name[at:a], text]
        at = b
    return "".join(out) + name[at:]


def masked_names(
    columns: Sequence[str], registry: Registry, taken: Iterable[str] = ()
) -> dict[str, str]:
    """{name: masked name} for each column name that holds a value; masked names stay unique
    (`#2`, `#3` after a repeat) and never take another column's name (or one in `taken`)."""
    taken = {*columns, *taken}
    entity_of = _entity_of((run for name in columns for run in _runs(name)), registry)
    renamed: dict[str, str] = {}
    for name in columns:
        masked = _masked_name(name, entity_of)
        if masked == name:
            continue
        candidate, n = masked, 1
        while candidate in taken:
            n += 1
            candidate = f"{masked} #{n}"
        taken.add(candidate)
        renamed[name] = candidate
    return renamed
