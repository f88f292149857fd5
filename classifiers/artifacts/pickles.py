"""Pickle-based artifacts (.pkl, .joblib, PyTorch zips, .npy/.npz) scanned at the opcode level.

picklescan lists the globals a pickle would import without unpickling it; pickletools.genops
(which only decodes opcodes) checks that the bytes are a complete pickle at all, because
picklescan reports a file it cannot parse as clean.
"""

from __future__ import annotations

import io
import logging
import pickletools
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from picklescan.scanner import SafetyLevel, ScanResult, scan_bytes

from classifiers.artifacts.numpy_arrays import npy_problem, npz_problem
from classifiers.artifacts.report import ArtifactReport, Verdict, unknown
from classifiers.readers.readable import ReadableObject, suffixes

MAX_PICKLE_BYTES = 1024 * 1024 * 1024  # a whole pickle is decoded: bound what that costs
MAX_ZIP_ENTRIES = 10_000
PICKLE_MAGIC = tuple(b"\x80" + bytes([p]) for p in range(2, 6))
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Compressed containers (joblib's zlib/gzip/bz2/xz/lz4): picklescan reads them as clean bytes.
COMPRESSED = (
    (b"ZF0x", "joblib zlib"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"), (b"\x04\x22\x4d\x18", "lz4"), (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x78\x01", "zlib"), (b"\x78\x5e", "zlib"), (b"\x78\x9c", "zlib"), (b"\x78\xda", "zlib"),
)  # fmt: skip
NUMPY_MAGIC = b"\x93NUMPY"

logging.getLogger("picklescan").setLevel(logging.ERROR)  # its warnings repeat our verdicts


def compressed_kind(head: bytes) -> str | None:
    return next((kind for magic, kind in COMPRESSED if head.startswith(magic)), None)


def scan_pickle(obj: ReadableObject, head: bytes) -> ArtifactReport:
    """The verdict on a pickle, a zip of pickles or a .npy file; `head` is its first bytes."""
    fmt = _format(obj, head)
    kind = compressed_kind(head)
    if kind is not None:
        return unknown(
            "pickle", f"{kind}-compressed container: its pickle is not scanned; not verified"
        )
    if obj.size > MAX_PICKLE_BYTES:
        return unknown(fmt, f"{obj.size} bytes: over the {MAX_PICKLE_BYTES}-byte scan bound")
    with obj.open() as raw, io.BufferedReader(raw) as file:
        try:
            problem, facts = _problem(file, fmt, zipped=head.startswith(ZIP_MAGIC))
            file.seek(0)
            result = scan_bytes(file, obj.name, _extension(obj))
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
            return unknown(fmt, f"unreadable {fmt} file: {exc}")
    return _report(fmt, result, problem, facts)


def _problem(file: IO[bytes], fmt: str, zipped: bool) -> tuple[str | None, dict[str, Any]]:
    """Why the bytes are not a verified pickle, zip of pickles or array file, and its facts."""
    if zipped and fmt == "numpy":
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if len(names) > MAX_ZIP_ENTRIES:
                return f"{len(names)} entries: over the {MAX_ZIP_ENTRIES}-entry bound", {}
            return npz_problem(archive, names, _opcode_problem)
    if zipped:
        return _zip_problem(file), {}
    if fmt == "numpy":
        return npy_problem(file, _opcode_problem)
    return _opcode_problem(file), {}


def _format(obj: ReadableObject, head: bytes) -> str:
    if head.startswith(NUMPY_MAGIC):
        return "numpy"
    if not head.startswith(ZIP_MAGIC):
        return "pickle"
    names = suffixes(obj)
    return "numpy" if ".npz" in names else "keras" if ".keras" in names else "pytorch"


def _extension(obj: ReadableObject) -> str | None:
    names = suffixes(obj)
    return names[-1] if names else None


def _report(
    fmt: str, result: ScanResult, problem: str | None, facts: dict[str, Any]
) -> ArtifactReport:
    named = tuple(sorted({f"{g.module}.{g.name}" for g in result.globals}))
    levels = {g.safety for g in result.globals}
    # A dangerous import counts even in a cut or malformed stream: a loader may run it first.
    if SafetyLevel.Dangerous in levels:
        return ArtifactReport(fmt, Verdict.DANGEROUS, named, facts, error=problem)
    if SafetyLevel.Suspicious in levels:
        return ArtifactReport(fmt, Verdict.SUSPICIOUS, named, facts, error=problem)
    if problem is not None or result.scan_err:
        return ArtifactReport(fmt, Verdict.UNKNOWN, named, facts, error=problem or "scan error")
    return ArtifactReport(fmt, Verdict.SAFE, named, facts)


def _opcode_problem(file: IO[bytes]) -> str | None:
    seen = 0
    try:
        for opcode, _arg, _pos in pickletools.genops(file):
            seen += 1
            if opcode.name == "STOP":
                return None
    except Exception as exc:  # genops raises ValueError, EOFError, struct errors...
        return f"not a complete pickle stream after {seen} opcodes: {exc}"
    return "the pickle stream ends without STOP (truncated)"


def _zip_problem(file: IO[bytes]) -> str | None:
    """Why a zip is not a verified archive of pickles (a PyTorch checkpoint, say)."""
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        if len(names) > MAX_ZIP_ENTRIES:
            return f"{len(names)} entries: over the {MAX_ZIP_ENTRIES}-entry bound"
        pickles = list(_pickle_entries(archive, names))
        if not pickles:
            return "a ZIP archive with no pickle inside: not verified"
        for name in pickles:
            with archive.open(name) as entry:
                problem = _opcode_problem(entry)
            if problem is not None:
                return f"{name}: {problem}"
    return None


def _pickle_entries(archive: zipfile.ZipFile, names: Iterable[str]) -> Iterable[str]:
    for name in names:
        if name.endswith((".pkl", ".pickle")):
            yield name
            continue
        with archive.open(name) as entry:
            if entry.read(2) in PICKLE_MAGIC:
                yield name
