"""Text and Markdown: paragraphs and ~1,000-character chunks in one "content" column."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers import Sampling, TableRead, detect_format, open_table
from classifiers.readers.documents import chunks


def read(path: Path, sampling: Sampling | None = None) -> tuple[list[str], TableRead]:
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, sampling or Sampling())
    frame = pl.concat(list(table.batches()))
    assert table.document and frame.columns == ["content"]
    return frame["content"].to_list(), table


def test_paragraphs_become_rows(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Title\n\nFirst paragraph,\nstill first.\n  \n\nSecond one.\n")
    content, table = read(path)
    assert content == ["# Title", "First paragraph,\nstill first.", "Second one."]
    assert table.coverage.rows_total == 3 and table.coverage.rows_read == 3


def test_long_paragraphs_are_cut_at_sentence_ends() -> None:
    sentence = "The customer asked for a refund on the order placed last week. "
    pieces = list(chunks(sentence * 50))
    assert len(pieces) == 4
    assert all(len(piece) <= 1_000 and piece.endswith("week.") for piece in pieces)
    assert " ".join(pieces) == (sentence * 50).strip()


@pytest.mark.parametrize(
    ("text", "lengths"),
    [
        ("word " * 500, [999, 999, 499]),  # no sentence end: cut at a space
        ("x" * 2_500, [1_000, 1_000, 500]),  # nothing to cut at: hard cut
    ],
)
def test_cuts_without_sentences(text: str, lengths: list[int]) -> None:
    pieces = list(chunks(text))
    assert [len(piece) for piece in pieces] == lengths
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")]
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(prefix + "Dear Zoë,\n\nthanks — Jürgen".encode(encoding))
    content, _ = read(path)
    assert content == ["Dear Zoë,", "thanks — Jürgen"]


def test_windows_1252_text_is_read_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes("Dear Zoë,\n\nthanks — Jürgen, 5 €".encode("cp1252"))
    assert detect_format(path) == (DataFormat.TEXT, None)
    table = open_table(path, DataFormat.TEXT, None, Sampling())
    assert pl.concat(table.batches())["content"].to_list() == ["Dear Zoë,", "thanks — Jürgen, 5 €"]
    assert table.coverage.encoding == "cp1252"


def test_sample_spreads_chunks_and_full_mode_batches(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_text("\n\n".join(f"Paragraph {i} of the report." for i in range(1_000)))
    content, table = read(path, Sampling(max_rows=10))
    assert content[0] == "Paragraph 0 of the report." and len(content) == 10
    assert table.coverage.rows_total == 1_000 and table.coverage.rows_read == 10
    fmt, compression = detect_format(path)
    full = open_table(path, fmt, compression, Sampling(mode="full", batch_rows=400))
    assert [batch.height for batch in full.batches()] == [400, 400, 200]
    assert full.coverage.rows_total == 1_000


def test_big_text_sample_reads_windows(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = "Paragraph {} talks about the weather in Oslo, mostly rain.\nSecond line."
    path.write_text("\n\n".join(paragraph.format(i) for i in range(200_000)))
    assert path.stat().st_size > 10 * 1024 * 1024
    content, table = read(path)
    assert table.coverage.bytes_read < 0.25 * path.stat().st_size
    assert table.coverage.rows_total is None and 0 < len(content) <= 10_000
    numbers = [int(m.group(1)) for text in content if (m := re.match(r"Paragraph (\d+)", text))]
    assert min(numbers) == 0 and max(numbers) > 199_000
    assert len({n * 8 // 200_000 for n in numbers}) == 8


def test_gzip_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"One.\n\nTwo.\n\nThree."))
    content, table = read(path)
    assert content == ["One.", "Two.", "Three."] and table.coverage.rows_total == 3
