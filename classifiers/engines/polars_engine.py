"""The Polars engine: a table in, mergeable evidence out. It counts; it never decides.

Per batch: each text-like column's distinct values and their shapes (`widen`); the widened
prefilters run once per distinct shape, in their ASCII forms (`ascii_forms`), screened in
groups; flags go back to the values, and per column and recognizer the candidates with the
lowest hashes are chosen in a query; the exact Presidio patterns and validators then run on
those distinct candidates only (`assemble`), while NER runs on a sample (in a worker process
when the NER engine has one).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING

import polars as pl

from classifiers.budget import Checkpoint, carry_on
from classifiers.engines.assemble import ColumnStats, start_column, start_ner
from classifiers.engines.dates import DATE_SHAPE, TRUNK_DIGITS, TRUNK_SHAPE, date_regex
from classifiers.engines.options import NULL_TOKENS, EngineOptions, Plan, recognizers_for
from classifiers.engines.shape_memo import ShapeMemo
from classifiers.engines.tally import HASH_SEED, Candidate, Chosen, keep_count
from classifiers.evidence import ColumnEvidence, TableEvidence
from classifiers.nlp import NerEngine
from classifiers.recognizers import warm
from classifiers.recognizers.ascii_forms import AsciiForms
from classifiers.recognizers.registry import Prefilter, Registry
from classifiers.recognizers.widen import SHAPE_FROM, SHAPE_TO

if TYPE_CHECKING:  # pyarrow and numpy: imported by the first column too big for plain Python
    import numpy as np
    import pyarrow as pa

PROSE_WORDS = 5  # a value with this many plain words or more reads as free text
# A plain word: letters only, maybe one trailing punctuation mark ("Mozilla/5.0" is not one).
PLAIN_WORD = r"(?:^|\s)\p{L}[\p{Ll}']*\p{Ll}[,.;:!?]?(?:\s|$)"


def _as_text(series: pl.Series) -> pl.Series | None:
    """The column as strings, or None for types no recognizer reads (bool, float, temporal)."""
    dtype = series.dtype
    if dtype == pl.String:
        return series
    if dtype.is_integer():
        return series.cast(pl.String)
    if isinstance(dtype, pl.List | pl.Array):
        # As one value per row (what a row-wise engine reads): the JSON text of the list,
        # when its elements are text-like at all.
        if _elements(series) is None:
            return None
        rows = (None if v is None else json.dumps(v, default=str) for v in series.to_list())
        return pl.Series(series.name, list(rows), pl.String)
    if dtype.is_nested() or dtype in (pl.Categorical, pl.Enum):
        return series.cast(pl.String, strict=False)
    return None


def _spellings(tokens: Iterable[str]) -> list[str]:
    """Every upper/lower-case spelling of each token: `is_in` on these is `to_lowercase()
    .is_in(tokens)` without lower-casing every value (no other character lower-cases to the
    ASCII letters of the placeholders)."""
    return sorted(
        {"".join(p) for t in tokens for p in product(*({c.lower(), c.upper()} for c in t))}
    )


_NULL_SPELLINGS = _spellings(NULL_TOKENS)


# Columns are read in chunks of about this many values: a tall column is a chunk of its own
# (grouped alone, in parallel with the others), while the columns of a wide table share one
# query per chunk, so the number of queries grows with the values, not with the columns.
CHUNK_VALUES = 200_000


def _elements(series: pl.Series) -> pl.Series | None:
    """The text of each value of a column; of a list column (a `[]` path of a nested record,
    `readers.nested`), of each element of its lists, each read as a value."""
    while isinstance(series.dtype, pl.List | pl.Array):
        series = series.explode() if isinstance(series.dtype, pl.List) else series.arr.explode()
    return _as_text(series)


def _texts(frame: pl.DataFrame) -> list[tuple[int, pl.Series]]:
    """(index, text) of each text-like column."""
    texts = ((i, _elements(s)) for i, s in enumerate(frame.get_columns()))
    return [(i, t) for i, t in texts if t is not None]


def _cleaned(values: pl.LazyFrame, columns: int) -> pl.LazyFrame:
    """(c, v) -> (c, v, __pos): the stripped, non-null, non-placeholder values, each with its
    position among its column's values."""
    position = pl.int_range(pl.len(), dtype=pl.Int64)
    return (
        values.with_columns(pl.col("v").str.strip_chars())
        .filter(pl.col("v").is_not_null() & ~pl.col("v").is_in(_NULL_SPELLINGS))
        .with_columns((position.over("c") if columns > 1 else position).alias("__pos"))
    )


