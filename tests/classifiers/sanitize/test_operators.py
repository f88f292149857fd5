"""Column operators against Presidio's own, the key rules, the config section, the re-pointing."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from presidio_anonymizer.operators import Mask

from classifiers.config import ConfigError, config_from_text
from classifiers.model import EntityFinding
from classifiers.policy import Policy
from classifiers.sanitize.columns import column_expr
from classifiers.sanitize.policy import (
    ColumnPlan,
    MissingKey,
    Operator,
    SanitizeKey,
    SanitizePolicy,
    column_plan,
)
from classifiers.sanitize.repoint import repointed_config

KEY = SanitizeKey(b"k1")


def _apply(
    values: list[object], operator: Operator, key: SanitizeKey | None = None
) -> list[object]:
    frame = pl.DataFrame({"c": values})
    plan = ColumnPlan("c", False, operator, ("EMAIL_ADDRESS",), "EMAIL_ADDRESS")
    return frame.select(column_expr(plan, frame.schema["c"], key))["c"].to_list()


@pytest.mark.parametrize("value", ["jane.doe@example.com", "+44 20 7946 0018", "4111111111111111"])
def test_mask_is_presidios_mask(value: str) -> None:
    keep = 4
    params = {"masking_char": "*", "chars_to_mask": len(value) - keep, "from_end": False}
    assert _apply([value], Operator("mask", keep_last=keep)) == [Mask().operate(value, params)]


def test_mask_never_leaves_a_short_value_whole() -> None:
    assert _apply(["abcd", None], Operator("mask", keep_last=4)) == ["**cd", None]


def test_hash_is_hmac_sha256_deterministic_and_keyed() -> None:
    values = ["a@example.com", "b@example.com", "a@example.com", None]
    out = _apply(values, Operator("hash"), KEY)
    expected = hmac.new(b"k1", b"a@example.com", hashlib.sha256).hexdigest()
    assert out[0] == out[2] == expected and out[1] != out[0] and out[3] is None
    assert _apply(values, Operator("hash"), SanitizeKey(b"k2"))[0] != expected


@pytest.mark.parametrize("secret", [b"k1", b"x" * 64, b"a key longer than one block " * 4])
@pytest.mark.parametrize("repeats", [1, 5])
def test_hash_of_a_column_is_hmac_of_each_value(secret: bytes, repeats: int) -> None:
    """Mostly distinct columns are hashed value by value, repeating ones per distinct value:
    both give `hmac.new` of every value, nulls kept, for keys of any length."""
    values: list[object] = [f"user{i % 40}@example.com" for i in range(40 * repeats)]
    values[3] = None
    out = _apply(values, Operator("hash"), SanitizeKey(secret))
    expected = [
        None if v is None else hmac.new(secret, str(v).encode(), hashlib.sha256).hexdigest()
        for v in values
    ]
    assert out == expected


@pytest.mark.parametrize(
    ("values", "operator", "expected"),
    [
        (
            ["1985-03-12", "12/03/1985", "no date", None],
            Operator("year"),
            ["1985", "1985", None, None],
        ),
        ([date(1990, 1, 2)], Operator("year"), ["1990"]),
        (["SW1A 1AA", "94107"], Operator("prefix", chars=3), ["SW1", "941"]),
        (["x@y.com", None], Operator("replace"), ["<EMAIL_ADDRESS>", None]),
        (["x@y.com"], Operator("redact"), [""]),
    ],
)
def test_generalisations_and_tags(
    values: list[object], operator: Operator, expected: list[object]
) -> None:
    assert _apply(values, operator) == expected


def _finding(entity: str, subtype: str | None = None) -> EntityFinding:
    return EntityFinding(entity, 0.9, 1.0, 10, 10, "test", subtype)


def test_defaults_fit_the_general_level() -> None:
    policy = SanitizePolicy(Policy())
    assert column_plan("dob", [_finding("DATE_TIME")], False, policy).operator.name == "year"  # type: ignore[union-attr]
    postcode = column_plan("pc", [_finding("LOCATION", "POSTCODE")], False, policy)
    assert postcode is not None and postcode.operator == Operator("prefix", chars=3)
    ssn = column_plan("ssn", [_finding("US_SSN")], False, policy)
    assert ssn is not None and ssn.operator.name == "replace"
    assert column_plan("country", [_finding("LOCATION")], False, policy) is None  # General: kept
    assert column_plan("plain", [], False, policy) is None


def test_hashing_without_a_key_refuses() -> None:
    policy = SanitizePolicy(Policy(), overrides={"EMAIL_ADDRESS": Operator("hash")})
    with pytest.raises(MissingKey, match="WARDEN_SANITIZE_KEY"):
        column_plan("email", [_finding("EMAIL_ADDRESS")], False, policy)
    keyed = SanitizePolicy(Policy(), overrides={"EMAIL_ADDRESS": Operator("hash")}, key=KEY)
    plan = column_plan("email", [_finding("EMAIL_ADDRESS")], False, keyed)
    assert plan is not None and plan.keyed


def test_config_section_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "warden.yaml"
    good = (
        "sanitize:\n  key_env: MY_KEY\n  operators:\n    EMAIL_ADDRESS: hash\n"
        "    CREDIT_CARD: {operator: mask, keep_last: 4}\n"
    )
    config = config_from_text(good, path)
    assert config.sanitize.key_env == "MY_KEY"
    assert config.sanitize.operators["CREDIT_CARD"].keep_last == 4
    assert config.sanitize.output == str(tmp_path / "sanitized")
    bad = "sanitize:\n  operators:\n    EMAIL_ADDRESS: shred\n"
    with pytest.raises(ConfigError) as raised:
        config_from_text(bad, path)
    problem = raised.value.problems[0]
    assert problem.line == 3 and "sanitize.operators" in problem.field


def test_repointing_replaces_only_the_workloads_input() -> None:
    text = (
        "workloads:\n"
        "  - name: bot\n    inputs:\n      - s:a.csv\n      - s:a.csv.gz\n"
        "    exceptions:\n      - dataset: s:a.csv\n"
        "  - name: other\n    inputs: [s:a.csv]\n"
    )
    new = repointed_config(text, "bot", {"s:a.csv": "sanitized:a.csv"})
    assert new is not None
    assert "      - sanitized:a.csv\n      - s:a.csv.gz\n" in new
    assert "dataset: s:a.csv\n" in new and "inputs: [s:a.csv]" in new
    assert repointed_config(text, "missing", {"s:a.csv": "x:a.csv"}) is None
