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
