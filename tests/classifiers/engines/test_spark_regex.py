"""One definition, two dialects: every Rust regex the engines run agrees with its Java translation.

Polars runs the prefilters and the engine's own regexes in Rust; the Spark engine runs them in
Java after `java_regex`. Both must flag, count, strip and drop the same strings, or the engines
would count differently. The strings are the prefilter tests' positives, dialect edge cases
(Unicode digits and spaces, line ends, case folding) and values from sample_data/.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import polars as pl
import pytest

from classifiers.engines.options import NULL_TOKENS
from classifiers.engines.polars_engine import PLAIN_WORD, _columns
from classifiers.engines.spark_regex import DialectError, java_regex
from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, open_table
from classifiers.recognizers.registry import build_registry
from classifiers.recognizers.shape import required_marks
from classifiers.scan import local_path
from classifiers.sources.local import LocalSource
from tests.classifiers.engines.spark_fixtures import sample_config, spark
from tests.classifiers.test_core_prefilter import POSITIVES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["spark"]  # the session fixture, used by name

EDGE_CASES = (
    "M", "M\n", "M\r", "f\u2028", "female\n", "x\u0085y", "\u00a0M\u00a0",
    "John\u00a0Smith", "4111\u20021111\u20021111\u20021111", "4111\t1111\t1111\t1111",
    "\u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661",
    "\u0661\u0662\u0663\u0664\u0665", "\uff11\uff12\uff13\uff14\uff15", "12\u0660345",
    "SW1A\u30001AA", "\u212aelvin 12345", "\u017ftreet 10", "STRAẞE 5", "Straße 12",
    "İstanbul 34000", "ǅemal", "\u0130\u0130 1234567", "\u0131\u0131 1234567", "EM\u0130-123456",
    "\u212a\u212a1234567", "\u212b\u00c5 12", "\u1e9e\u00df 5",
    "Ça va 2024-01-15", "Élysée 10", "Müller-Lüdenscheidt-Straße 3", "ÄÖÜ-AB 123",
    "josé@correo.es", "email@exämple.com", "Σίσυφος 123-45-6789", "Москва 101000",
    "📞 +44 20 7946 0958", "line one\nline two 12345", "a\tb 1234", "\ufeffBOM 12345",
    "te\u200dst 1234", "Jose\u0301 12/03/2024", "  padded value  ", "\t\n", "N/A", "NULL",
    "nil", "Nan", "(null)", "?", "-", "--", "none", "É", "ÉÉ 12", "x" * 300 + " 4111111111111111",
    "The quick brown fox jumps over the lazy dog.", "Hello, world! it's fine; yes: no?",
    "Mozilla/5.0 (Windows NT 10.0) like Gecko", "a.b@c.d", "www.example.com/ä",
)  # fmt: skip
ENGINE_REGEXES = (PLAIN_WORD, r"\s+", r"\d", r"^[0-9]+$")


@cache
def sample_strings(per_column: int = 40) -> tuple[str, ...]:
    """Distinct values from every table and document of sample_data/ (sample mode)."""
    found: dict[str, None] = {}
    for source in sample_config().sources:
        crawler = LocalSource(source.name, source.path, tuple(source.include),
                              tuple(source.exclude), source.public)  # fmt: skip
        for obj in crawler.crawl():
            if obj.format not in DataFormat.TABULAR | DataFormat.DOCUMENT:
                continue
            try:
                for batch in open_table(local_path(obj.uri), obj.format, obj.compression,
                                        Sampling(max_rows=200)).batches():  # fmt: skip
                    for series in batch.get_columns():
                        text = series.cast(pl.String, strict=False).drop_nulls().unique()
                        found.update(dict.fromkeys(text.head(per_column).to_list()))
            except (ReadError, pl.exceptions.PolarsError):
                continue
    return tuple(found)


def corpus() -> list[str]:
    return list(dict.fromkeys([*POSITIVES, *EDGE_CASES, *sample_strings()]))


def regexes() -> list[str]:
    prefilters = {f.regex for spec in build_registry().specs for f in spec.prefilters}
    return sorted(prefilters | set(ENGINE_REGEXES))


def _spark_frame(spark: SparkSession, texts: list[str]) -> DataFrame:
    return spark.createDataFrame(pl.DataFrame({"v": texts}).to_arrow())


def _disagreements(
    spark: SparkSession, texts: list[str], patterns: list[str]
) -> list[tuple[str, str]]:
    """(pattern, text) wherever Rust (Polars) and Java (Spark, translated) disagree."""
    from pyspark.sql import functions as F

    rust = pl.DataFrame({"v": texts}).select(
        pl.col("v").str.contains(p).alias(str(i)) for i, p in enumerate(patterns)
    )
    java = _spark_frame(spark, texts).select(
        F.col("v"), *(F.col("v").rlike(java_regex(p)).alias(str(i)) for i, p in enumerate(patterns))
    )
    rows = {row["v"]: row for row in java.collect()}
    return [
        (patterns[i][:60], text)
        for i in range(len(patterns))
        for text, hit in zip(texts, rust.get_column(str(i)).to_list(), strict=True)
        if rows[text][str(i)] != hit
    ]


# --- the translation itself (no Spark) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rust", "java"),
    [
        # Java gets no (?i): letters and classes carry their case-folding orbits
        (r"(?i)\bEMP-\d{6}\b", r"(?dU)\b[Ee][Mm][Pp]-\d{6}\b"),
        (r"(?i)[A-Z]", r"(?dU)[A-Za-z\x{17F}\x{212A}]"),  # long s and Kelvin sign, no dotless i
        (r"(?i)x(?-i:y)(?i:z)", r"(?dU)[Xx](?:y)(?:[Zz])"),
        (r"(?:^[MF]$)", r"(?dU)(?:^[MF]\z)"),  # Rust's $ is the end of the text only
        (r"[$]\d+\$", r"(?dU)[$]\d+\$"),  # a literal dollar stays one
        (r"a\vb", r"(?dU)a\x{B}b"),  # Java's \v is any vertical whitespace
        (r"[\v ]", r"(?dU)[\x{B} ]"),
        (r"\u{1F600}|\U0001F600", r"(?dU)\x{1F600}|\x{1F600}"),
        (r"(?P<year>\d{4})-(?<m>\d\d)", r"(?dU)(?:\d{4})-(?:\d\d)"),
        (r"(?-u:\w)", r"(?dU)(?-U:\w)"),
        (r"[]a]", r"(?dU)[\]a]"),
        (r"[a[bc]]x", r"(?dU)[a[bc]]x"),
        (r"\p{L}\P{Ll}\pN", r"(?dU)\p{L}\P{Ll}\pN"),
    ],
)
def test_translation(rust: str, java: str) -> None:
    assert java_regex(rust) == java


@pytest.mark.parametrize(
    "rust", [r"(?m)^x$", r"(?U)a+", r"(?R)x", r"[a-z--aeiou]", r"[ab~~bc]", r"(?i)\p{Lu}"]
)
def test_untranslatable_constructs_are_refused(rust: str) -> None:
    with pytest.raises(DialectError):
        java_regex(rust)


def test_prefilter_bounds_hold_for_every_match() -> None:
    """The Spark engine tries a prefilter only on values long enough, with enough digits and
    the punctuation any of its matches holds: a value the prefilter matches must meet them."""
    texts = pl.Series(corpus(), dtype=pl.String)
    lengths = texts.str.len_chars().to_list()
    digits = texts.str.count_matches(r"\d").to_list()
    broken, marked = [], 0
    for spec in build_registry().specs:
        for f in spec.prefilters:
            marks = required_marks(f.regex)
            marked += bool(marks)
            for i, hit in enumerate(texts.str.contains(f.regex).to_list()):
                text = texts[i]
                short = lengths[i] < f.min_len or digits[i] < f.min_digits
                if hit and (short or any(m not in text for m in marks)):
                    broken.append((spec.name, f.regex[:60], text))
    assert broken == []
    assert marked > 20  # the URL, email, IP, date ... prefilters need their punctuation


@pytest.mark.parametrize(
    ("rust", "marks"),
    [
        (r"(?i)\b[\w.]+[@]\w+(?:\.\w+)+", {"@", "."}),
        (r"\d{3}(?:-|/)\d{4}", set()),  # either mark, neither required
        (r"\d{3}-?\d{4}", set()),
        (r"(?:ab:|cd:)x", {":"}),
        (r"\p{L}-\d", set()),  # Python's parser does not know \p{L}: no claim
    ],
)
def test_required_marks(rust: str, marks: set[str]) -> None:
    assert required_marks(rust) == marks


# --- both dialects on the same strings ---------------------------------------------------------


@pytest.mark.spark
def test_every_regex_matches_the_same_strings_in_both_dialects(spark: SparkSession) -> None:

    texts, patterns = corpus(), regexes()
    assert len(texts) > 1_000
    assert _disagreements(spark, texts, patterns) == []


@pytest.mark.spark
def test_counts_strip_and_placeholders_agree(spark: SparkSession) -> None:
    """What the statistics read: stripped values, placeholders dropped, lengths, digits, words."""
    from pyspark.sql import functions as F

    from classifiers.engines.spark_text import stack, wide_from_polars

    texts = corpus() + [f"{w}{t}{w}" for t in EDGE_CASES[:20] for w in (" ", "\u3000\t", "\n")]
    frame = pl.DataFrame({"v": texts})
    words = pl.col("v").str.replace_all(r"\s+", "  ").str.count_matches(PLAIN_WORD)
    ((_, column),) = _columns(frame)
    polars_rows = column.collect().select(
        "v", pl.col("v").str.len_chars().alias("n"),
        pl.col("v").str.count_matches(r"\d").alias("d"), words.alias("w"),
        pl.col("v").str.contains(r"^[0-9]+$").alias("only"),
    )  # fmt: skip
    spaced = F.regexp_replace("v", java_regex(r"\s+"), "  ")
    spark_rows = stack(wide_from_polars(spark, frame), [0]).select(
        "v", "n", "d", F.regexp_count(spaced, F.lit(java_regex(PLAIN_WORD))).alias("w"),
        F.col("v").rlike(java_regex(r"^[0-9]+$")).alias("only"),
    )  # fmt: skip
    expected = sorted(polars_rows.iter_rows())
    got = sorted(tuple(row) for row in spark_rows.collect())
    assert got == expected
    assert not {v.lower() for v, *_ in got} & set(NULL_TOKENS)


@pytest.mark.spark
def test_shapes_and_widened_prefilters_agree_in_both_dialects(spark: SparkSession) -> None:
    """Spark's `translate` gives the Polars byte table's shapes, and every widened prefilter
    flags the same shapes in Java as in Rust."""
    from pyspark.sql import functions as F

    from classifiers.engines.polars_engine import shapes
    from classifiers.engines.spark_flags import shape

    texts = corpus()
    shaped = shapes(pl.Series(texts)).to_list()
    java_shapes = {
        row["v"]: row["s"]
        for row in _spark_frame(spark, texts).select("v", shape(F.col("v")).alias("s")).collect()
    }
    assert [java_shapes[t] for t in texts] == shaped
    widened = sorted({f.shape for spec in build_registry().specs for f in spec.prefilters})
    distinct = sorted(set(shaped))
    assert _disagreements(spark, distinct, widened) == []
