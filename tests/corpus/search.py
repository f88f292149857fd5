"""Where the leak searches look: raw values in a file's content and in any output's bytes."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow.parquet as pq

from tests.corpus.cases import Case, Outcome


def file_content(path: Path, case: Case) -> bytes:
    """The file's bytes, plus the text they hold as UTF-8: decoded, gunzipped (as far as the
    stream goes), unzipped, or read from Parquet pages."""
    data = path.read_bytes()
    forms = [data]
    if case.encoding:
        forms.append(data.decode(case.encoding, errors="replace").encode())
    if data.startswith(b"\x1f\x8b"):
        forms.append(zlib.decompressobj(31).decompress(data, 64 * 1024 * 1024))
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            forms += [archive.read(name) for name in archive.namelist()]
    if path.suffix == ".parquet" and case.outcome is Outcome.CLASSIFIED:
        forms.append(json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False).encode())
    return b"\n".join(forms)


def planted_values(cases: Iterable[Case]) -> set[str]:
    return {value for case in cases for value in case.planted}


def leaks(outputs: Mapping[str, bytes], values: Iterable[str]) -> list[str]:
    """(output, value) for each raw value found as UTF-8, UTF-16 LE or JSON-escaped text."""
    forms = {v: {v.encode(), v.encode("utf-16-le"), json.dumps(v)[1:-1].encode()} for v in values}
    return [
        f"{name}: {value!r}"
        for name, blob in outputs.items()
        for value, spelled in forms.items()
        if any(form in blob for form in spelled)
    ]
