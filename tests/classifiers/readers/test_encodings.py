"""Text in any common encoding is read, classified and its encoding recorded; only what is not
text is refused."""

from __future__ import annotations

import codecs
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.readers import ReadError, Sampling, TableRead, detect_format, open_table
from classifiers.readers.text_encoding import detect_encoding
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

NAMES = {  # names and cities each encoding can hold, so a wrong decoding shows
    "western": [("José Müller", "Zürich"), ("François Lefèvre", "Besançon"),
                ("Renée Günther", "Köln"), ("Íñigo Peña", "Málaga"), ("Ærø Sørensen", "Århus")],
    "central": [("Łukasz Żółć", "Łódź"), ("Paweł Ściański", "Kraków"),
                ("Tomáš Dvořák", "Brno"), ("Zsófia Kővári", "Győr"), ("Ágnes Szűcs", "Pécs")],
    "cyrillic": [("Иван Петров", "Москва"), ("Мария Иванова", "Санкт-Петербург"),
                 ("Ольга Смирнова", "Новосибирск"), ("Дмитрий Козлов", "Казань"),
                 ("Анна Попова", "Самара")],
    "japanese": [("山田太郎", "東京"), ("佐藤花子", "大阪"), ("鈴木一郎", "名古屋"),
                 ("高橋美咲", "札幌"), ("田中健太", "福岡")],
    "chinese": [("张伟", "北京"), ("王芳", "上海"), ("李娜", "广州"), ("刘洋", "深圳"),
                ("陈静", "成都")],
}  # fmt: skip

# (codec written, names, encodings that may be recorded: a superset that decodes the same)
CASES = [
    ("cp1252", "western", {"cp1252"}),
    ("latin-1", "western", {"cp1252", "latin-1"}),
    ("cp1250", "central", {"cp1250"}),
    ("utf-8", "western", {"utf-8"}),
    ("utf-8-sig", "cyrillic", {"utf-8-sig"}),
    ("utf-16", "western", {"utf-16-le"}),  # with BOM, as Excel's "Unicode text" writes it
    ("utf-16-le", "western", {"utf-16-le"}),  # without BOM
    ("utf-16-be", "cyrillic", {"utf-16-be"}),  # without BOM
    ("utf-32", "japanese", {"utf-32-le"}),
    ("utf-32-be", "western", {"utf-32-be"}),
    ("cp1251", "cyrillic", {"cp1251"}),
    ("shift_jis", "japanese", {"cp932", "shift_jis"}),
    ("gb18030", "chinese", {"gb18030"}),
]
IDS = [case[0] for case in CASES]
ROWS = 60


def rows(kind: str, count: int = ROWS) -> list[tuple[int, str, str, str]]:
    people = NAMES[kind]
    return [
        (i, people[i % 5][0], f"customer.{i}@example.com", people[i % 5][1]) for i in range(count)
    ]


def csv_text(kind: str, count: int = ROWS, sep: str = ",") -> str:
    lines = [sep.join(["id", "name", "email", "city"])]
    lines += [sep.join(str(v) for v in row) for row in rows(kind, count)]
    return "\r\n".join(lines) + "\r\n"


def jsonl_text(kind: str) -> str:
    keys = ("id", "name", "email", "city")
    return "".join(
        json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False) + "\n"
        for row in rows(kind)
    )


def encoded(text: str, codec: str) -> bytes:
    return text.encode(codec)  # "utf-16"/"utf-32"/"utf-8-sig" write a byte order mark


def read_all(table: TableRead) -> pl.DataFrame:
    return pl.concat(list(table.batches()), how="diagonal_relaxed")


def open_path(path: Path, sampling: Sampling) -> TableRead:
    fmt, compression = detect_format(path)
    return open_table(path, fmt, compression, sampling)


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("mode", ["sample", "full"])
@pytest.mark.parametrize(("codec", "kind", "recorded"), CASES, ids=IDS)
def test_csv_in_any_encoding_reads_every_row(
    tmp_path: Path, codec: str, kind: str, recorded: set[str], mode: str, gz: bool
) -> None:
    data = encoded(csv_text(kind), codec)
    path = tmp_path / ("people.csv.gz" if gz else "people.csv")
    path.write_bytes(gzip.compress(data) if gz else data)
    table = open_path(path, Sampling(mode=mode))
    frame = read_all(table)
    assert frame.columns == ["id", "name", "email", "city"]
    assert frame.rows() == rows(kind)
    assert table.coverage.encoding in recorded
    assert (table.coverage.records_repaired, table.coverage.records_unreadable) == (0, 0)


