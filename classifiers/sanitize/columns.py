"""Operators on whole structured columns, vectorised in Polars (never per cell via Presidio).

Each expression gives what Presidio's operator of the same name gives for a cell (mask,
replace, redact), or Warden's own keyed hash (HMAC-SHA-256) and generalisations. Nulls stay
null, so row counts and missing values are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from classifiers.sanitize.policy import ColumnPlan, Operator, SanitizeKey

# A four-digit year from 1800 to 2099 anywhere in the value: "1985-03-12", "12/03/1985".
_YEAR = r"\b(1[89]\d{2}|20\d{2})\b"


def _text(column: str, dtype: pl.DataType) -> pl.Expr:
    return pl.col(column) if dtype == pl.String else pl.col(column).cast(pl.String)


def masked(text: pl.Expr, operator: Operator) -> pl.Expr:
    """The first characters masked, the last `keep_last` left; never more than half is kept,
    so a short value is not left whole."""
    length = text.str.len_chars().cast(pl.Int64)
    kept = pl.min_horizontal(pl.lit(operator.keep_last, pl.Int64), length // 2)
    tail = text.str.slice(length - kept)
    return tail.str.pad_start(length, operator.masking_char)


def hashed(text: pl.Expr, key: SanitizeKey) -> pl.Expr:
    """HMAC-SHA-256 hex of each value: equal values stay equal across tables and runs."""
    return text.map_batches(lambda s: per_distinct(s, key.hmac_hexes), return_dtype=pl.String)


def per_distinct(values: pl.Series, function: Callable[[list[str]], list[str]]) -> pl.Series:
    """`function` of the non-null values, nulls kept. A column that repeats its values (a
    join key in a fact table) is mapped once per distinct value and put back in Polars."""
    present = values.drop_nulls()
    distinct = present.unique()
    if distinct.len() * 2 > present.len():  # mostly distinct: mapping back costs more
        mapped = pl.Series(values.name, function(present.to_list()), pl.String)
        if present.len() == values.len():
            return mapped
        empty = pl.Series(values.name, [None] * values.len(), pl.String)
        return empty.scatter(values.is_not_null().arg_true(), mapped)
    mapped = pl.Series(function(distinct.to_list()), dtype=pl.String)
    out = values.replace_strict(distinct, mapped, default=None, return_dtype=pl.String)
    return out.alias(values.name)


def encrypted(text: pl.Expr, key: SanitizeKey) -> pl.Expr:
    """Presidio's Encrypt (AES-CBC, a random IV per value): reversible by the key's holder."""
    from presidio_anonymizer.operators import Encrypt

    encrypt, params = Encrypt(), {"key": key.aes_key}

    def run(s: pl.Series) -> pl.Series:
        values = [None if v is None else encrypt.operate(v, params) for v in s]
        return pl.Series(s.name, values, pl.String)

    return text.map_batches(run, return_dtype=pl.String)


def year_of(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_temporal() and dtype != pl.Time and dtype != pl.Duration:
        return pl.col(column).dt.year().cast(pl.String)
    return _text(column, dtype).str.extract(_YEAR, 1)  # no year found: null, nothing kept


def column_expr(plan: ColumnPlan, dtype: pl.DataType, key: SanitizeKey | None) -> pl.Expr:
    """The expression that replaces `plan.column` in the copy."""
    op, text = plan.operator, _text(plan.column, dtype)
    present = pl.col(plan.column).is_not_null()
    match op.name:
        case "keep":
            out = pl.col(plan.column)
        case "redact":
            out = pl.when(present).then(pl.lit("")).otherwise(None)
        case "replace":
            out = pl.when(present).then(pl.lit(f"<{plan.top.split('/')[0]}>")).otherwise(None)
        case "mask":
            out = masked(text, op)
        case "prefix":
            out = text.str.slice(0, op.chars)
        case "year":
            out = year_of(plan.column, dtype)
        case "hash" | "encrypt":
            if key is None:
                raise ValueError(f"{op.name} needs a key")  # policy.require_key said so first
            out = hashed(text, key) if op.name == "hash" else encrypted(text, key)
    return out.alias(plan.column)
