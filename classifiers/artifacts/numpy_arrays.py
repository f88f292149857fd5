"""NumPy .npy and .npz: array headers read, never the data. Only an object array holds a pickle
(numpy.load refuses it unless allow_pickle=True); its opcodes are then checked like any pickle.

The header is a Python dict literal: numpy's reader parses it with ast.literal_eval (no code)
and bounds it at 10,000 bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO, Any

OpcodeCheck = Callable[[IO[bytes]], "str | None"]


def array_header(file: IO[bytes]) -> tuple[str, tuple[int, ...], bool]:
    """(dtype, shape, holds objects) of the array whose header starts here; the file is left
    at the first data byte (for an object array, the pickle)."""
    from numpy.lib import format as npy_format  # numpy: imported by the first array only

    version = npy_format.read_magic(file)
    if version == (1, 0):
        shape, _fortran, dtype = npy_format.read_array_header_1_0(file)
    elif version in ((2, 0), (3, 0)):
        shape, _fortran, dtype = npy_format.read_array_header_2_0(file)
    else:
        raise ValueError(f"unsupported .npy version {version}")
    return dtype.str, tuple(shape), bool(dtype.hasobject)


def npy_problem(file: IO[bytes], opcodes: OpcodeCheck) -> tuple[str | None, dict[str, Any]]:
    """Why a .npy is not verified (None when it is), and its header facts."""
    dtype, shape, objects = array_header(file)
    facts: dict[str, Any] = {"dtype": dtype, "shape": list(shape), "object_array": objects}
    return (opcodes(file) if objects else None), facts


def npz_problem(
    archive: zipfile.ZipFile, names: list[str], opcodes: OpcodeCheck
) -> tuple[str | None, dict[str, Any]]:
    """Each member array's header; object arrays' pickles checked. Members that are not arrays
    are named: numpy.load would not read them, but nothing vouches for them either."""
    arrays, objects, others = 0, 0, []
    for name in names:
        if name.endswith("/"):
            continue
        if not name.endswith(".npy"):
            others.append(name)
            continue
        with archive.open(name) as entry:
            try:
                _dtype, _shape, holds = array_header(entry)
            except ValueError as exc:
                return f"{name}: not a NumPy array: {exc}", {}
            problem = opcodes(entry) if holds else None
        if problem is not None:
            return f"{name}: {problem}", {}
        arrays += 1
        objects += holds
    facts: dict[str, Any] = {"arrays": arrays, "object_arrays": objects}
    if others:
        return f"members that are not arrays: {', '.join(others[:5])}", facts
    return None, facts
