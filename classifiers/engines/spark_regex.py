"""The prefilters' Rust regexes in Java's dialect, for Spark's `rlike` and friends.

One definition, two dialects: every regex the Spark engine runs is written for Rust (Polars)
and translated here; a test runs each through both engines on the same strings.

- Rust is Unicode-aware by default: `(?U)` makes Java's `\\w`, `\\d`, `\\s`, `\\b` Unicode too.
- Rust's `.` stops only at `\\n`: `(?d)`. Rust's `$` is the end of the text: Java's `\\z`.
- Case-insensitivity differs: Rust folds each character with Unicode simple case folding
  (`(?i)k` matches the Kelvin sign, `(?i)i` never matches a dotless i), Java compares upper
  and lower cases one character at a time. So Java gets no `(?i)`: each letter and class under
  Rust's `(?i)` is spelled out with every character of its case-folding orbit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

JAVA_FLAGS = "(?dU)"
_LAST_CASED = 0x1E950  # no character after this has a case
_TURKIC = "\u0130\u0131"  # dotted I, dotless i: case mappings but no simple case folding
_GROUP = re.compile(r"\(\?(?:([a-zA-Z-]*)([:)])|P?<(?![=!])\w+>)")
_HEX = re.compile(
    r"\\(?:x([0-9a-fA-F]{2})|[xuU]\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))"
)
_PROPERTY = re.compile(r"\\[pP](?:\{[^}]*\}|\w)")
_CASELESS_PROPERTY = re.compile(r"\\[pP]\{?(?:N|P|S|Z|C)[a-z]?\}?$")
_SIMPLE = {"\\v": "\\x{B}"}


class DialectError(ValueError):
    """A Rust regex construct that has no faithful Java translation here."""


def _fold(char: str) -> str:
    upper = char.upper()
    lower = (upper if len(upper) == 1 else char).lower()
    return char if char in _TURKIC or len(lower) != 1 else lower


@cache
def _orbits() -> dict[str, frozenset[str]]:
    """Characters that Rust's (?i) makes equal: Unicode simple case folding, both ways."""
    groups: dict[str, set[str]] = defaultdict(set)
    for point in range(_LAST_CASED):
        if not 0xD800 <= point <= 0xDFFF:
            groups[_fold(chr(point))].add(chr(point))
    return {c: frozenset(g) for g in groups.values() if len(g) > 1 for c in g}


def _java_char(char: str) -> str:
    return char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):X}}}"


def _java_set(chars: set[str] | frozenset[str]) -> str:
    """Characters as class members, runs of consecutive code points as ranges."""
    points = sorted(ord(c) for c in chars)
    out, start = [], 0
    for i, point in enumerate(points):
        if i + 1 == len(points) or points[i + 1] != point + 1:
            first = chr(points[start])
            out.append(_java_char(first) if start == i else
                       f"{_java_char(first)}-{_java_char(chr(point))}")  # fmt: skip
            start = i + 1
    return "".join(out)


