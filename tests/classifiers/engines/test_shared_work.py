"""Work the engine shares instead of repeating (shape numbers, flag groups counted per shape,
phone numbers not read inside a whole IP address) gives what the plain definitions give."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from classifiers.confirm import (
    Hit,
    _boost,
    _version_number,
    confirm_value,
    exact_hits,
    resolve,
    text_context,
)
from classifiers.engines import polars_engine
from classifiers.engines.assemble import ColumnStats
from classifiers.engines.options import EngineOptions, Plan, ner_sample, recognizers_for
from classifiers.engines.shape_memo import ShapeMemo
from classifiers.recognizers.registry import Prefilter, RecognizerSpec, Registry, build_registry

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"
TABLES = ("crm/customers.csv", "hr/employees.csv", "web/access_log_sample.csv.gz")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


def _mixed() -> pl.DataFrame:
    """Repeated values, accented names, IPs, phones, timestamps and prose, in one table."""
    rows = 400
    names = ("Zoë Müller", "José Núñez", "Ann Lee", "Łukasz Żak")
    return pl.DataFrame(
        {
            "ip": [f"10.{i % 7}.{i % 13}.{i % 250}" for i in range(rows)],
            "phone": [f"+44 20 7946 {i % 97:04d}" for i in range(rows)],
            "name": [names[i % 4] for i in range(rows)],
            "when": [f"2024-0{1 + i % 9}-1{i % 10} 10:{i % 60:02d}:00" for i in range(rows)],
            "note": [f"Call me on 020 7946 {i:04d} or write to a{i}@example.com, thanks a lot"
                     for i in range(rows)],
            "code": [str(100_000 + i % 37) for i in range(rows)],
        }
    )  # fmt: skip


def _frames() -> list[pl.DataFrame]:
    tables = [pl.read_csv(SAMPLE / name, infer_schema_length=0) for name in TABLES]
    return [_mixed(), *tables]


def _plans(
    frame: pl.DataFrame, stats: dict[int, ColumnStats], registry: Registry, options: EngineOptions
) -> dict[int, Plan]:
    return {
        c: recognizers_for(registry, frame.columns[c], s.max_len, s.max_digits, s.free_text,
                           options)
        for c, s in stats.items()
    }  # fmt: skip


@pytest.mark.parametrize("mode", ["sample", "full"])
def test_shape_numbers_and_shape_level_groups_give_the_plain_results(
    registry: Registry, mode: str
) -> None:
    """Joined by shape number or by (column, shape text), and flag groups counted per shape
    or per value: the same statistics, flags and chosen candidates, on every table. A small
    window makes the weak recognizers' in-and-out-of-window split matter."""
    options = EngineOptions(mode=mode, weak_rows=50)
    names = [spec.name for spec in registry.specs]
    for frame in _frames():
        distinct = polars_engine._distinct(frame, options.weak_rows)
        shaped = polars_engine._shaped(distinct)
        plain_distinct, plain_shaped = distinct.drop("__sid"), shaped.drop("__sid")
        stats = polars_engine._stats(distinct, shaped)
        assert stats == polars_engine._stats(plain_distinct, plain_shaped)
        plans = _plans(frame, stats, registry, options)
        masks = polars_engine._shape_masks(shaped, plans, names, registry)
        plain_masks = polars_engine._shape_masks(plain_shaped, plans, names, registry)
        flagged = polars_engine._flagged(distinct, masks, plans, names)
        plain = polars_engine._flagged(plain_distinct, plain_masks, plans, names)
        assert flagged.height > 0
        assert flagged.sort("c", "v").equals(plain.sort("c", "v"))
        combos = polars_engine._combos(distinct, masks, plans, names)
        bound, estimate = options.confirm_bound, options.estimate_from
        assert polars_engine.chosen_candidates(
            flagged, names, bound, estimate, combos
        ) == polars_engine.chosen_candidates(flagged, names, bound, estimate)


