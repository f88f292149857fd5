"""Masked examples: enough shape for a steward to recognise, never the value itself."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _mask_token(token: str) -> str:
    return token[0] + "***" if len(token) > 1 else "*"


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    labels = domain.split(".")
    masked_domain = ".".join([_mask_token(label) for label in labels[:-1]] + labels[-1:])
    return f"{_mask_token(local)}@{masked_domain}"


def mask_value(value: str, entity: str = "") -> str:
    """`john.smith@example.com` -> `j***@e***.com`; digits become '#' except the last two."""
    value = value.strip()
    if entity == "EMAIL_ADDRESS" or ("@" in value and " " not in value):
        return mask_email(value)
    digits = sum(c.isdigit() for c in value)
    if digits >= 4:
        seen = 0
        out = []
        for char in value:
            if char.isdigit():
                seen += 1
                out.append(char if seen > digits - 2 else "#")
            elif char.isalpha():
                out.append("*")
            else:
                out.append(char)
        return "".join(out)[:40]
    return _WORD.sub(lambda m: _mask_token(m.group()), value)[:40]


# Library errors quote what they could not read (polars: could not parse `4111...` as dtype
# `i64`; arrow: invalid value '4111...'), and an object's error is stored and shown. Quoted
# text is masked unless it names a type; long digit runs and addresses are masked wherever
# they stand, quoted or not.
_QUOTED = r"`[^`\n]*`?|(?<![\w'])'[^'\n]*'|\"[^\"\n]*\"?"
_BARE = r"[^\s'`\"]+@[^\s'`\"]+\.\w+|\d(?:[\d .\-/]*\d){8,}"
_SPANS = re.compile(f"(?P<quoted>{_QUOTED})|{_BARE}")
_TYPE_NAME = re.compile(
    r"(?i)(?:[iu](?:8|16|32|64|128)|u?int(?:8|16|32|64)|f(?:16|32|64)|float(?:16|32|64)?|double"
    r"|str|string|large_string|utf-?8|bool(?:ean)?|null|binary|date(?:32|64)?|time(?:64)?"
    r"|(?:datetime|duration|timestamp|decimal|list|struct|array)(?:\[[^\]]*\])?|cat|categorical"
    r"|enum|object|schema)"
)


def _masked(match: re.Match[str]) -> str:
    text = match.group()
    if match.group("quoted") is None:
        return mask_value(text)
    opened, closed = text[0], text[-1] if len(text) > 1 and text[-1] == text[0] else ""
    inner = text[1 : len(text) - len(closed)]
    if not inner.strip() or _TYPE_NAME.fullmatch(inner.strip()):
        return text
    return f"{opened}{mask_value(inner)}{closed}"


def redact_message(message: str) -> str:
    """A library's error message with the values it may quote masked (`mask_value`): quoted
    text unless it names a type, and long digit runs and addresses wherever they stand."""
    return _SPANS.sub(_masked, message)
