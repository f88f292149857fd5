"""Shapes: prefilters that run once per value *shape* instead of once per value.

A value's shape replaces every ASCII digit with `0` and every ASCII letter with `a` and keeps
every other character ("AB12 x@y.com" -> "aa00 a@a.aaa"). A million card numbers have a
handful of shapes, a million e-mail addresses a few thousand, so a prefilter that can be run
on shapes runs on a few thousand strings instead of a million.

`shape_regex` turns a prefilter (Rust syntax, as `prefilter_regex` writes it) into its widened
form: every character set that holds an ASCII letter also holds `a`, and every one that holds
an ASCII digit also holds `0`. If the prefilter matches a value, its widened form matches the
value's shape along the same path (each character of the match maps to a character of the
widened set; lengths and word boundaries are unchanged, since letters and digits stay word
characters), so flags computed on shapes are a superset of flags computed on values, and the
exact patterns still decide. Both engines compute shapes the same way (`translate` in Spark,
a byte table here) and run the same widened regexes.
"""

from __future__ import annotations

import re
import re._constants as sre  # the stdlib parser's opcodes; stable across 3.11+
import re._parser as sre_parse
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SHAPE_FROM = string.digits + string.ascii_letters
SHAPE_TO = "0" * len(string.digits) + "a" * len(string.ascii_letters)
_TABLE = str.maketrans(SHAPE_FROM, SHAPE_TO)
_LETTERS, _DIGITS = string.ascii_letters, string.digits
_META = set("\\.+*?()|[]{}^$#&-~")
_AT = {
    sre.AT_BEGINNING: "^",
    sre.AT_BEGINNING_STRING: r"\A",
    sre.AT_BOUNDARY: r"\b",
    sre.AT_NON_BOUNDARY: r"\B",
    sre.AT_END: "$",
    sre.AT_END_STRING: r"\z",
}
_CATEGORY: dict[Any, tuple[str, Callable[[str], bool]]] = {
    sre.CATEGORY_DIGIT: (r"\d", str.isdecimal),
    sre.CATEGORY_NOT_DIGIT: (r"\D", lambda c: not c.isdecimal()),
    sre.CATEGORY_WORD: (r"\w", lambda c: c.isalnum() or c == "_"),
    sre.CATEGORY_NOT_WORD: (r"\W", lambda c: not (c.isalnum() or c == "_")),
    sre.CATEGORY_SPACE: (r"\s", str.isspace),
    sre.CATEGORY_NOT_SPACE: (r"\S", lambda c: not c.isspace()),
}
_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
_INLINE_FLAGS = re.compile(r"(?<!\\)\(\?([ims]+)\)")


class WidenError(ValueError):
    """A prefilter uses a construct this module cannot widen."""


def shape_of(text: str) -> str:
    """The shape of a value: ASCII digits become `0`, ASCII letters `a`, the rest stays."""
    return text.translate(_TABLE)


def _char(code: int) -> str:
    char = chr(code)
    if char in _META:
        return "\\" + char
    if char.isprintable() and not char.isspace() and code < 0x80:
        return char
    if char == " ":
        return " "
    return f"\\x{{{code:X}}}"


def char_text(char: str) -> str:
    """One character as Rust regex text (escaped where it must be)."""
    return _char(ord(char))


def _cases(char: str, ignore_case: bool) -> set[str]:
    return {char, char.lower(), char.upper()} if ignore_case else {char}


def _item_holds(op: Any, av: Any, char: str, ignore_case: bool) -> bool:
    """Does one item of a character class (or a lone literal) hold `char`?"""
    if op is sre.LITERAL:
        return chr(av) in _cases(char, ignore_case)
    if op is sre.RANGE:
        low, high = av
        return any(low <= ord(c) <= high for c in _cases(char, ignore_case))
    if op is sre.CATEGORY:
        return _CATEGORY[av][1](char)
    raise WidenError(f"unexpected class item {op}")


def _set_holds(items: list[tuple[Any, Any]], char: str, ignore_case: bool) -> bool:
    negate = bool(items) and items[0][0] is sre.NEGATE
    body = items[1:] if negate else items
    held = any(_item_holds(op, av, char, ignore_case) for op, av in body)
    return held != negate


def _item_text(op: Any, av: Any) -> str:
    if op is sre.LITERAL:
        return _char(av)
    if op is sre.RANGE:
        return f"{_char(av[0])}-{_char(av[1])}"
    if op is sre.CATEGORY:
        return _CATEGORY[av][0]
    raise WidenError(f"unexpected class item {op}")


def _widened_set(items: list[tuple[Any, Any]], ignore_case: bool) -> str:
    """A character set as Rust text for shapes: `a` (`0`) joins when the set holds an ASCII
    letter (digit). ASCII letters and digits never occur in a shape, so without (?i) they
    are dropped, and a set left with one character is written as that character."""
    negate = bool(items) and items[0][0] is sre.NEGATE
    body = items[1:] if negate else items
    held = [
        shape
        for shape, chars in (("a", _LETTERS), ("0", _DIGITS))
        if any(_set_holds(items, c, ignore_case) for c in chars)
    ]
    if negate:
        text = "".join(_item_text(op, av) for op, av in body)
        extra = "".join(x for x in held if not _set_holds(items, x, ignore_case))
        return f"(?:[^{text}]|[{extra}])" if extra else f"[^{text}]"
    # Under (?i) Rust folds `k` to the Kelvin sign and `s` to the long s, which stay in
    # shapes: ASCII items are kept then.
    kept = [(op, av) for op, av in body if ignore_case or not _ascii_alnum(op, av)]
    if not kept and len(held) == 1:
        return held[0]
    text = "".join(_item_text(op, av) for op, av in kept)
    return f"[{text}{''.join(held)}]"


