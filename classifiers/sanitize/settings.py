"""The `sanitize:` section of the config: where copies go, the key, an operator per entity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationInfo,
    field_validator,
)

from classifiers.config.errors import matching
from classifiers.model import Sensitivity

OperatorName = Literal["keep", "redact", "replace", "mask", "hash", "encrypt", "year", "prefix"]
DEFAULT_KEY_ENV = "WARDEN_SANITIZE_KEY"
_UPPER_SNAKE = r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"
EntityKey = Annotated[
    str,
    matching(f"{_UPPER_SNAKE}(/{_UPPER_SNAKE})?", "ENTITY or ENTITY/SUBTYPE: LOCATION/POSTCODE"),
]
EnvName = Annotated[str, matching(r"[A-Za-z_][A-Za-z0-9_]*", "an environment variable name")]
Level = Annotated[
    Sensitivity,
    BeforeValidator(lambda value: Sensitivity.parse(value) if isinstance(value, str) else value),
]


class OperatorConfig(BaseModel):
    """One operator: Presidio's keep/redact/replace/mask/hash/encrypt, or a generalisation.

    `hash` is HMAC-SHA-256 under the key from the environment (joinable, deterministic);
    `year` keeps a date's year; `prefix` keeps the first `chars` characters (postcodes).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    operator: OperatorName
    chars: PositiveInt = 3  # prefix: characters kept
    keep_last: Annotated[int, Field(ge=0)] = 0  # mask: characters left at the end
    masking_char: Annotated[str, Field(min_length=1, max_length=1)] = "*"


def _operator(value: Any) -> Any:
    """`EMAIL_ADDRESS: hash` is short for `EMAIL_ADDRESS: {operator: hash}`."""
    return {"operator": value} if isinstance(value, str) else value


Operator = Annotated[OperatorConfig, BeforeValidator(_operator)]


class SanitizeConfig(BaseModel):
    """Sanitized copies: where they land, under which catalog source, and how values go."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # A local folder (relative to the config file) or a container URL; each copy lands at its
    # dataset's relative path under it.
    output: Annotated[str, Field(validate_default=True)] = "sanitized"
    source: Annotated[str, Field(min_length=1)] = "sanitized"  # the copies' source name
    key_env: EnvName = DEFAULT_KEY_ENV  # the variable holding the HMAC/encryption key
    target: Level = Sensitivity.GENERAL  # the level a copy must fit
    operators: dict[EntityKey, Operator] = {}  # overrides of the built-in defaults
    datasets: list[str] = []  # source:path of datasets always offered a sanitized copy

    @field_validator("output")
    @classmethod
    def _resolved(cls, value: str, info: ValidationInfo) -> str:
        if "://" in value or not value.strip():
            if not value.strip():
                raise ValueError("give a folder or a container URL")
            return value.rstrip("/")
        base = (info.context or {}).get("base_dir") or Path.cwd()
        return str((Path(base) / Path(value).expanduser()).resolve())
