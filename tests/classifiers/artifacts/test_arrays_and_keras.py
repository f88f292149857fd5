"""NumPy arrays (.npy/.npz) and Keras archives (.keras): verdicts from headers and configs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy
import pytest
from artifact_files import CANARY, CountingObject, canary_pickle
from numpy.lib import format as npy_format

from classifiers.artifacts.inspect import inspect_artifact
from classifiers.artifacts.report import Verdict
from classifiers.readers.readable import LocalFile


def npy(array: numpy.ndarray) -> bytes:
    buffer = io.BytesIO()
    numpy.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def object_npy_with(pickled: bytes) -> bytes:
    """An object-array header followed by arbitrary pickle opcodes (what numpy.load unpickles
    when allow_pickle=True)."""
    buffer = io.BytesIO()
    header = {"descr": "|O", "fortran_order": False, "shape": (1,)}
    npy_format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + pickled


def npz(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_plain_npy_is_safe_with_its_header() -> None:
    report = inspect_artifact(CountingObject("x.npy", npy(numpy.zeros((2, 3)))))
    assert report.verdict is Verdict.SAFE and report.format == "numpy"
    assert report.metadata == {"dtype": "<f8", "shape": [2, 3], "object_array": False}


def test_an_object_array_of_plain_values_is_scanned_and_safe() -> None:
    report = inspect_artifact(CountingObject("x.npy", npy(numpy.array([{"a": 1}], dtype=object))))
    assert report.verdict is Verdict.SAFE and report.metadata["object_array"] is True
    assert "numpy.ndarray" in report.globals  # the pickle was read at the opcode level


def test_an_object_array_carrying_a_payload_is_dangerous_and_never_runs(tmp_path: Path) -> None:
    path = tmp_path / "features.npy"
    path.write_bytes(object_npy_with(canary_pickle(tmp_path)))
    report = inspect_artifact(LocalFile(path))
    assert report.verdict is Verdict.DANGEROUS
    assert set(report.globals) & {"os.system", "posix.system"}
    assert not (tmp_path / CANARY).exists()


def test_a_cut_object_array_is_unknown() -> None:
    data = npy(numpy.array([{"a": 1}], dtype=object))[:-5]
    report = inspect_artifact(CountingObject("x.npy", data))
    assert report.verdict is Verdict.UNKNOWN and "pickle stream" in (report.error or "")


@pytest.mark.parametrize(
    ("members", "verdict", "facts"),
    [
        ({"a.npy": npy(numpy.arange(4)), "b.npy": npy(numpy.ones(2))}, "safe",
         {"arrays": 2, "object_arrays": 0}),
        ({"a.npy": npy(numpy.arange(4)), "o.npy": npy(numpy.array([None], dtype=object))},
         "safe", {"arrays": 2, "object_arrays": 1}),
        ({"o.npy": object_npy_with(b"cos\nsystem\n(S'echo x'\ntR.")}, "dangerous",
         {"arrays": 1, "object_arrays": 1}),
        ({"a.npy": npy(numpy.arange(4)), "notes.txt": b"hello"}, "unknown",
         {"arrays": 1, "object_arrays": 0}),
    ],
)  # fmt: skip
def test_npz_members_are_read_by_their_headers(
    members: dict[str, bytes], verdict: str, facts: dict[str, int]
) -> None:
    report = inspect_artifact(CountingObject("arrays.npz", npz(**members)))
    assert (report.format, report.verdict.value) == ("numpy", verdict)
    assert report.metadata == facts


def keras_archive(layers: list[dict], extra: dict | None = None) -> bytes:
    """A Keras v3 archive as Model.save writes it: config.json, metadata.json, weights."""
    config = {"module": "keras", "class_name": "Sequential",
              "config": {"name": "seq", "layers": layers}, **(extra or {})}  # fmt: skip
    return npz(**{
        "config.json": json.dumps(config).encode(),
        "metadata.json": json.dumps({"keras_version": "3.6.0"}).encode(),
        "model.weights.h5": b"\x89HDF\r\n\x1a\n" + bytes(32),
    })  # fmt: skip


DENSE = {"module": "keras.layers", "class_name": "Dense", "config": {"units": 4}}
# Keras 3 stores a Lambda's function as base64 marshalled bytecode: loading runs it.
BYTECODE = {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA", "defaults": None}}
LAMBDA = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
          "config": {"function": BYTECODE}}  # fmt: skip
CUSTOM = {"module": "acme.layers", "class_name": "Scaler", "registered_name": "acme>Scaler"}
SYSTEM = {"module": "keras.layers", "class_name": "Dense",
          "config": {"activation": {"module": "os", "class_name": "system"}}}  # fmt: skip


@pytest.mark.parametrize(
    ("layers", "verdict", "globals_"),
    [
        ([DENSE], "safe", ()),
        ([DENSE, LAMBDA], "suspicious", ("keras.layers.Lambda",)),
        ([CUSTOM], "suspicious", ("acme.layers.Scaler",)),
        ([SYSTEM], "dangerous", ("os.system",)),
    ],
)
def test_keras_configs_name_lambda_layers_and_foreign_modules(
    layers: list[dict], verdict: str, globals_: tuple[str, ...]
) -> None:
    report = inspect_artifact(CountingObject("model.keras", keras_archive(layers)))
    assert (report.format, report.verdict.value, report.globals) == ("keras", verdict, globals_)
    assert report.metadata["keras_version"] == "3.6.0"
    assert report.metadata["model_class"] == "Sequential"


def test_keras_counts_layers_and_lambdas() -> None:
    report = inspect_artifact(CountingObject("m.keras", keras_archive([DENSE, LAMBDA, DENSE])))
    assert (report.metadata["layers"], report.metadata["lambda_layers"]) == (3, 1)


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (npz(**{"model.weights.h5": b"x"}), "no config.json"),
        (npz(**{"config.json": b"{not json"}), "unreadable"),
        (b"PK\x03\x04" + bytes(30), "unreadable"),
    ],
)
def test_a_broken_keras_archive_is_unknown(data: bytes, phrase: str) -> None:
    report = inspect_artifact(CountingObject("m.keras", data))
    assert report.verdict is Verdict.UNKNOWN and phrase in (report.error or "")


def test_hdf5_models_are_unknown_and_say_why() -> None:
    report = inspect_artifact(CountingObject("m.h5", b"\x89HDF\r\n\x1a\n" + bytes(64)))
    assert report.verdict is Verdict.UNKNOWN and "h5py is not installed" in (report.error or "")
