"""Config models for AI workloads: who reads which data, for which audience."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from classifiers.model import Sensitivity

WorkloadKind = Literal[
    "training", "fine-tuning", "rag-index", "grounding", "evaluation", "inference"
]  # fmt: skip
TRAINS = ("training", "fine-tuning")  # workload kinds whose outputs include models
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
    """A dataset the workload writes (a derived dataset, e.g. a sanitized subset), or the model
    a training or fine-tuning workload produces (an AI artifact in the catalog)."""

    dataset: str | None = None
    artifact: str | None = None  # "source:glob" of model files, e.g. models:llm/*.safetensors
    masking: bool = False  # a masking step: the output does not inherit its inputs' level

    @model_validator(mode="after")
    def _one_target(self) -> OutputConfig:
        if (self.dataset is None) == (self.artifact is None):
            raise ValueError("set exactly one of dataset or artifact")
        if self.artifact is not None and self.masking:
            raise ValueError("a model is not a masking step: masking applies to datasets")
        return self

    @property
    def reference(self) -> str:
        return self.dataset if self.dataset is not None else str(self.artifact)


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

    @model_validator(mode="after")
    def _models_come_from_training(self) -> WorkloadConfig:
        if self.kind not in TRAINS and any(o.artifact is not None for o in self.outputs):
            raise ValueError(
                f"a {self.kind} workload does not output a model: only training and "
                "fine-tuning workloads declare `artifact` outputs"
            )
        return self


class BoundaryConfig(_Model):
    """Ceilings per audience; `restricted:*` shares one ceiling."""

    public: Level = Sensitivity.PUBLIC
    all_employees: Level = Sensitivity.GENERAL
    restricted: Level = Sensitivity.CONFIDENTIAL
    privileged: Level = Sensitivity.HIGHLY_CONFIDENTIAL
    # A world-readable local file (mode o+r) counts as publicly readable. Off on a one-user
    # machine where every checkout is world-readable; on for shared servers and mounts.
    world_readable_is_public: bool = True


class ArtifactPolicyConfig(_Model):
    """What AI artifacts (model files) must satisfy where they are stored. A dangerous pickle
    is always an error; public or world-readable models are always reported."""

    # Azure only (the Blob API reports both): a container default encryption scope of its own
    # (keys the team controls) rather than the account default, and an immutability policy,
    # legal hold or version-level immutability, so a model cannot be swapped (poisoned) in place.
    require_encryption_scope: bool = False
    require_immutability: bool = False


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EMAIL = re.compile(r"\S+@\S+\.\S+")


def _env_name(value: str) -> str:
    # The config names where a secret lives; the secret itself (a password, a webhook URL with
    # its token) never belongs in a file that is committed.
    if not _ENV_NAME.fullmatch(value):
        raise ValueError("expected the NAME of an environment variable, not its value")
    return value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("expected an email address")
    return value


EnvName = Annotated[str, AfterValidator(_env_name)]
Email = Annotated[str, AfterValidator(_email)]


class SmtpConfig(_Model):
    """The mail server alerts are sent through; credentials come from environment variables."""

    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    username_env: EnvName | None = None  # log in only when set
    password_env: EnvName | None = None
    sender: Email
    timeout_seconds: float = Field(default=10, gt=0)

    @model_validator(mode="after")
    def _login_needs_both(self) -> SmtpConfig:
        if (self.username_env is None) != (self.password_env is None):
            raise ValueError("set both username_env and password_env, or neither")
        return self


class TeamRoute(_Model):
    """Where the alerts of one `team:NAME` owner go."""

    email: Email | None = None
    teams_webhook_env: EnvName | None = None  # a Teams incoming webhook URL (a secret)
    webhook_env: EnvName | None = None  # a generic JSON webhook URL


class AlertsConfig(_Model):
    """Alert delivery: email over SMTP, Teams and JSON webhooks. Nothing set: alerts are off."""

    smtp: SmtpConfig | None = None  # needed for email recipients
    teams: dict[str, TeamRoute] = {}  # team NAME (as in owners `team:NAME`) -> route
    teams_webhook_env: EnvName | None = None  # a Teams channel that hears every alert
    webhook_env: EnvName | None = None  # a JSON webhook that hears every alert
    timeout_seconds: float = Field(default=10, gt=0)  # per webhook POST
    max_attempts: int = Field(default=5, ge=1)  # a delivery failing this often is not retried

    @property
    def enabled(self) -> bool:
        return bool(self.smtp or self.teams or self.teams_webhook_env or self.webhook_env)

    @model_validator(mode="after")
    def _email_needs_smtp(self) -> AlertsConfig:
        emailed = sorted(name for name, route in self.teams.items() if route.email)
        if emailed and self.smtp is None:
            raise ValueError(f"teams {', '.join(emailed)} have an email: set smtp to send it")
        return self
