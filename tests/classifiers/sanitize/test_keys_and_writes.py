"""The key's source (the variable the config names), encryption that its holder can reverse,
and the atomic write of a copy."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import polars as pl
import pytest
from presidio_anonymizer.operators import Decrypt

from classifiers.config import config_from_text
from classifiers.model import EntityFinding
from classifiers.policy import Policy
from classifiers.sanitize import write
from classifiers.sanitize.columns import column_expr
from classifiers.sanitize.policy import MissingKey, column_plan, key_from_env, sanitize_policy
from classifiers.sanitize.write import atomic_write

EMAILS = ["jane.doe@example.com", "li.wei@example.org", "jane.doe@example.com", None]


def _email() -> list[EntityFinding]:
    return [EntityFinding("EMAIL_ADDRESS", 0.9, 1.0, 10, 10, "test")]


def _sanitized(section: str, environ: dict[str, str], tmp_path: Path) -> list[str | None]:
    config = config_from_text(f"sanitize:\n{section}", tmp_path / "warden.yaml")
    policy = sanitize_policy(config.sanitize, Policy(), environ)
    plan = column_plan("email", _email(), False, policy)
    assert plan is not None
    frame = pl.DataFrame({"email": EMAILS})
    out = frame.select(column_expr(plan, frame.schema["email"], policy.key))["email"]
    return [None if v is None else str(v) for v in out]


def test_encrypt_round_trips_with_presidios_decrypt(tmp_path: Path) -> None:
    environ = {"WARDEN_SANITIZE_KEY": "a steward's secret"}
    out = _sanitized("  operators: {EMAIL_ADDRESS: encrypt}\n", environ, tmp_path)
    assert out[3] is None and all(isinstance(v, str) for v in out[:3])
    assert not any(v in out for v in EMAILS if v)  # no value left in clear
    assert out[0] != out[2]  # a random IV per value: equal values do not show as equal
    key = key_from_env("WARDEN_SANITIZE_KEY", environ)
    assert key is not None
    decrypt = Decrypt()
    assert [decrypt.operate(str(v), {"key": key.aes_key}) for v in out[:3]] == EMAILS[:3]
    wrong = key_from_env("K", {"K": "another secret"})
    assert wrong is not None
    try:  # AES-CBC under another key: a padding error, or bytes that are not the value
        guessed: str | None = decrypt.operate(str(out[0]), {"key": wrong.aes_key})
    except ValueError:
        guessed = None
    assert guessed != EMAILS[0]


def test_encrypt_refuses_without_the_key(tmp_path: Path) -> None:
    with pytest.raises(MissingKey, match="WARDEN_SANITIZE_KEY"):
        _sanitized("  operators: {EMAIL_ADDRESS: encrypt}\n", {}, tmp_path)


def test_the_key_comes_from_the_variable_the_config_names(tmp_path: Path) -> None:
    section = "  key_env: TEAM_HASH_KEY\n  operators: {EMAIL_ADDRESS: hash}\n"
    both = {"TEAM_HASH_KEY": "team key", "WARDEN_SANITIZE_KEY": "default key"}
    out = _sanitized(section, both, tmp_path)
    team = hmac.new(b"team key", b"jane.doe@example.com", hashlib.sha256).hexdigest()
    default = hmac.new(b"default key", b"jane.doe@example.com", hashlib.sha256).hexdigest()
    assert out[0] == out[2] == team and out[0] != default
    # WARDEN_SANITIZE_KEY alone is not used: the config named another variable.
    with pytest.raises(MissingKey, match="TEAM_HASH_KEY") as raised:
        _sanitized(section, {"WARDEN_SANITIZE_KEY": "default key"}, tmp_path)
    assert "WARDEN_SANITIZE_KEY" not in str(raised.value)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_the_destination_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.csv"
    atomic_write(target, b"old,rows\n" * 3)
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n" and _leftovers(target.parent) == []


@pytest.mark.parametrize("fails", ["write", "fsync", "replace"])
@pytest.mark.parametrize("existing", [None, b"the previous copy\n"])
def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str, existing: bytes | None
) -> None:
    """Whatever fails (the bytes half written, the flush to disk, the rename), the
    destination is as it was (absent, or the previous copy whole) and no temporary is left."""
    target = tmp_path / "out" / "a.csv"
    if existing is not None:
        atomic_write(target, existing)

    class Boom(OSError):
        pass

    def broken(*_: object) -> None:
        raise Boom("disk full")

    data = b"x" * 100_000
    if fails == "write":
        real_open = Path.open

        class HalfWritten:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, chunk: bytes) -> int:
                self.handle.write(chunk[: len(chunk) // 2])  # type: ignore[attr-defined]
                self.handle.flush()  # type: ignore[attr-defined]
                raise Boom("disk full mid-write")

        def half_open(path: Path, *args: object, **kwargs: object) -> object:
            handle = real_open(path, *args, **kwargs)  # type: ignore[call-overload]
            return HalfWritten(handle) if path.name.endswith(".tmp") else handle

        monkeypatch.setattr(Path, "open", half_open)
    else:
        monkeypatch.setattr(write.os, fails, broken)
    with pytest.raises(Boom):
        atomic_write(target, data)
    monkeypatch.undo()
    if existing is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == existing
    assert _leftovers(target.parent) == []
    assert os.listdir(target.parent) == ([] if existing is None else ["a.csv"])