def _chunks(texts: list[tuple[int, pl.Series]]) -> list[pl.LazyFrame]:
    """(c, v, __pos) of the columns, CHUNK_VALUES values (or one column) per frame."""
    chunks: list[pl.LazyFrame] = []
    pending: list[tuple[int, pl.Series]] = []
    size = 0
    for index, text in [*texts, (-1, pl.Series([], dtype=pl.String))]:
        if pending and (index < 0 or size + text.len() > CHUNK_VALUES):
            stacked = pl.DataFrame(
                {
                    "c": pl.concat([pl.repeat(c, t.len(), dtype=pl.Int32, eager=True)
                                    for c, t in pending]),
                    "v": pl.concat([t.rename("v").cast(pl.String) for _, t in pending]),
                }
            )  # fmt: skip
            chunks.append(_cleaned(stacked.lazy(), len(pending)))
            pending, size = [], 0
        pending.append((index, text))
        size += text.len()
    return chunks


def _columns(frame: pl.DataFrame) -> list[tuple[int, pl.LazyFrame]]:
    """(index, (v, __pos)) of each text-like column: its cleaned, non-null text values, each
    with its position among the column's values."""
    return [
        (index, _cleaned(pl.LazyFrame({"c": index, "v": text.cast(pl.String)}), 1).drop("c"))
        for index, text in _texts(frame)
    ]


_DISTINCT_SCHEMA = {"c": pl.Int32, "v": pl.String, "n": pl.UInt32, "n_head": pl.UInt32,
                    "first": pl.Int64, "s": pl.String, "__sid": pl.UInt64}  # fmt: skip


def _distinct(frame: pl.DataFrame, weak_rows: int) -> pl.DataFrame:
    """(c, v, n, n_head, first, s, __sid): each distinct value of a column, its rows, its rows
    among the column's first `weak_rows` values, its first position, its shape and the
    shape's number (`_shape_ids`). Everything after this runs once per distinct value (or
    shape), weighted by its rows. Columns are grouped in chunks (`_chunks`, in parallel): one
    query per tall column, one per many narrow ones."""
    chunks = _chunks(_texts(frame))
    if not chunks:
        return pl.DataFrame(schema=_DISTINCT_SCHEMA)
    grouped = pl.collect_all(
        chunk.group_by("c", "v").agg(
            pl.len().alias("n"),
            (pl.col("__pos") < weak_rows).sum().alias("n_head"),
            pl.col("__pos").min().alias("first"),
        )
        for chunk in chunks
    )
    distinct = pl.concat(grouped)
    distinct = distinct.with_columns(shapes(distinct.get_column("v")).alias("s"))
    return distinct.with_columns(_SHAPE_ID).cast(_DISTINCT_SCHEMA)  # type: ignore[arg-type]


# Each value's (column, shape) as a number, so later stages join values to their shapes on a
# number instead of on the shape's text (millions of distinct values, joined several times).
# A hash: `_shaped` checks that no two shapes share one.
_SHAPE_ID = (pl.col("s").hash(HASH_SEED) ^ pl.col("c").hash(HASH_SEED)).alias("__sid")


def _shaped(distinct: pl.DataFrame) -> pl.DataFrame:
    """(c, s, n, __sid, __len, __d, __ws, __ascii): each distinct shape of a column with its
    rows, its number and what `describe_shapes` adds. Should two shapes of a batch share a
    number (a 64-bit hash collision), the shapes come without numbers and are joined by
    their text."""
    by_text = distinct.lazy().group_by("c", "s").agg(pl.col("n").sum())
    if "__sid" not in distinct.columns:
        return describe_shapes(by_text).collect()
    first = [pl.col("c").first(), pl.col("s").first()]
    by_number = distinct.lazy().group_by("__sid").agg(*first, pl.col("n").sum())
    texts, numbers = pl.collect_all([by_text.select(pl.len()), by_number])
    if numbers.height != texts.item():
        return describe_shapes(by_text).collect()
    return describe_shapes(numbers.lazy().select("c", "s", "n", "__sid")).collect()


