"""The generated customer table: twelve columns drawn from pools, and what each column holds."""

from __future__ import annotations

import numpy as np
import polars as pl
from stdnum import luhn

from bench.pools import Pools
from bench.vocab import EMAIL_SENTENCES

# The entity types each column holds: the answer key the findings are scored against.
LABELS: dict[str, frozenset[str]] = {
    "customer_id": frozenset(),
    "full_name": frozenset({"PERSON"}),
    "email": frozenset({"EMAIL_ADDRESS"}),
    "phone": frozenset({"PHONE_NUMBER"}),
    "card_number": frozenset({"CREDIT_CARD"}),
    "iban": frozenset({"IBAN_CODE"}),
    "signup_ts": frozenset(),
    "amount": frozenset(),
    "country": frozenset({"LOCATION"}),
    "product_name": frozenset(),
    "comment": frozenset({"EMAIL_ADDRESS"}),
    "ip_address": frozenset({"IP_ADDRESS"}),
}
EMAIL_SHARE = 0.05  # comments that mention an email address
FIRST_ID = 1_000_001
_TS_FROM, _TS_TO = 1_514_764_800, 1_735_689_600  # 2018-01-01 .. 2025-01-01, UTC seconds


def _pick(rng: np.random.Generator, pool: pl.Series, rows: int) -> pl.Series:
    return pool.gather(rng.integers(0, pool.len(), rows))


def _cards(rng: np.random.Generator, rows: int) -> pl.Series:
    """Luhn-valid Visa (16), Mastercard (16) and Amex (15) numbers; a quarter grouped by 4."""
    kind = rng.choice(3, rows, p=[0.5, 0.35, 0.15])
    visa = 4 * 10**14 + rng.integers(0, 10**14, rows)
    master = rng.integers(51, 56, rows) * 10**13 + rng.integers(0, 10**13, rows)
    amex = rng.choice([34, 37], rows) * 10**12 + rng.integers(0, 10**12, rows)
    bodies = np.select([kind == 0, kind == 1], [visa, master], amex)
    cards = pl.Series("card", [b + luhn.calc_check_digit(b) for b in map(str, bodies.tolist())])
    sep = pl.Series(rng.choice([" ", "-"], rows))
    spaced = pl.select(
        pl.concat_str(
            [
                cards.str.slice(0, 4),
                sep,
                cards.str.slice(4, 4),
                sep,
                cards.str.slice(8, 4),
                sep,
                cards.str.slice(12, 4),
            ]
        )
    ).to_series()
    group = pl.Series(rng.random(rows) < 0.25) & (cards.str.len_chars() == 16)
    return pl.select(pl.when(group).then(spaced).otherwise(cards)).to_series()


def _emails(rng: np.random.Generator, first: pl.Series, last: pl.Series, pools: Pools) -> pl.Series:
    rows = first.len()
    frame = pl.DataFrame(
        {
            "first": first.str.to_lowercase(),
            "last": last.str.to_lowercase(),
            "user": _pick(rng, pools.user, rows),
            "domain": _pick(rng, pools.domain, rows),
            "style": rng.integers(0, 3, rows),
            "n": rng.integers(1, 100, rows),
            "numbered": rng.random(rows) < 0.4,
        }
    )
    local = (
        pl.when(pl.col("style") == 0)
        .then(pl.concat_str("first", pl.lit("."), "last"))
        .when(pl.col("style") == 1)
        .then(pl.concat_str(pl.col("first").str.slice(0, 1), "last"))
        .otherwise("user")
        .str.replace_all(r"[^a-z0-9._]", "")
    )
    number = pl.when("numbered").then(pl.col("n").cast(pl.String)).otherwise(pl.lit(""))
    return frame.select(pl.concat_str(local, number, pl.lit("@"), "domain")).to_series()


def _comments(rng: np.random.Generator, pools: Pools, email: pl.Series) -> pl.Series:
    rows = email.len()
    parts = [t.split("{email}") for t in EMAIL_SENTENCES]
    which = rng.integers(0, len(parts), rows)
    frame = pl.DataFrame(
        {
            "text": _pick(rng, pools.sentence, rows),
            "email": email,
            "before": pl.Series([p[0] for p in parts]).gather(which),
            "after": pl.Series([p[1] for p in parts]).gather(which),
            "mention": rng.random(rows) < EMAIL_SHARE,
        }
    )
    mention = pl.concat_str("text", pl.lit(" "), "before", "email", "after")
    return frame.select(pl.when("mention").then(mention).otherwise("text")).to_series()


def _ips(rng: np.random.Generator, pools: Pools, rows: int) -> pl.Series:
    octets = [rng.integers(1, 224, rows), *(rng.integers(0, 256, rows) for _ in range(3))]
    v4 = pl.DataFrame({f"o{i}": o for i, o in enumerate(octets)}).select(
        pl.concat_str(pl.all().cast(pl.String), separator=".")
    )
    v6 = _pick(rng, pools.ipv6, rows)
    return v4.select(
        pl.when(pl.Series(rng.random(rows) < 0.15)).then(v6).otherwise(pl.first())
    ).to_series()


def _timestamps(rng: np.random.Generator, rows: int) -> pl.Series:
    moments = pl.from_epoch(pl.Series(rng.integers(_TS_FROM, _TS_TO, rows)), "s")
    iso = pl.Series(rng.random(rows) < 0.2)
    return pl.select(
        pl.when(iso)
        .then(moments.dt.to_string("%Y-%m-%dT%H:%M:%SZ"))
        .otherwise(moments.dt.to_string("%Y-%m-%d %H:%M:%S"))
    ).to_series()


def make_chunk(pools: Pools, start: int, rows: int, seed: int) -> pl.DataFrame:
    """Rows start .. start+rows of the table; the same (seed, start) gives the same rows."""
    rng = np.random.default_rng([seed, start])
    first, last = _pick(rng, pools.first, rows), _pick(rng, pools.last, rows)
    email = _emails(rng, first, last, pools)
    columns = {
        "customer_id": pl.Series(np.arange(FIRST_ID + start, FIRST_ID + start + rows)),
        "full_name": pl.select(pl.concat_str(first, pl.lit(" "), last)).to_series(),
        "email": email,
        "phone": _pick(rng, pools.phone, rows),
        "card_number": _cards(rng, rows),
        "iban": _pick(rng, pools.iban, rows),
        "signup_ts": _timestamps(rng, rows),
        "amount": pl.Series(np.round(rng.lognormal(3.5, 1.0, rows), 2)),
        "country": _pick(rng, pools.country, rows),
        "product_name": _pick(rng, pools.product, rows),
        "comment": _comments(rng, pools, email),
        "ip_address": _ips(rng, pools, rows),
    }
    return pl.DataFrame({name: series.alias(name) for name, series in columns.items()})
