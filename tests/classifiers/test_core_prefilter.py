"""Prefilters: Presidio regexes rewritten for Rust, always a superset, with honest shape bounds."""

from __future__ import annotations

import polars as pl
import pytest
import regex
from presidio_analyzer import PatternRecognizer
from stdnum import luhn

from classifiers.confirm import exact_hits
from classifiers.recognizers.prefilter import prefilter_regex
from classifiers.recognizers.registry import Prefilter, RecognizerSpec, Registry, build_registry
from classifiers.recognizers.shape import min_digits, min_length


def _card(prefix: str, length: int = 16) -> str:
    body = prefix + "0" * (length - 1 - len(prefix))
    return body + luhn.calc_check_digit(body)


def _polars_matches(prefilter: str, texts: list[str]) -> list[bool]:
    return pl.Series(texts, dtype=pl.String).str.contains(prefilter).to_list()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


# --- (a) the rewrite itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # lookbehind and lookahead are dropped (a wider match)
        (r"(?<!\d)\d{4}(?!\d)", r"(?i)\d{4}"),
        (r"(?<=\bclaim\s*:\s*)\d{6}\b", r"(?i)\d{6}\b"),
        (r"\b(?!00)\d{2}(?=\b)", r"(?i)\b\d{2}"),
        # a lookaround holding a class with a parenthesis or a bracket
        (r"(?<![\w(])\d{3}(?![)\]])", r"(?i)\d{3}"),
        # a lookaround holding a capture group: the group is dropped with it, and a later
        # backreference to it is replaced by a copy of that group
        (r"(?=(\d))\d{3}\1", r"(?i)\d{3}(?:\d)"),
        # capture groups become non-capturing, a backreference becomes a copy of its group
        (r"\b([0-9A-F]{2})([:-])\1\2", r"(?i)\b(?:[0-9A-F]{2})(?:[:-])(?:[0-9A-F]{2})(?:[:-])"),
        (r"((a)b)\2\1", r"(?i)(?:(?:a)b)(?:a)(?:(?:a)b)"),
        # named groups become non-capturing
        (r"(?P<year>\d{4})-(?P<month>\d\d)", r"(?i)(?:\d{4})-(?:\d\d)"),
        # character classes holding parentheses are left alone
        (r"[()]\d+", r"(?i)[()]\d+"),
        (r"[(]\d{3}[)] \d{4}", r"(?i)[(]\d{3}[)] \d{4}"),
        (r"[\]\[]\d", r"(?i)[\]\[]\d"),
        # escaped parentheses are literals, not groups
        (r"\(\d{3}\) \d{3}-\d{4}", r"(?i)\(\d{3}\) \d{3}-\d{4}"),
        (r"\(?\d{3}\)?[-. ]?\d{4}", r"(?i)\(?\d{3}\)?[-. ]?\d{4}"),
        # an escaped digit inside a class is not a backreference
        (r"(a)[\1]", r"(?i)(?:a)[\1]"),
        # a group left empty by a dropped lookaround disappears
        (r"(?:(?<=x))y", r"(?i)(?:)y"),  # the empty group is harmless
    ],
)
def test_prefilter_rewrite(pattern: str, expected: str) -> None:
    assert prefilter_regex(pattern) == expected


def test_prefilter_case_flag_is_optional() -> None:
    assert prefilter_regex(r"(?<!\d)AB\d", ignore_case=False) == r"AB\d"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        # a class opening with ']' holds the parentheses after it: "[]()]" is one class
        pytest.param(r"[]()]x", "(x", id="class-opening-with-bracket-open-paren"),
        pytest.param(r"[]()]x", ")x", id="class-opening-with-bracket-close-paren"),
        # a named backreference is replaced like a numbered one
        pytest.param(r"""(?P<q>['"])\w+(?P=q)""", "'abc'", id="named-backreference"),
        # the regex module's (?<name>...) is a capture group too
        pytest.param(r"(?<area>\d{3})-(\d{4})\2", "555-12341234", id="regex-module-named-group"),
        # a two-digit backreference refers to the tenth group
        pytest.param(
            r"(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)\10",
            "12345678900",
            id="two-digit-backreference",
        ),
        # an escaped '(' followed by '?:)' is not an empty group
        pytest.param(r"(tel\(?:)\s?\d{6}", "tel(: 123456", id="escaped-paren-then-colon"),
        # ordinary cases, for contrast
        pytest.param(r"(?<![\w(])\(\d{3}\)(?!\d)", "call (555) now", id="escaped-parens"),
        pytest.param(
            r"\b([0-9A-F]{2})([:-])(?:[0-9A-F]{2}\2){4}[0-9A-F]{2}\b",
            "00:1A:2B:3C:4D:5E",
            id="mac-backreference",
        ),
    ],
)
def test_prefilter_keeps_what_the_pattern_finds(pattern: str, text: str) -> None:
    assert regex.search(pattern, text, regex.IGNORECASE), "the row's text must match"
    prefilter = prefilter_regex(pattern)
    assert _polars_matches(prefilter, [text]) == [True], prefilter