class _Translator:
    """A single pass over the Rust regex, tracking the flags in force group by group."""

    def __init__(self, rust: str) -> None:
        self.rust = rust
        self.i = 0
        self.flags = {"i": False, "u": True}
        self.stack: list[dict[str, bool]] = []

    def run(self) -> str:
        out = [JAVA_FLAGS]
        while self.i < len(self.rust):
            out.append(self._next())
        return "".join(out)

    def _next(self) -> str:
        char = self.rust[self.i]
        if char == "\\":
            return self._escape()
        if char == "[":
            return self._class()
        if char == "(":
            return self._group()
        self.i += 1
        if char == ")":
            self.flags = self.stack.pop() if self.stack else self.flags
            return ")"
        if char == "$":
            return "\\z"
        return self._literal(char) if char not in ".^|*+?{}," else char

    def _literal(self, char: str) -> str:
        orbit = self._orbit(char)
        if len(orbit) == 1:
            return char
        return f"[{_java_set(orbit)}]"

    def _orbit(self, char: str) -> frozenset[str]:
        if not self.flags["i"]:
            return frozenset(char)
        if not self.flags["u"]:  # ASCII-only case folding
            return frozenset({char, char.swapcase()}) if char.isascii() else frozenset(char)
        return _orbits().get(char, frozenset(char))

    def _group(self) -> str:
        self.stack.append(dict(self.flags))
        found = _GROUP.match(self.rust, self.i)
        if found is None:
            self.i += 1
            return "("
        self.i = found.end()
        if found[2] is None:  # a named group: names are not needed, Java spells them otherwise
            return "(?:"
        letters, closer = found[1], found[2]
        java = self._set_flags(letters)
        if closer == ")":  # (?i) applies to the rest of the enclosing group
            self.stack.pop()
            return f"(?{java})" if java else ""
        return f"(?{java}:"

    def _set_flags(self, letters: str) -> str:
        on, java = True, ""
        for letter in letters:
            if letter == "-":
                on, java = False, java + "-"
            elif letter == "i":
                self.flags["i"] = on
            elif letter == "u":
                self.flags["u"] = on
                java += "U"
            elif letter == "s":
                java += "s"
            else:  # m, x, U (swap greed), R (CRLF) change meanings this translation relies on
                raise DialectError(f"the Rust regex flag {letter!r} is not supported")
        return java.rstrip("-")

    def _escape(self) -> str:
        """An escape outside a class; a literal one is case-folded like any letter."""
        text, char = self._read_escape()
        if char is not None:
            return self._literal(char) if len(self._orbit(char)) > 1 else text
        return text

    def _read_escape(self) -> tuple[str, str | None]:
        """The Java text of the escape at self.i, and the character it stands for if literal."""
        rust = self.rust
        hexed = _HEX.match(rust, self.i)
        if hexed:
            self.i = hexed.end()
            char = chr(int(next(g for g in hexed.groups() if g), 16))
            return _java_char(char), char
        prop = _PROPERTY.match(rust, self.i)
        if prop:
            self.i = prop.end()
            if self.flags["i"] and not _CASELESS_PROPERTY.match(prop.group()):
                raise DialectError(f"{prop.group()} under (?i) is not supported")
            return prop.group(), None
        pair = rust[self.i : self.i + 2]
        self.i += 2
        if pair in _SIMPLE:
            return _SIMPLE[pair], None
        if not pair[1:].isalnum():  # an escaped punctuation mark is that mark
            return pair, pair[1]
        return pair, None

    def _class(self) -> str:
        """A character class, under (?i) with each member's case-folding orbit added."""
        rust = self.rust
        self.i += 1
        out, extra = ["["], set()
        if rust[self.i : self.i + 1] == "^":
            out.append("^")
            self.i += 1
        first = True
        while True:
            if self.i >= len(rust):
                raise DialectError("unterminated character class")
            char = rust[self.i]
            if char == "]" and not first:
                self.i += 1
                break
            first = False
            if rust.startswith(("--", "~~", "[:"), self.i) or (
                self.flags["i"] and rust.startswith("&&", self.i)
            ):
                raise DialectError(f"{rust[self.i : self.i + 2]} in a class is not supported")
            if char == "[":
                out.append(self._class())
                continue
            if rust.startswith("&&", self.i):  # an intersection: Java spells it alike
                out.append("&&")
                self.i += 2
                continue
            text, low = self._class_member()
            high = low
            if low is not None and rust[self.i] == "-" and rust[self.i + 1 : self.i + 2] != "]":
                self.i += 1
                high_text, high = self._class_member()
                text += "-" + high_text
            out.append(text)
            if low is not None and high is not None:
                extra |= self._range_orbits(low, high)
        return "".join(out) + _java_set(extra) + "]"

    def _class_member(self) -> tuple[str, str | None]:
        char = self.rust[self.i]
        if char == "\\":
            return self._read_escape()
        self.i += 1
        return ("\\" + char if char in "[]&^-" else char), char

    def _range_orbits(self, low: str, high: str) -> set[str]:
        members = {chr(p) for p in range(ord(low), ord(high) + 1)}
        if not self.flags["i"] or len(members) > 0x3000:
            return set()
        return {c for m in members for c in self._orbit(m)} - members


def java_regex(rust: str) -> str:
    """The Java regex that matches exactly where the Rust regex `rust` matches."""
    return _Translator(rust).run()
