"""Build the whole estate into one folder."""

from __future__ import annotations

from pathlib import Path

from . import artifacts, assets, people
from .documents import documents
from .labels import LABEL_HEADER, dataset_levels, known_values, label_rows
from .lake_tables import lake_tables
from .office_documents import office_documents
from .writers import table_bytes, write, write_csv_rows


def build(root: Path) -> list[Path]:
    """Write every file of the estate under `root`; return the paths written."""
    tables = [make() for make in (*people.TABLES, *assets.TABLES)]
    tables.append(artifacts.latin1_table())
    docs = documents()
    utf16 = artifacts.utf16_document()
    written = [write(root, t.path, table_bytes(t)) for t in tables]
    written += [write(root, d.path, d.text.encode()) for d in docs]
    written.append(write(root, utf16.path, artifacts.utf16_bytes(utf16.text)))
    binary_docs = office_documents()  # a PDF contract and a Word letter
    written += [write(root, d.path, data) for d, data in binary_docs]
    extra = {**artifacts.broken_files(), **artifacts.model_files()}
    written += [write(root, path, data) for path, data in extra.items()]
    lake, lake_files = lake_tables(root)  # an Excel export, a Delta table, a Chroma store
    written += lake_files
    labelled = [*tables, artifacts.ragged_labels(), *lake]  # ragged.csv is written as bytes
    rows = label_rows(
        labelled, [*docs, utf16, *(d for d, _ in binary_docs)], list(artifacts.ERROR_FILES)
    )
    written.append(write_csv_rows(root, "labels.csv", LABEL_HEADER, rows))
    written.append(
        write_csv_rows(
            root, "labels_datasets.csv", ["dataset", "expected_level"], dataset_levels(rows)
        )
    )
    values = "".join(v + "\n" for v in known_values(tables))
    written.append(write(root, "known_values.txt", values.encode()))
    return written