# --- (b) every recognizer in the registry -----------------------------------------------------

POSITIVES: tuple[str, ...] = (
    # emails
    "john.smith@example.com",
    "Contact: maria-lopez_99@mail.co.uk today",
    "o'brien+news@sub.example.org",
    # phones
    "+44 20 7946 0958",
    "(555) 123-4567",
    "555.123.4567",
    "+1-202-555-0143",
    "020 7946 0958",
    "+49 30 901820",
    "tel: +33 1 42 68 53 00",
    # card numbers (Luhn-valid)
    _card("4111"),
    "4111 1111 1111 1111",
    "5500-0000-0000-0004",
    "3782 822463 10005",
    # IBANs
    "GB82 WEST 1234 5698 7654 32",
    "DE89370400440532013000",
    "FR14 2004 1010 0505 0001 3M02 606",
    # US SSN, UK NINO, NHS
    "078-05-1120",
    "SSN 219 09 9999",
    "AB 12 34 56 C",
    "QQ123456C",
    "943 476 5919",
    "NHS 401 023 2137",
    # ES NIF/NIE, IT fiscal code
    "12345678Z",
    "X1234567L",
    "RSSMRA85T10A562S",
    # IPs, MAC, UUID
    "192.168.0.1",
    "10.0.0.255/24",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "fe80::1ff:fe23:4567:890a",
    "::1",
    "00:1A:2B:3C:4D:5E",
    "00-1a-2b-3c-4d-5e",
    "0011.2233.4455",
    "123e4567-e89b-12d3-a456-426614174000",
    # URLs
    "https://www.example.com/path?q=1",
    "http://shop.example.org",
    "see www.example.net/about for details",
    # dates
    "2024-01-15",
    "15/01/2024",
    "01/15/2024",
    "2023-07-04T12:30:45Z",
    "15-Jan-2024",
    "Jan-2024",
    "15.01.2024",
    # postcodes
    "SW1A 1AA",
    "EC1A 1BB",
    "90210",
    "Beverly Hills, CA 90210-1234",
    "K1A 0B1",
    "1012 AB",
    "10115 Berlin",
    # ours
    "EMP-123456",
    "MRN-1234567",
    "MRN: 12345678",
    "E11.9",
    "J45.909",
    "AKIA2OGYBAH6TOIAUWYT",
    "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "api_key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'",
    # street addresses
    "123 Main Street",
    "Flat 3, 45B Baker St.",
    "Hauptstraße 12",
    "Calle Mayor 5",
    "25 rue de Rivoli",
    # others
    "female",
    "M",
    "claim number CLM-12345678",
    "Rx: 1234567",
    "referral # REF-1234567",
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    "ABCDE1234F",
    "046 454 286",
    "B-AB 1234",
    "HRB 12345",
    "DE123456789",
    "12/345/67890",
    "account 123456789012",
)


def _pattern_pairs(
    registry: Registry,
) -> list[tuple[RecognizerSpec, str, regex.Pattern, Prefilter]]:
    """(spec, pattern name, exact compiled pattern, its prefilter) for every pattern."""
    pairs = []
    for spec in registry.specs:
        recognizer = spec.recognizer
        if not isinstance(recognizer, PatternRecognizer):
            continue
        assert len(recognizer.patterns) == len(spec.prefilters), spec.name
        for pattern, prefilter in zip(recognizer.patterns, spec.prefilters, strict=True):
            compiled = regex.compile(pattern.regex, recognizer.global_regex_flags)
            pairs.append((spec, pattern.name, compiled, prefilter))
    return pairs


def test_every_prefilter_compiles_in_polars(registry: Registry) -> None:
    failures = {}
    for spec in registry.specs:
        for prefilter in spec.prefilters:
            try:
                pl.Series(["x"]).str.contains(prefilter.regex)
            except pl.exceptions.PolarsError as error:
                failures[spec.name] = str(error).splitlines()[0]
    assert failures == {}


def test_every_recognizer_that_can_match_has_a_prefilter(registry: Registry) -> None:
    assert all(spec.prefilters for spec in registry.specs)


