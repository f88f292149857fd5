"""Gazetteers load each table on first look-up, and take what the tables determine (the scripts
the names hold well, the country index) from the startup cache; answers are the same."""

from __future__ import annotations

import gzip
import threading
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from classifiers import startup_cache
from classifiers.gazetteers import derived
from classifiers.gazetteers.counts import gazetteer_counts
from classifiers.gazetteers.lookup import DATA, Gazetteers, _Keyed, _read, gazetteers

TABLES = ("given", "family", "places", "nrp", "common")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(startup_cache.CACHE_ENV, str(folder))
    return folder


def _rows(path: Path) -> dict[str, str]:
    """The table read row by row, as the gazetteers were first read."""
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        return dict(row.split("\t", 1) for row in rows.read().splitlines())


@pytest.mark.parametrize("table", TABLES)
def test_each_table_reads_as_row_by_row(table: str) -> None:
    path = DATA / f"{table}.tsv.gz"
    fast, rows = _read(path), _rows(path)
    assert fast == rows
    assert list(fast) == list(rows)  # the same order, for whatever iterates a table


@pytest.mark.parametrize(
    "text",
    ["anna\tgiven\nlyon\tcity,given\n", "anna\tgiven\r\nlyon\tcity\r\n", "a\tb\tc\nd\te\n"],
)
def test_a_file_of_another_shape_reads_as_before(text: str, tmp_path: Path) -> None:
    path = tmp_path / "t.tsv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    assert _read(path) == _rows(path)


def _reference_scripts(found: Gazetteers) -> frozenset[str]:
    """Each given and family name's first letter's script, counted name by name."""
    held: Counter[str] = Counter()
    for table in (found.given, found.family):
        for name in table:
            first = next((c for c in name if c.isalpha()), None)
            if first is not None:
                held[unicodedata.name(first, "UNKNOWN").split(" ", 1)[0]] += 1
    return frozenset(s for s, n in held.items() if n >= derived.THIN_SCRIPT)


def test_what_the_tables_determine_is_derived_then_read_from_the_cache(cache: Path) -> None:
    first = Gazetteers()
    made = first.derived
    assert made.rich_scripts == _reference_scripts(first)
    assert {"LATIN", "CYRILLIC", "CJK", "HANGUL"} <= made.rich_scripts
    assert "DEVANAGARI" not in made.rich_scripts
    countries = {
        name
        for name, kinds in first.places.items()
        if "country" in kinds.split(",") and len(name) >= derived.STEM and name.isalpha()
    }
    assert {n for names in made.countries.values() for n in names} == countries
    assert len(list(cache.glob(f"{derived.KIND}-*.json"))) == 1

    second = Gazetteers()
    assert second.derived == made
    assert not {"given", "family", "places"} & set(vars(second))  # no table was read


def test_a_damaged_cache_file_is_derived_again(cache: Path) -> None:
    made = Gazetteers().derived
    (stored,) = cache.glob(f"{derived.KIND}-*.json")
    text = stored.read_text(encoding="utf-8")
    stored.write_text(text.replace('"rich_scripts":[', '"rich_scripts":[1,'), encoding="utf-8")
    again = Gazetteers()
    assert again.derived == made
    assert "given" in vars(again)  # derived from the tables, not taken from the damaged file


def test_tables_are_read_when_first_looked_at(cache: Path) -> None:
    found = Gazetteers()
    assert not set(TABLES) & set(vars(found))
    assert "given" in found.value_kinds("Maria")
    assert {"given", "family", "places", "nrp"} <= set(vars(found))
    assert "common" not in vars(found)  # the common words serve only free text
    assert found.mentions("We love Marseille.") == {"city"}  # no locative: common words asked
    assert "common" in vars(found)


SAMPLE = [
    "Lyon", "Rio de Janeiro", "Lyon, France", "село Бердичів", "m. Wrocław", "渋谷区",
    "Maria Garcia", "Garcia, Maria", "Zoë Müller", "Acme GmbH", "Rumäne", "中国人", "Jackson",
    "hello world", "12 Main Street", "",
]  # fmt: skip
TEXTS = [
    "Moved to Lyon last year, then nach Köln.", "Reading the report from Santa Cruz de Tenerife",
    "Jackson called about St. Ives", "vive en Sevilla con su hermana", "no place here at all",
]  # fmt: skip


def _whole(found: Gazetteers) -> Gazetteers:
    """The same gazetteers with the places table read whole into a dict, as before."""
    found.__dict__["places"] = _read(DATA / "places.tsv.gz")
    return found


def test_places_found_by_the_keys_asked_for_give_the_whole_tables_answers() -> None:
    keyed, whole = Gazetteers(), _whole(Gazetteers())
    keyed.know(SAMPLE, free_text=False)
    keyed.know(TEXTS, free_text=True)
    assert [keyed.value_kinds(v) for v in SAMPLE] == [whole.value_kinds(v) for v in SAMPLE]
    assert [keyed.mentions(t) for t in TEXTS] == [whole.mentions(t) for t in TEXTS]
    assert any(keyed.value_kinds(v) & {"city", "town"} for v in SAMPLE)
    assert any(keyed.mentions(t) for t in TEXTS)
    assert keyed.places._whole is None  # every answer came from the one join


def test_a_column_counted_reads_no_whole_places_table() -> None:
    found = gazetteers()
    found.__dict__.pop("places", None)
    counts = gazetteer_counts(SAMPLE, free_text=False)
    assert counts.kinds.get("city", 0) > 0
    assert found.places._whole is None


def test_a_key_never_asked_for_reads_the_table_whole_and_answers_it() -> None:
    keyed = Gazetteers()
    keyed.know(["Lyon"], free_text=False)
    assert keyed.places._whole is None
    assert "city" in keyed.value_kinds("Paris")  # not known: the table is read whole
    assert keyed.places._whole is not None
    assert len(keyed.places) == len(_read(DATA / "places.tsv.gz"))


def test_recording_in_one_thread_leaves_another_threads_answers_alone() -> None:
    keyed = Gazetteers()
    answers: list[frozenset[str]] = []
    with keyed.places.recording() as keys:
        assert "city" not in keyed.value_kinds("Lyon")  # recording: no answer yet
        thread = threading.Thread(target=lambda: answers.append(keyed.value_kinds("Lyon")))
        thread.start()
        thread.join()
    assert "city" in answers[0]  # the other thread was answered (from the whole table)
    assert keys == {"lyon"}


def test_a_table_of_another_shape_is_read_whole_when_keys_are_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv.gz"
    path.write_bytes(gzip.compress(b"lyon\tcity\textra\nparis\tcity\n"))
    table = _Keyed(path)
    table.know(["lyon"])
    assert table._whole == _read(path)
    assert table.get("lyon") == "city\textra"
