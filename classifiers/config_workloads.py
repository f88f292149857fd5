"""Config models for AI workloads: who reads which data, for which audience."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from classifiers.model import Sensitivity

WorkloadKind = Literal[
    "training", "fine-tuning", "rag-index", "grounding", "evaluation", "inference"
]  # fmt: skip
Level = Annotated[
    Sensitivity,
    BeforeValidator(lambda value: Sensitivity.parse(value) if isinstance(value, str) else value),
]
_AUDIENCE = re.compile(r"public|all_employees|privileged|restricted:[A-Za-z0-9_.-]+")
_OWNER = re.compile(r"team:\S+|\S+@\S+\.\S+")


def _audience(value: str) -> str:
    if not _AUDIENCE.fullmatch(value):
        raise ValueError("expected public, all_employees, restricted:GROUP or privileged")
    return value


def _owner(value: str) -> str:
    if not _OWNER.fullmatch(value):
        raise ValueError("expected an email or team:NAME")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoundaryExceptionConfig(_Model):
    """An accepted risk: this workload may read this dataset until the expiry date."""

    dataset: str  # a dataset reference or glob, as in inputs
    reason: str = Field(min_length=1)
    approver: Annotated[str, AfterValidator(_owner)]
    expires: date


class OutputConfig(_Model):
    """A dataset the workload writes (a derived dataset, e.g. a sanitized subset)."""

    dataset: str
    masking: bool = False  # a masking step: the output does not inherit its inputs' level


class WorkloadConfig(_Model):
    """An AI workload and the data it reads."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    kind: WorkloadKind
    audience: Annotated[str, AfterValidator(_audience)]
    owners: list[Annotated[str, AfterValidator(_owner)]] = []
    inputs: list[str] = Field(min_length=1)  # "source:path/glob" or URIs (file://, abfss://)
    outputs: list[OutputConfig] = []
    exceptions: list[BoundaryExceptionConfig] = []
    description: str = ""


class BoundaryConfig(_Model):
    """Ceilings per audience; `restricted:*` shares one ceiling."""

    public: Level = Sensitivity.PUBLIC
    all_employees: Level = Sensitivity.GENERAL
    restricted: Level = Sensitivity.CONFIDENTIAL
    privileged: Level = Sensitivity.HIGHLY_CONFIDENTIAL
    # A world-readable local file (mode o+r) counts as publicly readable. Off on a one-user
    # machine where every checkout is world-readable; on for shared servers and mounts.
    world_readable_is_public: bool = True