def _shape_key(*frames: pl.DataFrame) -> list[str]:
    """What joins values to their shapes: the shape's number where every frame has it (not
    after a collision, nor in shapes built elsewhere, as in tests)."""
    return ["__sid"] if all("__sid" in f.columns for f in frames) else ["c", "s"]


def describe_shapes(shaped: pl.LazyFrame) -> pl.LazyFrame:
    """Adds each shape's length, digits and white space (its values') and whether it is
    ASCII (its values are)."""
    return shaped.with_columns(
        pl.col("s").str.len_chars().alias("__len"),
        pl.col("s").str.count_matches(r"\d").alias("__d"),
        pl.col("s").str.count_matches(r"\s").alias("__ws"),
        (pl.col("s").str.len_bytes() == pl.col("s").str.len_chars()).alias("__ascii"),
    )


def _stats(distinct: pl.DataFrame, shaped: pl.DataFrame) -> dict[int, ColumnStats]:
    """The row-level statistics, from shapes weighted by rows; only values whose shape has
    room for PROSE_WORDS words go through the word count."""
    rows = pl.col("n")
    table = shaped.group_by("c").agg(
        rows.sum().alias("values"),
        (pl.col("__len") * rows).sum().alias("chars"),
        pl.col("__len").max().alias("max_len"),
        pl.col("__d").max().alias("max_digits"),
        rows.filter(pl.col("s").str.contains(r"^0+$")).sum().alias("digits_only"),
    )
    key = _shape_key(distinct, shaped)
    roomy = shaped.filter(pl.col("__ws") >= PROSE_WORDS - 1).select(key)
    words = pl.col("v").str.replace_all(r"\s+", "  ").str.count_matches(PLAIN_WORD)
    prose = (
        distinct.join(roomy, on=key, how="semi")
        .filter(words >= PROSE_WORDS)
        .group_by("c")
        .agg(rows.sum().alias("prose"))
    )
    # Dates and bare phone numbers: only values whose shape can be one are read in full.
    table = table.join(prose, on="c", how="left")
    timed = rows.filter(pl.col("s").str.contains(":", literal=True)).sum().alias("timed_dates")
    for shape, regex, sums in (
        (DATE_SHAPE, date_regex(), (rows.sum().alias("dates"), timed)),
        (TRUNK_SHAPE, TRUNK_DIGITS, (rows.sum().alias("trunk_digits"),)),
    ):
        fit = shaped.filter(pl.col("s").str.contains(shape)).select(key)
        counts = (
            distinct.join(fit, on=key, how="semi")
            .filter(pl.col("v").str.contains(regex))
            .group_by("c")
            .agg(*sums)
        )
        table = table.join(counts, on="c", how="left")
    table = table.with_columns(pl.col("prose", "dates", "timed_dates", "trunk_digits").fill_null(0))
    return {row.pop("c"): ColumnStats(**{k: int(v or 0) for k, v in row.items()})
            for row in table.iter_rows(named=True)}  # fmt: skip


_SHAPE_BYTES = bytes.maketrans(SHAPE_FROM.encode(), SHAPE_TO.encode())


SMALL_SHAPES = 5_000  # up to this many values are shaped one by one, in plain Python


def shapes(values: pl.Series) -> pl.Series:
    """`widen.shape_of` for a whole column at once: `bytes.translate` over the Arrow data
    buffer (only ASCII bytes change, so UTF-8 stays valid and the offsets stay as they are).
    A few values are translated one by one instead, the same bytes the same way, so that a
    scan of small files need not import pyarrow and numpy (0.1 s of CPU) for them."""
    if values.len() <= SMALL_SHAPES:
        texts = values.cast(pl.String).to_list()
        shaped = [None if t is None else _shape_text(t) for t in texts]
        return pl.Series(values.name, shaped, dtype=pl.String)
    import pyarrow as pa

    array = values.to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    validity, offsets, data = array.buffers()
    if data is not None:
        data = pa.py_buffer(data.to_pybytes().translate(_SHAPE_BYTES))
    shaped = pa.Array.from_buffers(
        array.type, len(array), [validity, offsets, data], offset=array.offset
    )
    return pl.Series(_ArrowArray(shaped)).alias(values.name)


def _shape_text(text: str) -> str:
    return text.encode("utf-8").translate(_SHAPE_BYTES).decode("utf-8")


class _ArrowArray:
    """An Arrow array handed to Polars through the Arrow C data interface. Given the pyarrow
    array itself, Polars imports pyarrow.compute (0.1 s of CPU, the most of it a scan of a
    small CSV file pays for nothing else) to recast dictionary chunks this array never has."""

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._array.__arrow_c_array__(requested_schema)


