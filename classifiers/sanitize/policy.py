"""What happens to each sensitive column: an operator per entity type, and the key it needs."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from classifiers.entities import policy_key
from classifiers.model import EntityFinding, Sensitivity
from classifiers.policy import Policy
from classifiers.sanitize.settings import OperatorName, SanitizeConfig

KEYED = frozenset({"hash", "encrypt"})  # operators that refuse to run without the key


@dataclass(frozen=True)
class Operator:
    """One operator with its parameters (see `settings.OperatorConfig`)."""

    name: OperatorName
    chars: int = 3
    keep_last: int = 0
    masking_char: str = "*"


REPLACE, KEEP = Operator("replace"), Operator("keep")
_POSTCODE = Operator("prefix", chars=3)
# Built-in defaults that fit the General level: birth dates keep their year, postcodes their
# district, cards their last four digits (as receipts print them); the rest of what is above
# the target is replaced with its type tag, and what is at or below it is kept.
DEFAULT_OPERATORS: Mapping[str, Operator] = {
    "DATE_TIME": Operator("year"),
    "LOCATION/POSTCODE": _POSTCODE,
    "UK_POSTCODE": _POSTCODE,
    "CA_POSTAL_CODE": _POSTCODE,
    "DE_PLZ": _POSTCODE,
    "CREDIT_CARD": Operator("mask", keep_last=4),
}


class MissingKey(RuntimeError):
    """Hashing or encryption was asked for but the key's environment variable is not set."""


@dataclass(frozen=True)
class SanitizeKey:
    """The secret behind keyed hashing (HMAC-SHA-256) and encryption; never in the config."""

    secret: bytes

    def hmac_hex(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def hmac_hexes(self, values: Iterable[str]) -> list[str]:
        """`hmac_hex` of many values: the key's inner and outer pads are hashed once and
        copied per value (RFC 2104), half the cost of `hmac.new` per value."""
        block = hashlib.sha256().block_size
        secret = hashlib.sha256(self.secret).digest() if len(self.secret) > block else self.secret
        padded = secret.ljust(block, b"\0")
        inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
        outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
        out = []
        for value in values:
            step = inner.copy()
            step.update(value.encode("utf-8"))
            final = outer.copy()
            final.update(step.digest())
            out.append(final.hexdigest())
        return out

    @property
    def aes_key(self) -> str:
        """A 256-bit key for Presidio's Encrypt (32 characters), derived from the secret."""
        return hmac.new(self.secret, b"warden-encrypt", hashlib.sha256).hexdigest()[:32]


def key_from_env(name: str, environ: Mapping[str, str]) -> SanitizeKey | None:
    value = environ.get(name, "")
    return SanitizeKey(value.encode("utf-8")) if value else None


@dataclass(frozen=True)
class ColumnPlan:
    """One column of the copy: its operator (structured) or the types removed (free text)."""

    column: str
    free_text: bool
    operator: Operator  # structured columns; free text uses `entity_operators`
    entities: tuple[str, ...]  # policy keys the source's scan found here
    top: str = ""  # the most sensitive of them: its operator and its tag (structured)

    @property
    def keyed(self) -> bool:
        """Joinable after sanitizing: HMAC keeps equal values equal and distinct ones apart."""
        return not self.free_text and self.operator.name == "hash"


@dataclass(frozen=True)
class SanitizePolicy:
    """The operators of one run, the levels that say what is above the target, and the key."""

    levels: Policy
    target: Sensitivity = Sensitivity.GENERAL
    overrides: Mapping[str, Operator] = field(default_factory=dict)
    key: SanitizeKey | None = None
    key_env: str = "WARDEN_SANITIZE_KEY"

    def operator_for(self, key: str) -> Operator:
        """The operator of a policy key (ENTITY or ENTITY/SUBTYPE), subtype first."""
        for candidate in (key, key.split("/")[0]):
            found = self.overrides.get(candidate) or DEFAULT_OPERATORS.get(candidate)
            if found is not None:
                return found
        return REPLACE if self.levels.level_of(key) > self.target else KEEP

    def require_key(self, operator: Operator) -> SanitizeKey | None:
        if operator.name not in KEYED:
            return None
        if self.key is None:
            raise MissingKey(
                f"{operator.name} needs a key: set the environment variable {self.key_env} "
                "(Warden never falls back to an unkeyed hash)"
            )
        return self.key


def sanitize_policy(
    config: SanitizeConfig, levels: Policy, environ: Mapping[str, str]
) -> SanitizePolicy:
    overrides = {
        policy_key(name): Operator(o.operator, o.chars, o.keep_last, o.masking_char)
        for name, o in config.operators.items()
    }
    key = key_from_env(config.key_env, environ)
    return SanitizePolicy(levels, config.target, overrides, key, config.key_env)


def entity_keys(entities: Sequence[EntityFinding]) -> tuple[str, ...]:
    return tuple(policy_key(e.entity, e.subtype) for e in entities)


def column_plan(
    column: str, entities: Sequence[EntityFinding], free_text: bool, policy: SanitizePolicy
) -> ColumnPlan | None:
    """None when nothing in the column needs an operator (unclassified, or kept)."""
    keys = entity_keys(entities)
    if not keys:
        return None
    if free_text:
        return ColumnPlan(column, True, REPLACE, keys)
    # The most sensitive entity type decides; ties go to the one found first (the strongest).
    top = max(keys, key=lambda k: policy.levels.level_of(k))
    operator = policy.operator_for(top)
    if operator.name == "keep":
        return None
    policy.require_key(operator)
    return ColumnPlan(column, False, operator, keys, top)
