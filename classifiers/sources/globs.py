"""Glob patterns on relative POSIX paths, where `**/` matches zero or more directories."""

from __future__ import annotations

import re
from collections.abc import Sequence


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob: `**/` any directories, `**` anything, `*` and `?` within a name."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        elif pattern[index] == "[" and (end := pattern.find("]", index + 2)) > 0:
            parts.append(_char_class(pattern[index + 1 : end]))
            index = end + 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts))


def _char_class(body: str) -> str:
    negated = body.startswith("!")
    body = body[1:] if negated else body
    return "[" + ("^/" if negated else "") + body.replace("\\", "\\\\") + "]"


class PathFilter:
    """Include/exclude globs: a path is kept when it matches an include and no exclude."""

    def __init__(self, include: Sequence[str], exclude: Sequence[str]):
        self._include = [glob_regex(p.removeprefix("./")) for p in include]
        self._exclude = [glob_regex(p.removeprefix("./")) for p in exclude]

    def __call__(self, relative: str) -> bool:
        if not any(rule.fullmatch(relative) for rule in self._include):
            return False
        return not any(rule.fullmatch(relative) for rule in self._exclude)
