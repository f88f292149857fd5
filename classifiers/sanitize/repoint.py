"""The config change that re-points a workload from datasets to their verified copies."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path


def _block(lines: list[str], workload: str) -> tuple[int, int] | None:
    """The lines of one workload's entry under `workloads:` (from `- name: NAME`)."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(rf"\s*-\s*name:\s*{re.escape(workload)}\s*$", line)
        ),
        None,
    )
    if start is None:
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines):
        line = lines[end]
        stripped = line.lstrip()
        depth = len(line) - len(stripped)
        if stripped and not stripped.startswith("#") and depth <= indent:
            break
        end += 1
    return start, end


def repointed_config(text: str, workload: str, copies: Mapping[str, str]) -> str | None:
    """The config text with the workload's inputs `copies` (source ref -> copy ref) replaced;
    None when the workload's entry is not found or names none of them literally."""
    lines = text.splitlines(keepends=True)
    found = _block(lines, workload)
    if found is None:
        return None
    start, end = found
    changed = False
    for i in range(start, end):
        for source, copy in copies.items():
            pattern = rf"(?<![\w:/.-]){re.escape(source)}(?![\w/.-])"
            new = re.sub(pattern, copy, lines[i])
            if new != lines[i] and "dataset:" not in lines[i]:  # exceptions keep their names
                lines[i], changed = new, True
    return "".join(lines) if changed else None


def config_diff(path: Path, workload: str, copies: Mapping[str, str]) -> str | None:
    """A unified diff of the config file, or None when it cannot be made by replacing names."""
    text = path.read_text(encoding="utf-8")
    new = repointed_config(text, workload, copies)
    if new is None:
        return None
    diff = difflib.unified_diff(
        text.splitlines(keepends=True), new.splitlines(keepends=True), str(path), str(path)
    )
    return "".join(diff)


def apply_repoint(path: Path, workload: str, copies: Mapping[str, str]) -> str | None:
    """Re-point the workload in the config file itself: the new text is written beside it
    and renamed over it (a reader never sees half a file), the old one kept as `NAME.bak`.
    Returns the diff, or None when nothing could be replaced (the file is left alone)."""
    text = path.read_text(encoding="utf-8")
    new = repointed_config(text, workload, copies)
    if new is None:
        return None
    path.with_name(f"{path.name}.bak").write_text(text, encoding="utf-8")
    staged = path.with_name(f".{path.name}.repoint")
    staged.write_text(new, encoding="utf-8")
    staged.replace(path)
    diff = difflib.unified_diff(
        text.splitlines(keepends=True), new.splitlines(keepends=True), str(path), str(path)
    )
    return "".join(diff)


def verified_copies(
    inputs: Iterable[str], latest: Callable[[str], tuple[str, bool] | None]
) -> dict[str, str]:
    """source ref -> copy ref for each input whose latest copy passed verification;
    `latest(ref)` gives (copy ref, passed) of the newest copy of a dataset, if any."""
    found = {}
    for ref in inputs:
        copy = latest(ref)
        if copy is not None and copy[1]:
            found[ref] = copy[0]
    return found