def _ascii_alnum(op: Any, av: Any) -> bool:
    """An item made of ASCII letters and digits only (it never matches a shape character
    other than `a` or `0`, which the set gets anyway)."""
    if op is sre.LITERAL:
        return chr(av) in _LETTERS or chr(av) in _DIGITS
    if op is sre.RANGE:
        return all(chr(c) in _LETTERS or chr(c) in _DIGITS for c in range(av[0], av[1] + 1))
    return False


def _repeat(low: int, high: int) -> str:
    if high is sre.MAXREPEAT or high == sre.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


@dataclass(frozen=True)
class _Target:
    """What `_emit` writes for: shapes, or their ASCII spellings (`ascii_forms`)."""

    write_set: Callable[[list[tuple[Any, Any]], bool], str]
    at: dict[Any, str]
    flags: tuple[tuple[int, str], ...]


_SHAPES = _Target(_widened_set, _AT, _FLAGS)
# On ASCII text Unicode and ASCII word boundaries agree; sets spell out what they hold.
_ASCII_AT = {**_AT, sre.AT_BOUNDARY: r"(?-u:\b)", sre.AT_NON_BOUNDARY: r"(?-u:\B)"}
_ASCII_FLAGS = tuple(f for f in _FLAGS if f[0] != re.IGNORECASE)


def _emit(items: Any, ignore_case: bool, target: _Target = _SHAPES) -> str:
    out = []
    for op, av in items:
        if op is sre.LITERAL or op is sre.NOT_LITERAL:
            negate = [(sre.NEGATE, None)] if op is sre.NOT_LITERAL else []
            out.append(target.write_set([*negate, (sre.LITERAL, av)], ignore_case))
        elif op is sre.IN:
            out.append(target.write_set(list(av), ignore_case))
        elif op is sre.ANY:
            out.append(".")  # already holds `a` and `0`
        elif op is sre.AT:
            out.append(target.at[av])
        elif op is sre.SUBPATTERN:
            _group, add, remove, sub = av
            ignore = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            on = "".join(f for flag, f in target.flags if add & flag)
            off = "".join(f for flag, f in target.flags if remove & flag)
            flags = on + ("-" + off if off else "")
            inner = _emit(sub, ignore, target)
            out.append(f"(?{flags}:{inner})" if flags else f"(?:{inner})")
        elif op is sre.BRANCH:
            # Branches that differ only in letters or digits become one on shapes.
            branches = dict.fromkeys(_emit(b, ignore_case, target) for b in av[1])
            out.append("(?:" + "|".join(branches) + ")")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            lazy = "?" if op is sre.MIN_REPEAT else ""
            out.append(f"(?:{_emit(sub, ignore_case, target)}){_repeat(low, high)}{lazy}")
        elif op is sre.ATOMIC_GROUP:
            out.append(f"(?:{_emit(av, ignore_case, target)})")
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # dropping a lookaround only widens
        else:
            raise WidenError(f"cannot widen {op}")
    return "".join(out)


@lru_cache(maxsize=4096)
def shape_regex(regex: str) -> str:
    """The widened form of a Rust-syntax prefilter, to run on shapes (see the module text)."""
    return _widen(regex, _SHAPES)


def ascii_shape_regex(regex: str, ascii_set: Callable[[str, bool], str]) -> str:
    """`shape_regex` for ASCII text: `ascii_set(set, ignore_case)` writes each widened set
    (Rust text) as the ASCII characters it holds (see `ascii_forms`)."""
    target = _Target(
        lambda items, ignore_case: ascii_set(_widened_set(items, ignore_case), ignore_case),
        _ASCII_AT,
        _ASCII_FLAGS,
    )
    return _widen(regex, target)


def shape_sets(regex: str) -> set[tuple[str, bool]]:
    """Every set of a widened prefilter, as Rust text, with whether it ignores case."""
    found: set[tuple[str, bool]] = set()

    def collect(items: list[tuple[Any, Any]], ignore_case: bool) -> str:
        found.add((_widened_set(items, ignore_case), ignore_case))
        return ""

    _widen(regex, _Target(collect, _AT, _FLAGS))
    return found


def _widen(regex: str, target: _Target) -> str:
    # Rust takes flags anywhere ("(?i)" applies from there on); Python only at the start.
    # Hoisting them widens the part before them, which keeps the superset.
    hoisted = set("".join(_INLINE_FLAGS.findall(regex)))
    if hoisted:
        regex = "(?" + "".join(sorted(hoisted)) + ")" + _INLINE_FLAGS.sub("", regex)
    try:
        parsed = sre_parse.parse(regex)
    except re.error as exc:
        raise WidenError(f"cannot parse {regex!r}: {exc}") from exc
    flags = parsed.state.flags
    ignore_case = bool(flags & re.IGNORECASE)
    prefix = "".join(f for flag, f in target.flags if flags & flag)
    body = _emit(parsed, ignore_case, target)
    return (f"(?{prefix})" if prefix else "") + body
