"""Turn a Presidio regex into a Rust-regex prefilter that matches at least what it matches.

Presidio's patterns use Python's `regex` dialect (lookarounds, backreferences); Polars (Rust
`regex` crate) and Spark (Java) run a vectorised first pass. Dropping a lookaround can only
widen a match, and replacing a backreference by a copy of its group does too, so the result
is a superset: every value the exact pattern finds is still a candidate. The exact pattern and
the validators then run in Python on the distinct candidates.
"""

from __future__ import annotations

import re

_LOOKAROUND_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at `start`, skipping escapes and classes."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # a ']' right after '[' is a literal
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced parentheses in {pattern!r}")


def _capture_groups(pattern: str) -> list[str]:
    """The text of each capturing group, in the order Python numbers them."""
    groups: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(" and (pattern[i + 1 : i + 2] != "?" or pattern[i + 1 : i + 3] == "?P"):
            groups.append(pattern[i : _group_end(pattern, i)])
        i += 1
    return groups


def _strip(pattern: str, groups: list[str]) -> str:
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and not in_class and pattern[i + 1 : i + 2].isdigit():
            number = int(pattern[i + 1])
            # A backreference becomes "anything its group could match".
            body = groups[number - 1]
            out.append(_strip(body, groups))
            i += 2
            continue
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif pattern.startswith(_LOOKAROUND_OPENERS, i):
            i = _group_end(pattern, i)
            continue
        elif pattern.startswith("(?P<", i):
            out.append("(?:")
            i = pattern.index(">", i) + 1
            continue
        elif char == "(" and pattern[i + 1 : i + 2] != "?":
            out.append("(?:")  # capture groups are not needed to filter
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def prefilter_regex(pattern: str, ignore_case: bool = True) -> str:
    """A Rust-compatible regex that matches every text the Python `pattern` matches."""
    stripped = _strip(pattern, _capture_groups(pattern))
    stripped = re.sub(r"\(\?:\)", "", stripped)
    flags = "(?i)" if ignore_case else ""
    return flags + stripped
