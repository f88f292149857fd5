"""What a scan's start computes from the rules alone, kept on disk as JSON between processes.

Building the prefilter screens and reading the recognizers' patterns costs a scan a second or
more of CPU before it reads a byte, and gives the same result for the same rules and the same
code. So each such result is written once as plain JSON data (regex sources, word lists,
flags: never a pickle, nothing that runs when read), in a file named by a key that digests
everything the result depends on: the rules, the versions of the libraries that shape it and
the source of the modules that compute it. A file that is missing, unreadable, of another
format or whose key differs is ignored, and the result is computed and written again.

The folder is `$WARDEN_CACHE_DIR`, else `$XDG_CACHE_HOME/warden`, else `~/.cache/warden`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CACHE_ENV = "WARDEN_CACHE_DIR"
FORMAT = 1  # bump when the layout of a cached file changes
KEPT = 8  # files of one kind kept (several configs, or code being edited, share the folder)


def cache_dir() -> Path | None:
    """The cache folder; None without a home folder (then nothing is cached)."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given).expanduser()
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no HOME and no password entry: a shared temp folder is no place
        return None
    return Path(base) / "warden"


def source_digest(files: Iterable[Path]) -> str:
    """A digest of the text of the modules that compute a cached result, as this process first
    read them: a module edited while a process runs must not have that process's results,
    computed by the old code, stored under the new code's key."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + _text_of(path) + b"\0")
    return digest.hexdigest()


@cache
def _text_of(path: Path) -> bytes:
    """A module's text when this process first read it."""
    return path.read_bytes()


def key_of(*parts: Any) -> str:
    """The key of a result: a digest of everything (JSON-able) it depends on."""
    text = json.dumps([FORMAT, *parts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{kind}-{key[:24]}.json" if folder else None


def load(kind: str, key: str) -> dict[str, Any] | None:
    """The data stored under `key`, or None when there is none that can be trusted."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        logger.info("startup cache %s unreadable (%s): rebuilt", path, exc)
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("key") != key:
        logger.info("startup cache %s is of another format or key: rebuilt", path)
        return None
    data = stored.get("data")
    return data if isinstance(data, dict) else None


def store(kind: str, key: str, data: dict[str, Any]) -> None:
    """Writes `data` under `key` (atomically: a reader sees the old file or the new one); a
    folder that cannot be written only costs the next process the time to compute it again."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{kind}-", delete=False
        ) as out:
            json.dump({"format": FORMAT, "key": key, "data": data}, out, separators=(",", ":"))
        os.replace(out.name, path)
        _prune(path.parent, kind)
    except OSError as exc:
        logger.info("startup cache %s not written: %s", path, exc)


def _prune(folder: Path, kind: str) -> None:
    files = sorted(folder.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEPT:]:
        old.unlink(missing_ok=True)