_BITS = 62  # flags packed into Int64 words (the sign bit stays unused)


def _words(names: list[str]) -> list[list[str]]:
    return [names[w : w + _BITS] for w in range(0, len(names), _BITS)]


def _bit(index: int) -> tuple[str, int]:
    return f"__m{index // _BITS}", 1 << (index % _BITS)


SCREEN_SIZE = 12  # widened prefilters tried together on a shape before each is tried alone
MEMO_SHAPES = 5_000  # a batch with this many distinct shapes or more uses the shape memo


def _gate(f: Prefilter) -> pl.Expr:
    """The shapes a prefilter can match at all: long enough, enough digits, its punctuation."""
    gate = (pl.col("__len") >= f.min_len) & (pl.col("__d") >= f.min_digits)
    for mark in sorted(f.marks):
        gate = gate & pl.col("s").str.contains(mark, literal=True)
    return gate


Groups = tuple[Prefilter, ...]


@lru_cache(maxsize=8)
def _screens(filters: tuple[Prefilter, ...]) -> tuple[tuple[Groups, ...], AsciiForms]:
    """A registry's prefilters in groups of about SCREEN_SIZE, those with the same gates
    together: one alternation of a group's widened regexes passes over the shapes first, and
    only the shapes it matches are tried with each regex alone. The groups are the same for
    every batch; one that does not compile (too large) is split. With them, the prefilters'
    ASCII forms (`ascii_forms`), which read shapes as ASCII text. Built once per rules and
    code, then read from the startup cache (`screen_cache`)."""
    from classifiers.engines.screen_cache import load_screens, save_screens

    cached = load_screens(filters)
    if cached is not None:
        return cached
    groups, forms = _build_screens(filters)
    save_screens(filters, groups, forms)
    return groups, forms


def _build_screens(filters: tuple[Prefilter, ...]) -> tuple[tuple[Groups, ...], AsciiForms]:
    forms = AsciiForms(f.regex for f in filters)
    unique = sorted(set(filters), key=_screen_order)
    pending = [tuple(unique[i : i + SCREEN_SIZE]) for i in range(0, len(unique), SCREEN_SIZE)]
    groups: list[Groups] = []
    while pending:
        group = pending.pop()
        if len(group) == 1 or all(
            _compiles(_alternation(group, forms if a else None)) for a in (False, True)
        ):
            groups.append(group)
        else:
            half = len(group) // 2
            pending += [group[:half], group[half:]]
    return tuple(groups), forms


def _screen_order(f: Prefilter) -> tuple[bool, list[str], str]:
    return (f.min_digits == 0, sorted(f.marks), f.regex)


def _alternation(filters: Iterable[Prefilter], forms: AsciiForms | None = None) -> str:
    """One regex for a group: their widened forms, or their ASCII forms."""
    return "|".join(f"(?:{forms.form(f.regex) if forms else f.shape})" for f in filters)


def _compiles(regex: str) -> bool:
    try:
        pl.Series([""]).str.contains(regex)
    except pl.exceptions.ComputeError:
        return False
    return True


