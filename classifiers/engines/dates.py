"""Which text values are calendar dates: ISO, day/month/year in either order, and month names.

An engine counts a column's date values (`ColumnStats.dates`) so that `decide` can tell a
column of birth dates written as text from one of codes; whether the dates are about people
is decided later, from the column's name and its table. A value is first screened by its
shape (`DATE_SHAPE`, digits as 0 and ASCII letters as a) and only then by `date_regex()`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# Month names (wide and abbreviated, in running text and standing alone) in these locales.
MONTH_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl", "da", "nb", "fi", "cs",
                 "ro", "tr", "hu", "ca")  # fmt: skip

_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_DAY2 = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_MONTH2 = r"(?:0[1-9]|1[0-2])"
_YEAR = r"(?:1[5-9][0-9]{2}|2[0-9]{3})"
_TIME = (
    r"(?:[T ][0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?"
    r"\s*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_SEP = r"(?:[-/]|\.\s?)"  # `12.03.1985`, `12. 3. 1985`, `1985. 03. 12.`
# A two-digit year only with two-digit day and month: `1.2.10` is a version, not a date.
_NUMERIC = (
    rf"{_YEAR}{_SEP}{_MONTH}{_SEP}{_DAY}\.?{_TIME}",
    rf"{_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}{_TIME}",
    rf"{_MONTH}{_SEP}{_DAY}{_SEP}{_YEAR}{_TIME}",
    rf"{_DAY2}{_SEP}{_MONTH2}{_SEP}[0-9]{{2}}",
    rf"{_MONTH2}{_SEP}{_DAY2}{_SEP}[0-9]{{2}}",
)
# `12 March 1985`, `12. März 1985`, `12 de marzo de 1985`, `March 12th, 1985`, `1985. március 12.`
_NAMED = (
    r"{day}\.?(?:\s+\w{{2}})?[\s-]+{month}\.?(?:,?\s+\w{{2,3}})?[\s,-]+{year}",
    r"{month}\.?\s+{day}(?:st|nd|rd|th)?,?\s+{year}",
    r"{year}\.?\s+{month}\.?\s+{day}\.?",
)
# The same forms over shapes: a superset of what `date_regex` matches (a test checks it).
DATE_SHAPE = "^(?:" + "|".join((
    r"0{4}(?:[-/]|\.\s?)0{1,2}(?:[-/]|\.\s?)0{1,2}\.?",
    r"0{1,2}(?:[-/]|\.\s?)0{1,2}(?:[-/]|\.\s?)(?:0{4}|0{2})",
)) + r")(?:[a ]0{1,2}:0{2}(?::0{2}(?:[.,]0+)?)?\s*(?:a{1,3}|[+-]0{2}:?0{2})?)?$|^(?:" + "|".join(
    f.format(day="0{1,2}", month=r"\p{L}{3,12}", year="0{4}").replace(r"\w{2", r"\p{L}{2")
    .replace("(?:st|nd|rd|th)", "(?:aa)")
    for f in _NAMED
) + ")$"  # fmt: skip


# A national phone number written as bare digits: a trunk 0 (or the international 00) first.
TRUNK_SHAPE = r"^0{9,15}$"
TRUNK_DIGITS = r"^(?:0[1-9][0-9]{7,10}|00[1-9][0-9]{8,12})$"


@cache
def month_names() -> tuple[str, ...]:
    """Month names of MONTH_LOCALES, longest first, without a trailing dot: read from the
    startup cache (a word list), since Babel takes a tenth of a second to load 17 locales."""
    import babel

    from classifiers import startup_cache

    key = startup_cache.key_of(
        "months", MONTH_LOCALES, babel.__version__, startup_cache.source_digest([Path(__file__)])
    )
    stored = startup_cache.load("months", key)
    names = stored.get("names") if stored else None
    if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
        return tuple(names)
    found = _month_names()
    startup_cache.store("months", key, {"names": list(found)})
    return found


def _month_names() -> tuple[str, ...]:
    from babel import Locale  # locale data is read on first use, not at import

    names: set[str] = set()
    for code in MONTH_LOCALES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names.update(_bare(n) for n in months[context][width].values())
    kept = (n for n in names if len(n) >= 3 and n.isalpha())
    return tuple(sorted(kept, key=lambda n: (-len(n), n)))


def _bare(name: str) -> str:
    """`de març` -> `març`: Catalan writes the preposition into the month's name."""
    return re.sub(r"^(?:de |d['\u2019])", "", name.rstrip(".").lower())


@cache
def date_regex() -> str:
    """A Rust regex (case-insensitive) that a whole value matches when it is a date."""
    month = "(?:" + "|".join(re.escape(n) for n in month_names()) + ")"
    named = [f.format(day=_DAY, month=month, year=_YEAR) for f in _NAMED]
    return "(?i)^(?:" + "|".join((*_NUMERIC, *named)) + ")$"
