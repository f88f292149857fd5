"""Turn a Presidio regex into a Rust-regex prefilter that matches at least what it matches.

Presidio's patterns use Python's `regex` dialect (lookarounds, backreferences); Polars (Rust
`regex` crate) and Spark (Java) run a vectorised first pass. Dropping a lookaround can only
widen a match, and replacing a backreference by a copy of its group does too, so the result
is a superset: every value the exact pattern finds is still a candidate. The exact pattern and
the validators then run in Python on the distinct candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_DROPPED = "\x00"  # marks a dropped lookaround until the text is assembled
_FLAGS_GROUP = re.compile(r"\(\?[a-zA-Z-]*[:)]")


@dataclass(frozen=True)
class _Token:
    kind: str  # char, escape, class, open, look, capture, backref, close
    text: str
    name: str = ""


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at `start` (']' first is a literal)."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_token(pattern: str, i: int) -> _Token:
    if pattern.startswith(_LOOKAROUNDS, i):
        return _Token("look", pattern[i : pattern.index("(", i) + 3 + (pattern[i + 2] == "<")])
    if pattern.startswith("(?P=", i):
        end = pattern.index(")", i)
        return _Token("backref", pattern[i : end + 1], pattern[i + 4 : end])
    for opener in ("(?P<", "(?<"):
        if pattern.startswith(opener, i):
            end = pattern.index(">", i)
            return _Token("capture", pattern[i : end + 1], pattern[i + len(opener) : end])
    if pattern.startswith("(?", i):
        flags = _FLAGS_GROUP.match(pattern, i)
        text = flags.group() if flags else "(?"
        return _Token("open" if text.endswith(":") else "char", text)
    return _Token("capture", "(")


def _tokens(pattern: str, groups: int) -> Iterator[_Token]:
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            digits = re.match(r"\d{1,2}", pattern[i + 1 : i + 3])
            if digits and digits.group() != "0" and not digits.group().startswith("0"):
                number = digits.group()
                if len(number) == 2 and int(number) > groups:
                    number = number[0]
                yield _Token("backref", "\\" + number, number)
                i += 1 + len(number)
                continue
            text = "\\x00" if pattern[i + 1 : i + 2] == "0" else pattern[i : i + 2]
            yield _Token("escape", text)
            i += 2
        elif char == "[":
            end = _class_end(pattern, i)
            yield _Token("class", pattern[i:end])
            i = end
        elif char == "(":
            token = _group_token(pattern, i)
            yield token
            i += len(token.text)
        else:
            yield _Token("close" if char == ")" else "char", char)
            i += 1


def _count_groups(pattern: str) -> int:
    return sum(1 for t in _tokens(pattern, 99) if t.kind == "capture")


def prefilter_regex(pattern: str, ignore_case: bool = True) -> str:
    """A Rust-compatible regex that matches every text the Python `pattern` matches."""
    groups: list[str] = []  # rewritten text of each capture group, by number
    names: dict[str, int] = {}
    stack: list[tuple[str, list[str], int]] = []  # (kind, output so far, group number)
    out: list[str] = []
    for token in _tokens(pattern, _count_groups(pattern)):
        if token.kind in ("open", "look", "capture"):
            number = 0
            if token.kind == "capture":
                groups.append("")
                number = len(groups)
                if token.name:
                    names[token.name] = number
            stack.append((token.kind, out, number))
            out = []
        elif token.kind == "close" and stack:
            kind, parent, number = stack.pop()
            body = "".join(out)
            text = _DROPPED if kind == "look" else f"(?:{body})"
            if kind == "capture":
                groups[number - 1] = text
            out = parent
            out.append(text)
        elif token.kind == "backref":
            number = names.get(token.name, 0) if not token.name.isdigit() else int(token.name)
            # A backreference becomes "anything its group could match".
            out.append(groups[number - 1] if 0 < number <= len(groups) else "(?:.*)")
        else:
            out.append(token.text)
    flags = "(?i)" if ignore_case else ""
    # A dropped lookaround leaves nothing, unless a quantifier followed it: then an empty group.
    text = re.sub(re.escape(_DROPPED) + r"(?=[?*+{])", "(?:)", "".join(out))
    return flags + text.replace(_DROPPED, "")
