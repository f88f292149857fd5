"""The corpus manifest: what each generated file is and what a scan of it must give."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Outcome(enum.Enum):
    CLASSIFIED = "classified"  # status ok, with the expected entity types
    ERROR = "error"  # status error, with a clear reason
    ABSENT = "absent"  # nothing at or under this path is catalogued (a link looping back)


@dataclass(frozen=True)
class Column:
    """A column the catalog must hold (by its exact name), with entity types it must carry."""

    name: str
    entities: frozenset[str]


@dataclass(frozen=True)
class Case:
    """One generated file (or link) and its expected outcome.

    `errors`: any one of these substrings (case-insensitive) must be in the recorded error.
    `planted`: the raw sensitive values written into the file, searched for in every output.
    `encoding`: the codec the file was written in; the encoding the scan records must decode
    its bytes to the same text (cp1250 reads a German cp1252 file as cp1252 does).
    `damaged`: records that could not be read whole (malformed, ragged) and must be counted,
    skipped or repaired.
    """

    path: str
    checks: str
    outcome: Outcome
    columns: tuple[Column, ...] = ()
    entities: frozenset[str] = frozenset()  # found somewhere in the dataset, any column
    errors: tuple[str, ...] = ()
    planted: tuple[str, ...] = ()
    encoding: str | None = None
    damaged: int | None = None


def classified(
    path: str,
    checks: str,
    columns: Mapping[str, str | Iterable[str]],
    planted: Iterable[str],
    *,
    entities: Iterable[str] = (),
    encoding: str | None = None,
    damaged: int | None = None,
) -> Case:
    """A readable file: `columns` maps exact column names to the entity type(s) they hold."""
    wanted = tuple(
        Column(name, frozenset([types] if isinstance(types, str) else types))
        for name, types in columns.items()
    )
    return Case(path, checks, Outcome.CLASSIFIED, columns=wanted, entities=frozenset(entities),
                planted=tuple(planted), encoding=encoding, damaged=damaged)  # fmt: skip


def error(path: str, checks: str, errors: Iterable[str], planted: Iterable[str] = ()) -> Case:
    """An unreadable file: its recorded error holds one of `errors`."""
    return Case(path, checks, Outcome.ERROR, errors=tuple(errors), planted=tuple(planted))


def absent(path: str, checks: str) -> Case:
    return Case(path, checks, Outcome.ABSENT)