@pytest.mark.parametrize("mode", ["sample", "full"])
@pytest.mark.parametrize(("codec", "kind", "recorded"), CASES, ids=IDS)
def test_json_lines_and_text_in_any_encoding(
    tmp_path: Path, codec: str, kind: str, recorded: set[str], mode: str
) -> None:
    lines = tmp_path / "people.jsonl"
    lines.write_bytes(encoded(jsonl_text(kind), codec))
    table = open_path(lines, Sampling(mode=mode))
    assert read_all(table).rows() == rows(kind)
    assert table.coverage.encoding in recorded
    paragraphs = [f"{name} lives in {city}." for _, name, _, city in rows(kind)]
    document = tmp_path / "notes.txt"
    document.write_bytes(encoded("\n\n".join(paragraphs), codec))
    table = open_path(document, Sampling(mode=mode))
    assert read_all(table)["content"].to_list() == paragraphs
    assert table.coverage.encoding in recorded


@pytest.mark.parametrize(("codec", "kind", "recorded"), CASES, ids=IDS)
def test_a_json_document_in_any_encoding(
    tmp_path: Path, codec: str, kind: str, recorded: set[str]
) -> None:
    keys = ("id", "name", "email", "city")
    records = [dict(zip(keys, row, strict=True)) for row in rows(kind)]
    path = tmp_path / "people.json"
    path.write_bytes(encoded(json.dumps(records, ensure_ascii=False, indent=1), codec))
    table = open_path(path, Sampling())
    assert read_all(table).rows() == rows(kind)
    assert table.coverage.encoding in recorded


@pytest.mark.parametrize(
    ("codec", "kind"), [("cp1252", "western"), ("shift_jis", "japanese"), ("utf-16", "western")]
)
def test_large_files_are_sampled_in_their_encoding(tmp_path: Path, codec: str, kind: str) -> None:
    """Over 4 MiB: byte windows for code pages (a seek lands on a line start after the next
    0x0A byte, which no multi-byte character holds), a transcoded stream for UTF-16."""
    count = 120_000
    path = tmp_path / "big.csv"
    path.write_bytes(encoded(csv_text(kind, count), codec))
    assert path.stat().st_size > 4 * 1024 * 1024
    table = open_path(path, Sampling(max_rows=2_000))
    frame = read_all(table)
    expected = dict(enumerate(rows(kind, count)))
    assert 1_500 <= frame.height <= 2_000
    assert all(expected[row[0]] == row for row in frame.rows())  # every row decoded whole
    assert frame["id"].max() > count * 0.9  # the windows reach the end of the file
    assert table.coverage.records_repaired == 0


def test_a_utf8_file_with_a_few_windows_1252_lines(tmp_path: Path) -> None:
    """A UTF-8 export with lines appended by a Windows tool: those lines read as Windows-1252
    and are counted as repaired, in both modes."""
    head = "id,name\n" + "".join(f"{i},Zoë {i}\n" for i in range(5_000))
    tail = "".join(f"{i},Renée {i}\n" for i in range(5_000, 5_003)).encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head.encode("utf-8") + tail)
    for mode in ("sample", "full"):
        table = open_path(path, Sampling(mode=mode))
        frame = read_all(table)
        assert frame.height == 5_003 and frame["name"][-1] == "Renée 5002"
        assert (table.coverage.encoding, table.coverage.records_repaired) == ("utf-8", 3)


BINARY: list[tuple[str, Callable[[], bytes]]] = [
    ("random", lambda: bytes(range(256)) * 64),
    ("nul padded", lambda: b"id,name\n" + b"\x00" * 4096),
    ("controls", lambda: bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 500),
]


@pytest.mark.parametrize(("name", "build"), BINARY, ids=[b[0] for b in BINARY])
def test_what_is_not_text_is_refused(tmp_path: Path, name: str, build: Callable[[], bytes]) -> None:
    assert detect_encoding(build(), complete=True) is None
    path = tmp_path / "data.csv"
    path.write_bytes(build())
    with pytest.raises(ReadError, match="binary content, not CSV text"):
        read_all(open_table(path, "csv", None, Sampling()))


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_byte_order_mark_decides(mark: bytes, encoding: str) -> None:
    assert detect_encoding(mark + "a,b\n1,2\n".encode(encoding.removesuffix("-sig")), True) == (
        encoding
    )


def test_scanned_files_are_classified_and_their_encoding_recorded(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    for codec, kind, _ in CASES:
        (root / f"{codec}.csv").write_bytes(encoded(csv_text(kind), codec))
    (root / "cp1252.jsonl.gz").write_bytes(gzip.compress(encoded(jsonl_text("western"), "cp1252")))
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan(
        [LocalSource("s", root)]
    )
    details = {d.row.path: d for d in store.details("s")}
    recorded = {f"{codec}.csv": accepted for codec, _, accepted in CASES}
    recorded["cp1252.jsonl.gz"] = {"cp1252"}
    assert set(details) == set(recorded)
    for path, accepted in recorded.items():
        detail = details[path]
        assert detail.row.status == "ok", (path, detail.row.error)
        assert detail.row.coverage is not None and detail.row.coverage.rows_read == ROWS
        assert detail.row.coverage.encoding in accepted, path
        email = next(c for c in detail.columns if c.column == "email")
        assert "EMAIL_ADDRESS" in email.entity_types, path
