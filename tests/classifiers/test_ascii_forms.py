"""ASCII forms of widened prefilters match ASCII spellings of shapes exactly where the
widened forms match the shapes themselves."""

from __future__ import annotations

import polars as pl
import pytest

from classifiers.engines.polars_engine import shapes
from classifiers.recognizers.ascii_forms import ALPHABET, STAND_INS, AsciiForms
from classifiers.recognizers.registry import build_registry
from classifiers.recognizers.widen import shape_regex
from tests.classifiers.test_widen import _texts

# Accented and other-script letters, an Arabic-Indic digit, typographic punctuation, spaces.
NON_ASCII = "ÄÖÜäöüßéèçñøåœÉ\u0131\u212a\u017f\u2019\u201c\u2014\u2026\u00a0\u2009٣Ωжд€°·"


@pytest.fixture(scope="module")
def regexes() -> list[str]:
    return sorted({f.regex for spec in build_registry().specs for f in spec.prefilters})


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Shapes of the widen corpus, plus copies with non-ASCII characters put in."""
    texts = _texts()
    mixed = [t[:i] + NON_ASCII[(i * 7 + n) % len(NON_ASCII)] + t[i:]
             for n, t in enumerate(texts) for i in (0, len(t) // 2, len(t))]  # fmt: skip
    return shapes(pl.Series([*texts, *mixed])).unique().to_list()


def test_ascii_forms_match_ascii_spellings_where_widened_forms_match_shapes(
    regexes: list[str], corpus: list[str]
) -> None:
    forms = AsciiForms(regexes)
    spelled = forms.spell(corpus)
    frame = pl.DataFrame({"s": corpus, "t": spelled})
    readable = frame.drop_nulls("t")
    # Only shapes with a character that some set names alone stay unread: U+2019, the
    # apostrophe of French street names.
    assert readable.height > 0.8 * frame.height
    assert all("\u2019" in s for s in frame.filter(pl.col("t").is_null()).get_column("s"))
    assert all(t.isascii() for t in readable.get_column("t"))
    differ, hits = [], 0
    for regex in regexes:
        both = readable.select(
            pl.col("s").str.contains(shape_regex(regex)).alias("shape"),
            pl.col("t").str.contains(forms.form(regex)).alias("ascii"),
        )
        if both.filter(pl.col("shape") != pl.col("ascii")).height:
            differ.append(regex)
        hits += both.get_column("shape").sum()
    assert differ == []
    assert hits > 5_000  # the corpus exercises the prefilters


def test_characters_are_spelled_by_what_the_sets_hold(regexes: list[str]) -> None:
    forms = AsciiForms(regexes)
    spelled = forms.spell(["é", "٣", "\u2014", "\u00a0"])
    letter, digit, dash, space = spelled
    # Word characters no alphabet character behaves like get stand-ins, different ones for
    # a letter and a digit (\d holds one, not the other).
    assert letter in STAND_INS and digit in STAND_INS and letter != digit
    # Punctuation takes an ASCII twin that every set holds exactly as it holds the original.
    assert dash is not None and space is not None
    assert dash in ALPHABET and not dash.isalnum()
    assert space in ALPHABET and space.isspace()
    assert forms.spell(["é-é"]) == [f"{letter}-{letter}"]


def test_a_non_word_character_without_a_twin_has_no_spelling(regexes: list[str]) -> None:
    """A set that names one non-ASCII punctuation mark alone leaves it no ASCII twin."""
    forms = AsciiForms([*regexes, r"\b\d{3}\u2042\d{3}\b"])
    assert forms.spell(["000\u2042000", "000-000"]) == [None, "000-000"]
