"""Readers for the table formats beyond CSV, JSON and Parquet: Avro, ORC, Excel, SQLite."""

from __future__ import annotations

from classifiers.model import DataFormat
from classifiers.readers.avro import avro_reader
from classifiers.readers.base import Produce, ReadError, Sampling
from classifiers.readers.orc import orc_reader
from classifiers.readers.readable import ReadableObject
from classifiers.readers.sqlite_tables import table_reader
from classifiers.readers.workbook import sheet_reader


def other_table_reader(
    obj: ReadableObject, fmt: str, compression: str | None, sampling: Sampling, part: str | None
) -> Produce:
    """How to read an object of one of `readers.TABLE_FORMATS` (`part`: its sheet or table)."""
    if fmt == DataFormat.AVRO:
        return avro_reader(obj, compression, sampling)
    if fmt == DataFormat.ORC:
        return orc_reader(obj, compression, sampling)
    if compression is not None:
        raise ReadError(f"a {compression}-compressed {fmt} file cannot be read; decompress it")
    if fmt == DataFormat.XLSX:
        return sheet_reader(obj, part, sampling)
    return table_reader(obj, part, sampling)
