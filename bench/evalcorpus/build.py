"""Draw every table's values, name its columns, and record what was put where (the labels)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from bench.evalcorpus import people, text, things  # noqa: F401  (they register their kinds)
from bench.evalcorpus.context import Context
from bench.evalcorpus.headers import header, unhelpful
from bench.evalcorpus.kinds import KINDS, Kind
from bench.evalcorpus.plan import TablePlan
from bench.evalcorpus.themes import local_id

UNHELPFUL_SHARE = 0.3  # of sensitive columns
UNHELPFUL_NEGATIVE_SHARE = 0.1
GAPPY_COLUMNS, MAX_GAP = 1 / 3, 0.2


@dataclass(frozen=True)
class ColumnLabel:
    """What the generator put in one column: the ground truth and how the column is named."""

    table: str
    column: str
    entities: tuple[str, ...]
    subtype: str
    kind: str
    hard: bool
    unhelpful: bool  # named so that the name says nothing (field_12, painter, value)
    name_lang: str  # language of the name ("" when unhelpful)


@dataclass(frozen=True)
class BuiltTable:
    plan: TablePlan
    columns: dict[str, list[Any]]
    labels: tuple[ColumnLabel, ...]


def _kinds(plan: TablePlan, rng: random.Random) -> list[Kind]:
    chosen = []
    for spec in plan.theme.columns:
        spec = spec.replace("LOCAL_ID", local_id(plan.locale))
        if spec.endswith("?"):
            if rng.random() < 0.4:
                continue
            spec = spec[:-1]
        chosen.append(KINDS[rng.choice(spec.split("|"))])
    return chosen


def _name(kind: Kind, plan: TablePlan, rng: random.Random, taken: set[str]) -> tuple[str, str]:
    share = UNHELPFUL_SHARE if kind.sensitive else UNHELPFUL_NEGATIVE_SHARE
    for _ in range(50):
        if rng.random() < share:
            name, lang = unhelpful(rng), ""
        else:
            name, lang = header(kind.concept, plan.lang, plan.habit, rng)
        if name not in taken:
            taken.add(name)
            return name, lang
    raise RuntimeError(f"no free column name for {kind.key} in {plan.name}")


def _with_gaps(values: list[Any], rng: random.Random) -> list[Any]:
    """A third of columns have missing values (up to a fifth of rows), as real tables do."""
    if rng.random() >= GAPPY_COLUMNS:
        return values
    share = rng.uniform(0.02, MAX_GAP)
    return [None if rng.random() < share else v for v in values]


def build_table(plan: TablePlan, rows: int) -> BuiltTable:
    rng = random.Random(plan.seed)
    ctx = Context.seeded(plan.locale, plan.library, plan.seed)
    columns: dict[str, list[Any]] = {}
    labels, taken = [], set[str]()
    for index, kind in enumerate(_kinds(plan, rng)):
        name, lang = _name(kind, plan, rng, taken)
        # Each column draws from its own stream, so what a column holds (the identifier
        # types of a mixed column) does not depend on how many rows the columns before it had.
        ctx.rng = random.Random(f"{plan.seed}:{index}")
        values, entities = kind.column(ctx, rows)
        columns[name] = _with_gaps(values, random.Random(f"{plan.seed}:{index}:gaps"))
        label = ColumnLabel(
            plan.name, name, entities, kind.subtype, kind.key, kind.hard, not lang, lang
        )
        labels.append(label)
    return BuiltTable(plan, columns, tuple(labels))