def test_shapes_screened_by_an_earlier_batch_are_looked_up_with_the_same_bits(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch after batch through one memo (shapes recur, some are new, one frame comes
    between with other wants): the same masks as each batch screened alone."""
    monkeypatch.setattr(polars_engine, "MEMO_SHAPES", 1)  # these batches are small
    options = EngineOptions(mode="full")
    names = [spec.name for spec in registry.specs]
    memo = ShapeMemo()
    mixed = _mixed()
    frames = [mixed.slice(0, 200), mixed.slice(150, 250), *_frames()[1:], mixed]
    for frame in frames:
        distinct = polars_engine._distinct(frame, options.weak_rows)
        shaped = polars_engine._shaped(distinct)
        plans = _plans(frame, polars_engine._stats(distinct, shaped), registry, options)
        alone = polars_engine._shape_masks(shaped, plans, names, registry)
        looked_up = polars_engine._shape_masks(shaped, plans, names, registry, memo)
        assert alone.height > 0
        assert looked_up.sort("c", "s").equals(alone.sort("c", "s"))
    assert memo.known({}, ["__m0"]) is None  # other wants: the memo starts over


def test_a_batch_of_few_shapes_leaves_the_memo_alone(registry: Registry) -> None:
    options = EngineOptions(mode="full")
    names = [spec.name for spec in registry.specs]
    memo = ShapeMemo()
    frame = _mixed()
    distinct = polars_engine._distinct(frame, options.weak_rows)
    shaped = polars_engine._shaped(distinct)
    assert 0 < shaped.height < polars_engine.MEMO_SHAPES
    plans = _plans(frame, polars_engine._stats(distinct, shaped), registry, options)
    polars_engine._shape_masks(shaped, plans, names, registry, memo)
    assert memo._wants is None and memo._frame is None  # never asked, nothing kept


def test_the_memo_stops_keeping_shapes_when_full() -> None:
    memo = ShapeMemo(max_bytes=10)
    wants: dict[Prefilter, set[int]] = {}
    assert memo.known(wants, ["__m0"]) is None
    memo.add(pl.DataFrame({"s": ["aaaa aaaa aaaa"], "__m0": [1]}))
    memo.add(pl.DataFrame({"s": ["0000"], "__m0": [2]}))
    known = memo.known(wants, ["__m0"])
    assert known is not None and known.get_column("s").to_list() == ["aaaa aaaa aaaa"]


def _every_recognizer(
    text: str, specs: list[RecognizerSpec], boosted: frozenset[str], in_text: bool
) -> list[Hit]:
    """Confirmation with nothing skipped: every recognizer on the text, then `resolve`."""
    lower = text.lower()
    hits = [
        _boost(hit, spec.name in boosted or (in_text and text_context(spec, lower)))
        for spec in specs
        for hit in exact_hits(spec, text)
    ]
    return resolve(h for h in hits if not _version_number(h, text))


VALUES = [
    "192.168.10.1",
    "10.0.0.254",
    "8.8.8.8",
    " 172.16.254.1 ",
    "192.168.1.1 +1 415 555 2671",
    "host 10.1.2.3 called 020 7946 0958",
    "Chrome/124.0.0.0",
    "+44 20 7946 0958",
    "020 7946 0958",
    "2001:db8::1",
    "1.2.3",
    "964 391 500",
]


@pytest.mark.parametrize("in_text", [False, True])
def test_phones_skipped_inside_a_whole_ip_address_change_no_hit(
    registry: Registry, in_text: bool
) -> None:
    """A whole-text IP address shadows any phone reading of it, so skipping phonenumbers
    there leaves the hits exactly as reading every recognizer gives them."""
    specs = [registry.by_name(n) for n in ("PhoneRecognizer", "IpRecognizer", "UrlRecognizer")]
    for order in (specs, specs[::-1]):
        for text in VALUES:
            got = confirm_value(text, order, frozenset({"PhoneRecognizer"}), in_text)
            assert got == _every_recognizer(text, order, frozenset({"PhoneRecognizer"}), in_text)
    # The shortcut is taken: a whole IP that phonenumbers reads as a number in some plan.
    phone = registry.by_name("PhoneRecognizer")
    assert any(exact_hits(phone, text) for text in VALUES[:4])


def test_shapes_sharing_a_number_are_joined_by_their_text(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shape numbers are hashes: should two shapes of a batch share one, the shapes are
    joined by their text, with the same flags."""
    frame = _mixed()
    options = EngineOptions(mode="full", weak_rows=50)
    names = [spec.name for spec in registry.specs]
    numbered = polars_engine._distinct(frame, options.weak_rows)
    monkeypatch.setattr(polars_engine, "_SHAPE_ID", pl.lit(7, pl.UInt64).alias("__sid"))
    distinct = polars_engine._distinct(frame, options.weak_rows)
    shaped = polars_engine._shaped(distinct)
    assert "__sid" not in shaped.columns
    assert shaped.height == polars_engine._shaped(numbered).height > 1
    stats = polars_engine._stats(distinct, shaped)
    plans = _plans(frame, stats, registry, options)
    masks = polars_engine._shape_masks(shaped, plans, names, registry)
    flagged = polars_engine._flagged(distinct, masks, plans, names)
    plain = polars_engine._flagged(
        distinct.drop("__sid"), masks, plans, names
    )  # the same frame, joined by text in both
    assert flagged.sort("c", "v").equals(plain.sort("c", "v"))
    expected_masks = polars_engine._shape_masks(
        polars_engine._shaped(numbered), plans, names, registry
    )
    expected = polars_engine._flagged(numbered, expected_masks, plans, names)
    assert flagged.sort("c", "v").equals(expected.sort("c", "v"))


def test_the_ner_sample_is_the_first_values_with_three_letters_read_no_further() -> None:
    """Codes ("M", "NY", "12") are left out, one East Asian character counts as three, and
    the sample stops at its size: values after it are never looked at."""
    values = ["M", "NY", "12", "Ann", "王", "김민", "A1 B", "x-y-z", "Zoë Müller", "Bob"]
    sample = ner_sample(values, EngineOptions(ner_sample=4))
    assert sample == ["Ann", "王", "김민", "x-y-z"]  # "A1 B" has two letters
    assert ner_sample(values, EngineOptions(ner_sample=50)) == [
        "Ann", "王", "김민", "x-y-z", "Zoë Müller", "Bob"
    ]  # fmt: skip

    class Untouchable(str):
        def __getitem__(self, key: object) -> str:
            raise AssertionError("read after the sample was full")

    assert ner_sample([*values[:4], Untouchable("later")], EngineOptions(ner_sample=1)) == ["Ann"]
    assert ner_sample(["a" * 5000], EngineOptions()) == ["a" * 1000]  # cut at 1,000