def test_the_positives_exercise_most_recognizers(registry: Registry) -> None:
    """Guards the superset test against a positive list that matches nothing."""
    hit = {
        spec.name
        for spec, _, compiled, _ in _pattern_pairs(registry)
        if any(compiled.search(text) for text in POSITIVES)
    }
    expected = {
        "EmailRecognizer", "CreditCardRecognizer", "IbanRecognizer", "UsSsnRecognizer",
        "UkNinoRecognizer", "NhsRecognizer", "EsNifRecognizer", "ItFiscalCodeRecognizer",
        "IpRecognizer", "MacAddressRecognizer", "UuidRecognizer", "UrlRecognizer",
        "DateRecognizer", "UkPostcodeRecognizer", "PostcodeRecognizer", "EmployeeIdRecognizer",
        "MedicalRecordNumberRecognizer", "Icd10CodeRecognizer", "SecretKeyRecognizer",
        "StreetAddressRecognizer", "CaPostalCodeRecognizer", "GenderRecognizer",
    }  # fmt: skip
    assert expected <= hit


def test_prefilters_are_supersets_of_exact_patterns(registry: Registry) -> None:
    """Wherever an exact Presidio pattern finds a match, its Polars prefilter flags the value."""
    texts = list(POSITIVES)
    missed = []
    for spec, name, compiled, prefilter in _pattern_pairs(registry):
        flagged = _polars_matches(prefilter.regex, texts)
        for text, was_flagged in zip(texts, flagged, strict=True):
            if not was_flagged and any(m.group() for m in compiled.finditer(text)):
                missed.append((spec.name, name, text))
    assert missed == []


def test_phone_prefilter_is_a_superset_of_phonenumbers(registry: Registry) -> None:
    spec = registry.by_name("PhoneRecognizer")
    (prefilter,) = spec.prefilters
    texts = list(POSITIVES)
    flagged = _polars_matches(prefilter.regex, texts)
    found = [text for text in texts if exact_hits(spec, text)]
    assert len(found) >= 6  # the phones above are found by phonenumbers
    missed = [t for t, f in zip(texts, flagged, strict=True) if not f and t in found]
    assert missed == []


# --- (c) shape bounds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "length", "digits"),
    [
        (r"\d{4}", 4, 4),
        (r"[0-9]{3}-[0-9]{2}", 6, 5),
        (r"\bEMP-\d{6}\b", 10, 6),
        (r"(?i)\d{5}(?:-\d{4})?", 5, 5),
        (r"\d+", 1, 1),
        (r"\d*", 0, 0),
        (r"\d?x", 1, 0),
        (r"[0-9A-F]{8}", 8, 0),  # a hex digit need not be a digit
        (r"\w{3}", 3, 0),
        (r"[^a-z]{2}", 2, 0),
        (r"(?:\d{3}|[A-Z]{2})", 2, 0),  # a branch counts its cheapest alternative
        (r"(?:\d{3}|\d{5})", 3, 3),
        (r"(?:ab\d){2,3}", 6, 2),
        (r"(?>\d{2})\d", 3, 3),
        (r"[5-7]\d", 2, 2),
        (r"[0-9a]", 1, 0),
        (r"(?-i:[A-Z]\d[0-9AB])", 3, 1),
        (r"\b(?:19|20)\d{2}/\d{6}\b", 11, 10),
        (r"[\d\s]{5,}", 5, 0),
        # a dialect Python's parser refuses: no bound at all
        (r"\p{L}\d{4}", 0, 0),
        (r"\b(?i)\d{4}", 0, 0),
    ],
)
def test_shape_bounds(pattern: str, length: int, digits: int) -> None:
    assert (min_length(pattern), min_digits(pattern)) == (length, digits)


def test_exact_matches_meet_their_prefilter_bounds(registry: Registry) -> None:
    """The engine skips a prefilter on a column whose values are shorter or have fewer digits
    than the bounds: every real match must meet them."""
    too_small = []
    for spec, name, compiled, prefilter in _pattern_pairs(registry):
        for text in POSITIVES:
            for match in compiled.finditer(text):
                found = match.group()
                digits = sum(char.isdigit() for char in found)
                if found and (len(found) < prefilter.min_len or digits < prefilter.min_digits):
                    too_small.append((spec.name, name, found))
    assert too_small == []


def test_phone_matches_meet_their_prefilter_bounds(registry: Registry) -> None:
    spec = registry.by_name("PhoneRecognizer")
    (prefilter,) = spec.prefilters
    for text in POSITIVES:
        for hit in exact_hits(spec, text):
            found = text[hit.start : hit.end]
            assert len(found) >= prefilter.min_len, found
            assert sum(c.isdigit() for c in found) >= prefilter.min_digits, found