def _shape_masks(
    shaped: pl.DataFrame,
    plans: dict[int, Plan],
    names: list[str],
    registry: Registry,
    memo: ShapeMemo | None = None,
) -> pl.DataFrame:
    """(c, s, __m0...): each distinct shape of a column that some recognizer's widened
    prefilters match, with those recognizers as bit masks. A recognizer's prefilters are those
    some column's plan asked for (shorter values skip the rest). A widened prefilter has its
    prefilter's bounds (length, digits, required punctuation), so each one only reads the
    shapes that meet them: most free text has no digits, and most prefilters need some. Most
    prefilters match few shapes, so groups of them are screened together first (`_screens`).

    A shape's masks depend only on its text and on which recognizers want each prefilter:
    with a `memo`, shapes an earlier batch (or file) screened under the same wants are looked
    up instead of screened again (most shapes of a table recur in every batch). Only a batch of
    MEMO_SHAPES shapes or more uses it: a small file's few shapes are screened sooner than
    they are looked up in a memo of many."""
    position = {name: i for i, name in enumerate(names)}
    users: dict[Prefilter, set[int]] = defaultdict(set)  # prefilter -> recognizers' bits
    for plan in plans.values():
        for spec, regex in plan.prefilters:
            for f in spec.prefilters:
                if f.regex == regex:
                    users[f].add(position[spec.name])
    keys = [k for k in ("c", "s", "__sid") if k in shaped.columns]
    words_n = len(_words(names))
    columns = [f"__m{w}" for w in range(words_n)]
    memo = memo if shaped.height >= MEMO_SHAPES else None
    known = memo.known(users, columns) if memo is not None else None
    if known is not None and known.height:
        seen = shaped.select(keys).join(known, on="s", how="inner")
        new = shaped.join(known.select("s"), on="s", how="anti")
    else:
        seen, new = None, shaped
    words = _screened(new, users, registry, words_n)
    fresh = new.select(keys).with_columns(
        pl.Series(name, words[w] if words is not None else pl.repeat(0, new.height, eager=True),
                  pl.Int64)
        for w, name in enumerate(columns)
    )  # fmt: skip
    if memo is not None:
        memo.add(fresh.select("s", *columns))
    masks = fresh if seen is None else pl.concat([seen.select(fresh.columns), fresh])
    if not columns:
        return masks.clear()
    return masks.filter(pl.any_horizontal(pl.col(c) != 0 for c in columns))


