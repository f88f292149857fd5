"""Pickle-based artifacts: verdicts from opcodes, never from loading them."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import numpy
import pytest
from artifact_files import (
    CANARY,
    CountingObject,
    builtin_import_pickle,
    canary_pickle,
    joblib_compressed,
    unknown_global_pickle,
)

from classifiers.artifacts.inspect import inspect_artifact
from classifiers.artifacts.report import Verdict
from classifiers.readers.readable import LocalFile
from sample_data._generator import models

WEIGHTS = {"coef": [0.5, -0.25], "intercept": [1.0]}


@pytest.mark.parametrize(
    ("name", "data", "fmt", "verdict", "globals"),
    [
        ("weights.pkl", pickle.dumps(WEIGHTS, protocol=2), "pickle", "safe", ()),
        ("weights.pickle", pickle.dumps(WEIGHTS, protocol=0), "pickle", "safe", ()),
        ("odd.pkl", builtin_import_pickle(), "pickle", "suspicious", ("builtins.__import__",)),
        ("custom.pkl", unknown_global_pickle(), "pickle", "suspicious",
         ("mycompany.features.Scaler",)),
        ("run.pkl", models.call_pickle("os", "system", "echo x"), "pickle", "dangerous",
         ("os.system",)),
        ("eval.joblib", models.call_pickle("builtins", "eval", "1+1"), "pickle", "dangerous",
         ("builtins.eval",)),
        ("model.pt", models.torch_style_zip(pickle.dumps(WEIGHTS, protocol=2), b"\0" * 8),
         "pytorch", "safe", ()),
        ("model.bin", models.torch_style_zip(models.call_pickle("posix", "system", "id"), b""),
         "pytorch", "dangerous", ("posix.system",)),
        ("scaler.joblib", joblib_compressed(), "pickle", "unknown", ()),
    ],
)  # fmt: skip
def test_each_pickle_kind_gets_its_verdict(
    name: str, data: bytes, fmt: str, verdict: str, globals: tuple[str, ...]
) -> None:
    report = inspect_artifact(CountingObject(name, data))
    assert (report.format, report.verdict.value, report.globals) == (fmt, verdict, globals)


def test_a_compressed_container_is_unknown_with_the_reason() -> None:
    report = inspect_artifact(CountingObject("scaler.joblib", joblib_compressed()))
    assert report.error is not None and "zlib-compressed" in report.error


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("cut.pkl", pickle.dumps(WEIGHTS, protocol=4)[:-7], "pickle stream"),
        ("placeholder.pkl", b"\x80\x04\xff" + b"x" * 40, "opcode"),
        ("no_stop.pkl", b"\x80\x02]q\x00", "before seeing STOP"),
        ("empty_zip.pt", b"PK\x05\x06" + bytes(18), "no pickle"),
        ("torn.pt", models.torch_style_zip(pickle.dumps(WEIGHTS), b"")[:60], "unreadable"),
    ],
)  # fmt: skip
def test_truncated_or_malformed_pickles_are_unknown_with_a_clear_error(
    name: str, data: bytes, phrase: str
) -> None:
    report = inspect_artifact(CountingObject(name, data))
    assert report.verdict is Verdict.UNKNOWN
    assert report.error is not None and phrase in report.error


def test_a_cut_malicious_pickle_is_still_dangerous() -> None:
    data = models.call_pickle("os", "system", "echo x")[:-1]  # no STOP: a loader runs REDUCE
    report = inspect_artifact(CountingObject("cut.pkl", data))
    assert report.verdict is Verdict.DANGEROUS and report.error is not None


def test_a_pickle_is_told_by_its_bytes_not_its_name() -> None:
    data = models.call_pickle("subprocess", "call", "ls")
    report = inspect_artifact(CountingObject("weights.safetensors", b"\x80\x02" + data))
    assert report.verdict is Verdict.DANGEROUS and report.format == "pickle"


def test_scanning_a_malicious_pickle_never_runs_it(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(canary_pickle(tmp_path))
    report = inspect_artifact(LocalFile(path))
    assert report.verdict is Verdict.DANGEROUS
    assert set(report.globals) & {"os.system", "posix.system"}
    assert not (tmp_path / CANARY).exists()


def test_a_zip_without_pickles_is_unknown_and_named_by_its_extension() -> None:
    array, buffer = io.BytesIO(), io.BytesIO()
    numpy.save(array, numpy.arange(4))
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.npy", array.getvalue())
    report = inspect_artifact(CountingObject("arrays.pt", buffer.getvalue()))
    assert (report.format, report.verdict) == ("pytorch", Verdict.UNKNOWN)
    assert "no pickle" in (report.error or "")
    # An .npz of plain arrays is read by its members' headers: test_arrays_and_keras.py.
    report = inspect_artifact(CountingObject("arrays.npz", buffer.getvalue()))
    assert (report.format, report.verdict) == ("numpy", Verdict.SAFE)
