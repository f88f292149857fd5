"""Cheap necessary conditions of a regex: the fewest characters and digits any match has, and
the punctuation every match contains.

They let an engine skip a regex pass on values that cannot match (a name has no digits, so no
national-ID pattern needs to look at it).
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the stdlib parser behind `re`; stable across 3.11+
import string
from functools import cache
from typing import Any

_DIGITS = frozenset("0123456789")
_MAXREPEAT = sre_parse.MAXREPEAT


def _is_digit_only(op: Any, av: Any) -> bool:
    """True when one character matched by (op, av) is always a digit."""
    name = str(op)
    if name == "LITERAL":
        return chr(av) in _DIGITS
    if name == "IN":
        return all(_is_digit_only(sub_op, sub_av) for sub_op, sub_av in av)
    if name == "RANGE":
        low, high = av
        return chr(low) in _DIGITS and chr(high) in _DIGITS
    if name == "CATEGORY":
        return str(av) == "CATEGORY_DIGIT"
    return False


def _min_digits(items: Any) -> int:
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "IN", "ANY", "NOT_LITERAL"):
            total += 1 if _is_digit_only(op, av) else 0
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            total += low * _min_digits(sub)
        elif name == "SUBPATTERN":
            total += _min_digits(av[-1])
        elif name == "BRANCH":
            total += min(_min_digits(branch) for branch in av[1])
        elif name == "ATOMIC_GROUP":
            total += _min_digits(av)
    return total


def _parsed(regex: str) -> Any | None:
    try:
        return sre_parse.parse(regex)
    except re.error:
        return None  # a dialect Python cannot parse: no bound, every value is looked at


def min_length(regex: str) -> int:
    """The fewest characters any match of `regex` can have (0 when unknown)."""
    parsed = _parsed(regex)
    return int(parsed.getwidth()[0]) if parsed is not None else 0


def min_digits(regex: str) -> int:
    """The fewest digits any match of `regex` must contain (0 when unknown)."""
    parsed = _parsed(regex)
    return _min_digits(parsed) if parsed is not None else 0


_MARKS = frozenset(string.punctuation)


@cache
def required_marks(rust: str) -> frozenset[str]:
    """Punctuation every match of the regex contains (`.` of a URL, `@` of an email), read
    from its structure; empty when unsure (a construct Python's parser does not know)."""
    try:
        return _required(sre_parse.parse(rust))
    except (re.error, RecursionError, TypeError, ValueError):
        return frozenset()


def _required(items: Any) -> frozenset[str]:
    found: set[str] = set()
    for op, arg in items:
        found |= _required_one(op, arg)
    return frozenset(found)


def _required_one(op: Any, arg: Any) -> frozenset[str]:
    if op is sre_parse.LITERAL:
        return frozenset({chr(arg)} & _MARKS)
    if op is sre_parse.IN and len(arg) == 1 and arg[0][0] is sre_parse.LITERAL:
        return frozenset({chr(arg[0][1])} & _MARKS)
    if op is sre_parse.SUBPATTERN:
        return _required(arg[-1])
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
        low, _, item = arg
        return _required(item) if low >= 1 else frozenset()
    if op is sre_parse.BRANCH:
        branches = [_required(branch) for branch in arg[1]]
        return frozenset.intersection(*branches) if branches else frozenset()
    return frozenset()