def _screened(
    shaped: pl.DataFrame, users: dict[Prefilter, set[int]], registry: Registry, words_n: int
) -> np.ndarray | None:
    """The recognizers' bits of each row of `shaped` (words_n x rows, Int64), None when
    no prefilter matches any."""
    if shaped.height == 0:
        return None
    everyone = tuple(f for spec in registry.specs for f in spec.prefilters)
    groups, forms = _screens(everyone)
    indexed = shaped.with_row_index("__r").with_columns(pl.col("s").alias("__t"))
    # Shapes are read as ASCII text (`__t`) by the ASCII forms of the regexes, which Rust
    # runs many times faster; the few that cannot be spelled in ASCII by the full forms.
    parts: list[tuple[AsciiForms | None, pl.DataFrame]] = [(forms, indexed)]
    if not shaped.get_column("__ascii").all():
        _know_widened(everyone, forms)
        others = indexed.filter(~pl.col("__ascii"))
        spelled = pl.Series("__t", forms.spell(others.get_column("s").to_list()), pl.String)
        others = others.with_columns(spelled)
        fast = pl.concat([indexed.filter(pl.col("__ascii")), others.drop_nulls("__t")])
        parts = [(forms, fast)]
        if spelled.null_count():
            parts.append((None, others.filter(pl.col("__t").is_null())))
    screens, members = [], []
    for group in groups:
        wanted = [f for f in group if f in users]
        for form, part in parts if wanted else ():
            members.append((form, wanted))
            screens.append(
                part.lazy()
                .filter(pl.any_horizontal(_gate(f) for f in wanted))
                .filter(pl.col("__t" if form else "s").str.contains(_alternation(group, form)))
            )
    jobs, bits = [], []
    for (form, wanted), screened in zip(members, pl.collect_all(screens), strict=True):
        for f in wanted:
            hit = (
                pl.col("__t").str.contains(form.form(f.regex))
                if form
                else pl.col("s").str.contains(f.shape)
            )
            jobs.append(screened.lazy().filter(_gate(f) & hit).select("__r"))
            bits.append(sorted(users[f]))
    if forms.unsaved:  # forms built for new letters: the next process reads them
        from classifiers.engines.screen_cache import save_widened

        save_widened(everyone, forms)
    found = pl.collect_all(jobs) if jobs else []
    if not any(hits.height for hits in found):  # nothing flagged (a small file, often)
        return None
    import numpy as np

    words = np.zeros((words_n, shaped.height), dtype=np.int64)
    for hits, indices in zip(found, bits, strict=True):
        rows = hits.get_column("__r").to_numpy()
        for index in indices:
            words[index // _BITS, rows] |= 1 << (index % _BITS)
    return words


@lru_cache(maxsize=8)
def _know_widened(filters: tuple[Prefilter, ...], forms: AsciiForms) -> None:
    """Once per screens: the ASCII forms earlier processes built for non-ASCII letters."""
    from classifiers.engines.screen_cache import load_widened

    load_widened(filters, forms)


def _everywhere(plans: dict[int, Plan], names: list[str]) -> pl.LazyFrame:
    """(c, __e0...): per column, the recognizers that read every row, as bit masks."""
    rows = []
    for column, plan in plans.items():
        words = [0] * len(_words(names))
        for i, name in enumerate(names):
            if name in plan.everywhere:
                words[i // _BITS] |= 1 << (i % _BITS)
        rows.append([column, *words])
    schema = {"c": pl.Int32, **{f"__e{w}": pl.Int64 for w in range(len(_words(names)))}}
    return pl.DataFrame(rows, schema=schema, orient="row").lazy()


def _value_flags(names: list[str], in_head: pl.Expr, rows: pl.Expr, head_rows: pl.Expr
                 ) -> tuple[list[pl.Expr], pl.Expr]:  # fmt: skip
    """A value's flags and flagged rows from its shape's flags (`__m0`...) and the column's
    recognizers that read every row (`__e0`...): see `_flagged`."""
    count = len(_words(names))
    every = [pl.col(f"__m{w}") & pl.col(f"__e{w}") for w in range(count)]
    weak = [pl.col(f"__m{w}") & ~pl.col(f"__e{w}") for w in range(count)]
    flags = [(e | pl.when(in_head).then(k).otherwise(0)).alias(f"__m{w}")
             for w, (e, k) in enumerate(zip(every, weak, strict=True))]  # fmt: skip
    flagged_rows = (
        pl.when(pl.any_horizontal([e != 0 for e in every]))
        .then(rows)
        .when(pl.any_horizontal([k != 0 for k in weak]))
        .then(head_rows)
        .otherwise(0)
    )
    return flags, flagged_rows


def _combos(
    distinct: pl.DataFrame, masks: pl.DataFrame, plans: dict[int, Plan], names: list[str]
) -> pl.DataFrame:
    """(c, __m0..., __r, __d): what `chosen_candidates` counts per column and set of flags
    (flagged rows, distinct values), from the values of each shape in and out of the
    `weak_rows` window: the values of one shape on one side of it have the same flags, so
    this reads a row per shape and side instead of one per flagged value."""
    key = _shape_key(distinct, masks)
    words = [f"__m{w}" for w in range(len(_words(names)))]
    sides = (
        distinct.lazy()
        .group_by(*dict.fromkeys([*key, "c"]), (pl.col("n_head") > 0).alias("__in"))
        .agg(pl.col("n").sum(), pl.col("n_head").sum(), pl.len().alias("__d"))
    )
    flags, rows = _value_flags(names, pl.col("__in"), pl.col("n"), pl.col("n_head"))
    return (
        sides.join(masks.lazy().select(*key, *words), on=key, how="inner")
        .join(_everywhere(plans, names), on="c", how="inner")
        .select("c", rows.alias("__r"), "__d", *flags)
        .filter(pl.col("__r") > 0)
        .group_by("c", *words)
        .agg(pl.col("__r").sum(), pl.col("__d").sum())
        .collect()
    )


def _flagged(
    distinct: pl.DataFrame, masks: pl.DataFrame, plans: dict[int, Plan], names: list[str]
) -> pl.DataFrame:
    """(c, v, h, rows, __m0...) for every value some recognizer flagged, from its shape's
    flags (`_shape_masks`).

    A value's flags are its shape's. A recognizer that reads every row of the column flags
    all rows of a value it matches; one that reads only the first `weak_rows` values flags
    the value's rows among them. So a value's flagged rows are all its rows, or its rows in
    that window, or none."""
    count = len(_words(names))
    flags, rows = _value_flags(names, pl.col("n_head") > 0, pl.col("n"), pl.col("n_head"))
    key = _shape_key(distinct, masks)
    flags_of = masks.lazy().select(*key, *(f"__m{w}" for w in range(count)))
    return (
        distinct.lazy()
        .join(flags_of, on=key, how="inner")
        .join(_everywhere(plans, names), on="c", how="inner")
        .select("c", "v", pl.col("v").hash(HASH_SEED).alias("h"), rows.alias("rows"), *flags)
        .filter(pl.col("rows") > 0)
        .collect()
    )


def flagged_by(values: Sequence[str], registry: Registry) -> list[frozenset[str]]:
    """For each value, the recognizers whose prefilters flag it (as in a column read whole,
    stripped): the only ones whose exact patterns can match it. Loose strings (column names
    that may be values) are checked this way instead of with every pattern, one by one."""
    frame = pl.DataFrame({"v": list(values)}, schema={"v": pl.String})
    distinct = _distinct(frame, frame.height)
    shaped = _shaped(distinct)
    if shaped.height == 0:
        return [frozenset()] * len(values)
    stats = _stats(distinct, shaped)[0]
    options = EngineOptions()
    plans = {0: recognizers_for(registry, "", stats.max_len, stats.max_digits, False, options)}
    names = [spec.name for spec in registry.specs]
    masks = _shape_masks(shaped, plans, names, registry)
    words = [c for c in masks.columns if c.startswith("__m")]
    flags: dict[str, frozenset[str]] = {}
    matched = distinct.join(masks.select(*_shape_key(distinct, masks), *words),
                            on=_shape_key(distinct, masks))  # fmt: skip
    for value, *mask in matched.select("v", *words).iter_rows():
        flags[value] = frozenset(
            n for i, n in enumerate(names) if mask[i // _BITS] >> (i % _BITS) & 1
        )
    return [flags.get(value.strip(), frozenset()) for value in values]


def chosen_candidates(
    flagged: pl.DataFrame,
    names: list[str],
    bound: int,
    estimate: int | None = None,
    combos: pl.DataFrame | None = None,
) -> dict[int, Chosen]:
    """`tally.choose` computed in a query, from (c, v, h, rows, __m0...) in any order: per
    column and recognizer, the rows and distinct values flagged and the candidates with the
    lowest (hash, value) it keeps. Only those reach Python. Both engines call this.

    Values with the same flags form a group; a recognizer's `bound` lowest hashes in a column
    are among the `bound` lowest of each group it flags, so only those heads are searched.
    `combos` is each group's rows and values when the engine counted them already (`_combos`).
    """
    if flagged.height == 0:
        return {}
    words = [c for c in flagged.columns if c.startswith("__m")]
    if combos is None:
        combos = flagged.group_by("c", *words).agg(
            pl.col("rows").sum().alias("__r"), pl.len().alias("__d")
        )
    cut = pl.col("h").bottom_k(bound).max().over("c", *words)  # ties on it all pass
    heads = flagged.filter(pl.col("h") <= cut).sort("h", "v").with_row_index("__i")
    bits = {name: (pl.col(_bit(i)[0]) & _bit(i)[1]) != 0 for i, name in enumerate(names)}
    present = heads.select(bits[n].any().alias(n) for n in names).row(0, named=True)
    used = [n for n in names if present[n]]
    table = heads.group_by("c").agg(
        pl.col("__i").filter(bits[n]).head(bound).alias(f"k{i}") for i, n in enumerate(used)
    )
    rows: dict[int, Counter[str]] = defaultdict(Counter)
    distinct: dict[int, Counter[str]] = defaultdict(Counter)
    decoded: dict[tuple[int, ...], list[str]] = {}
    for column, *mask, flagged_rows, values in combos.iter_rows():
        key = tuple(mask)
        if key not in decoded:
            decoded[key] = [n for i, n in enumerate(names) if mask[i // _BITS] >> (i % _BITS) & 1]
        for name in decoded[key]:
            rows[column][name] += flagged_rows
            distinct[column][name] += values
    columns = heads.select("v", "rows", "h")
    out: dict[int, Chosen] = {}
    for row in table.iter_rows(named=True):
        keep: dict[int, list[str]] = defaultdict(list)
        column = row["c"]
        for i, name in enumerate(used):
            count = keep_count(distinct[column][name], bound, estimate)
            for index in row[f"k{i}"][:count]:
                keep[index].append(name)
        order = sorted(keep)
        chosen = tuple(
            Candidate(value, int(n), tuple(keep[i]), int(h))
            for i, (value, n, h) in zip(order, columns[order].iter_rows(), strict=True)
        )
        out[column] = Chosen(chosen, dict(rows[column]), dict(distinct[column]))
    return out


@dataclass
class StageClock:
    """Wall and CPU seconds of each stage of the engine, added up over its calls: where the
    time goes (the bench prints it). CPU time is this process's, Polars' threads included;
    the NER worker's is not (its wait shows as "waiting for NER")."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), process_cpu_seconds()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + process_cpu_seconds() - cpu


def process_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


@contextmanager
def _no_clock(name: str) -> Iterator[None]:
    yield


class PolarsEngine:
    """Computes evidence for Polars frames with one registry and one (optional) NER engine."""

    name = "polars"

    def __init__(
        self,
        registry: Registry,
        ner: NerEngine | None,
        options: EngineOptions,
        clock: StageClock | None = None,
    ) -> None:
        self.registry = registry
        self.ner = ner
        self.options = options
        self.clock = clock
        self.memo = ShapeMemo()  # shapes screened by earlier batches and files

    def table_evidence(
        self, frame: pl.DataFrame, checkpoint: Checkpoint = carry_on
    ) -> TableEvidence:
        """The frame's evidence; `checkpoint` (an object's budget check) is called between
        stages and columns, and may raise to stop the work there."""
        stage = self.clock.stage if self.clock else _no_clock
        # Names and types looked up once: a frame's `columns` and `schema` are built afresh on
        # each call, which in a loop over columns costs the square of their number.
        labels, dtypes = frame.columns, frame.dtypes
        if frame.height >= warm.WARM_ROWS and pl.String in dtypes:
            warm.start()  # Presidio's import runs beside the Polars work below
        with stage("distinct values and shapes"):
            distinct = _distinct(frame, self.options.weak_rows)
            shaped = _shaped(distinct)
        with stage("statistics"):
            stats = _stats(distinct, shaped)
            plans = {}
            for c, s in stats.items():
                checkpoint()  # a column's name is read against every recognizer's context
                plans[c] = recognizers_for(self.registry, labels[c], s.max_len, s.max_digits,
                                           s.free_text, self.options)  # fmt: skip
            heads = self._ner_values(distinct)
        # Free text almost always wants NER (patterns rarely explain it), and its NER takes
        # longest: a background engine starts on it now, beside the prefilters.
        background = self.ner is not None and self.ner.background
        early = {
            c: start_ner(heads.get(c, []), self.ner, self.options)
            for c, s in stats.items()
            if background and s.free_text and dtypes[c] == pl.String
        }
        names = [spec.name for spec in self.registry.specs]
        checkpoint()
        with stage("prefilters on shapes"):
            masks = _shape_masks(shaped, plans, names, self.registry, self.memo) if stats else None
        with stage("flags and chosen candidates"):
            flagged, combos = (
                (_flagged(distinct, masks, plans, names), _combos(distinct, masks, plans, names))
                if masks is not None
                else (distinct.clear(), None)
            )
            chosen = chosen_candidates(
                flagged, names, self.options.confirm_bound, self.options.estimate_from, combos
            )
        bases, texts = {}, set()
        for series in frame.get_columns():
            name = series.name
            if _as_text(series) is not None:
                texts.add(name)
            bases[name] = ColumnEvidence(
                column=name,
                dtype=str(series.dtype),
                rows=series.len(),
                non_null=series.len() - series.null_count(),
                temporal=series.dtype.is_temporal(),
            )
        # Free text first: its NER (the longest) runs while the other columns are confirmed.
        started = {}
        with stage("confirmation (Presidio, validators)"):
            for index in sorted(stats, key=lambda c: (-stats[c].prose, c)):
                checkpoint()
                name = labels[index]
                started[name] = start_column(
                    bases[name], stats[index], plans[index],
                    chosen.get(index, Chosen((), {}, {})), heads.get(index, []),
                    dtypes[index] == pl.String, self.ner, self.options, early.get(index),
                )  # fmt: skip
        columns = {}
        with stage("waiting for NER"):
            for name, base in bases.items():
                checkpoint()
                if name in started:
                    base = started[name].finish()
                elif name in texts:
                    base = ColumnEvidence(name, base.dtype, rows=base.rows, non_null=0)
                columns[name] = base
        return TableEvidence(columns, frame.height)

    def column_evidence(self, series: pl.Series) -> ColumnEvidence:
        return self.table_evidence(series.to_frame()).columns[series.name]

    def _ner_values(self, distinct: pl.DataFrame) -> dict[int, list[str]]:
        """Distinct values from the head of each column, in order of first sight: the NER
        sample (the gazetteers read it too, with or without NER)."""
        head = self.options.ner_sample * 20
        firsts = distinct.filter(pl.col("first") < head).sort("c", "first")
        return {
            c: group.get_column("v").to_list()
            for (c,), group in firsts.group_by("c", maintain_order=True)
        }


def merge_all(parts: Iterable[TableEvidence]) -> TableEvidence:
    total = TableEvidence()
    for part in parts:
        total = total + part
    return total
