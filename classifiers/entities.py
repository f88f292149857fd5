"""Entity types as stewards name them: country-specific spellings of one kind grouped."""

from __future__ import annotations

from collections.abc import Iterable

# Presidio's country-specific postcode recognizers and ours all find postcodes.
CANONICAL = {"UK_POSTCODE": "POSTCODE", "DE_PLZ": "POSTCODE", "CA_POSTAL_CODE": "POSTCODE"}


def canonical(entity: str) -> str:
    return CANONICAL.get(entity, entity)


def canonical_set(entities: Iterable[str]) -> frozenset[str]:
    return frozenset(canonical(e) for e in entities)
