"""The evaluation corpus: reproducible, fully labelled, split once, and scored correctly."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from faker import Faker
from presidio_analyzer.predefined_recognizers import CryptoRecognizer
from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.es import nif
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.pl import pesel
from stdnum.us import ssn

from bench.evalcorpus import bench_section, corpus, split
from bench.evalcorpus.build import BuiltTable, build_table
from bench.evalcorpus.chains import bitcoin_bech32, bitcoin_legacy, eip55, ethereum_address
from bench.evalcorpus.context import ID_LOCALES, Context
from bench.evalcorpus.identifiers import national_id, uk_nino
from bench.evalcorpus.plan import plan
from bench.evalcorpus.results import evaluate
from bench.evalcorpus.scan import CorpusScan
from bench.evalcorpus.score import TypeScore, canonical, score_columns
from bench.evalcorpus.show import markdown
from bench.evalcorpus.text import MIN_SHARE, SLOTS
from bench.evalcorpus.truth import expected_level
from bench.evalcorpus.writers import ENCODERS
from bench.report import Report
from classifiers.model import Sensitivity

REPO = Path(__file__).resolve().parents[1]
ROWS = 12  # enough rows for every kind of column, few enough to build twice in seconds
VALID = {
    "US_SSN": ssn.is_valid, "ES_NIF": nif.is_valid, "IT_FISCAL_CODE": codicefiscale.is_valid,
    "DE_TAX_ID": idnr.is_valid, "PL_PESEL": pesel.is_valid, "UK_NHS": nhs.is_valid,
    "IN_AADHAAR": aadhaar.is_valid, "IN_PAN": pan.is_valid,
}  # fmt: skip


@pytest.fixture(scope="module")
def built() -> list[BuiltTable]:
    return corpus.build_all(rows=ROWS)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generation_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", rows=ROWS)
    corpus.generate(tmp_path / "b", rows=ROWS)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) >= 80 + 3  # the tables, labels.csv, labels_datasets.csv, MARKER
    assert first == second


def test_the_corpus_does_not_depend_on_the_day_it_is_built() -> None:
    """Faker dates birth dates and identity numbers back from today: built on two days, the
    tables are the same (on the real clock, 14 of the 122 tables differed)."""
    days = (dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC), dt.datetime(2031, 8, 15, tzinfo=dt.UTC))
    built = []
    for day in days:
        with time_machine.travel(day, tick=False):
            built.append([(t.plan.name, t.columns) for t in corpus.build_all(rows=ROWS)])
    assert built[0] == built[1]


def test_the_corpus_is_made_once_per_generator_version(tmp_path: Path) -> None:
    root = corpus.ensure(tmp_path, rows=ROWS)
    made = (root / "MARKER").stat().st_mtime_ns
    assert corpus.ensure(tmp_path, rows=ROWS) == root
    assert (root / "MARKER").stat().st_mtime_ns == made
    assert (root / "labels.csv").exists() and len(list((root / corpus.DATA).rglob("*.*"))) >= 80
    assert [p.name for p in tmp_path.iterdir()] == [root.name]  # no half-built folder left


_DIGESTS = """
import hashlib, sys
from bench.evalcorpus.build import BuiltTable, build_table
from bench.evalcorpus.plan import plan
from bench.evalcorpus.writers import ENCODERS
for p in plan()[::SAMPLE]:
    print(p.name, hashlib.sha256(ENCODERS[p.fmt](build_table(p, ROWS))).hexdigest())
"""


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    """Another process with another hash seed: nothing may depend on set or dict order."""
    code = _DIGESTS.replace("SAMPLE", "9").replace("ROWS", str(ROWS))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, timeout=120, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    here = {p.name: p for p in plan()[::9]}
    digests = dict(line.split() for line in other.splitlines())
    assert sorted(digests) == sorted(here)
    for name, digest in digests.items():
        table = build_table(here[name], ROWS)
        assert hashlib.sha256(ENCODERS[here[name].fmt](table)).hexdigest() == digest, name


def test_a_table_is_the_same_built_alone_or_after_others(built: list[BuiltTable]) -> None:
    for table in (built[-1], built[40]):
        alone = build_table(table.plan, ROWS)
        assert alone.columns == table.columns and alone.labels == table.labels


def test_some_columns_have_missing_values(built: list[BuiltTable]) -> None:
    gappy = [n for t in built for n, v in t.columns.items() if None in v]
    total = sum(len(t.columns) for t in built)
    assert 0.2 < len(gappy) / total < 0.45


def test_labels_match_the_committed_answer_key(built: list[BuiltTable], tmp_path: Path) -> None:
    corpus.write_labels(tmp_path / "labels.csv", (c for t in built for c in t.labels))
    assert (tmp_path / "labels.csv").read_text() == corpus.KEYS.read_text()


def test_free_text_holds_each_labelled_type_in_a_tenth_of_rows() -> None:
    tickets = [p for p in plan() if p.theme.name == "support_tickets"]
    for table_plan in tickets:
        table = build_table(table_plan, corpus.ROWS)
        (label,) = [c for c in table.labels if c.kind == "tickets"]
        rows = [v for v in table.columns[label.column] if v is not None]
        assert set(label.entities) == set(SLOTS)
        for entity, templates in SLOTS.items():
            marks = [t.split("{}")[0] or t.split("{}")[1] for t in templates]
            share = sum(any(m in row for m in marks) for row in rows) / len(rows)
            assert share >= MIN_SHARE, (table_plan.name, entity, share)


def test_split_covers_every_table_once_and_never_moves() -> None:
    tables = plan()
    committed = split.read()
    assert sorted(committed) == sorted(t.name for t in tables)
    assert set(committed.values()) == {"dev", "test"}
    assert split.extend(committed, tables) == committed  # the split command changes nothing
    first_draw = tables[:95]  # the tables of the first draw, before themes were appended
    assert split.draw(first_draw) == {t.name: committed[t.name] for t in first_draw}
    for half in ("dev", "test"):
        mine = [t for t in tables if committed[t.name] == half]
        assert {t.fmt for t in mine} == {t.fmt for t in tables}
        assert {t.theme.people for t in mine} == {True, False}
        assert sum(1 for t in mine if not t.theme.people) >= 10  # hard-negative tables
        assert len({t.locale for t in mine}) >= 20


def test_each_half_has_many_languages_and_hard_negatives(built: list[BuiltTable]) -> None:
    committed = split.read()
    for half in ("dev", "test"):
        labels = [c for t in built if committed[t.plan.name] == half for c in t.labels]
        assert len({c.name_lang for c in labels if c.name_lang}) >= 8
        assert sum(1 for c in labels if c.hard) >= 50
        sensitive = [c for c in labels if c.entities]
        assert sum(c.unhelpful for c in sensitive) / len(sensitive) >= 0.25


def test_corpus_size_languages_and_unhelpful_names(built: list[BuiltTable]) -> None:
    assert len(built) >= 80
    assert all(t.labels for t in built)
    labels = [c for t in built for c in t.labels]
    assert {c.table for c in labels} == {t.plan.name for t in built}
    assert sum(1 for c in labels if c.hard and not c.entities) >= 100
    assert len({c.name_lang for c in labels if c.name_lang}) >= 8
    sensitive = [c for c in labels if c.entities]
    assert sum(c.unhelpful for c in sensitive) / len(sensitive) >= 0.25
    assert {t.plan.library for t in built} == {"faker", "mimesis"}


def test_mixed_identifier_columns_hold_each_labelled_type_in_a_tenth_of_values() -> None:
    mixed = [p for p in plan() if p.theme.name == "id_documents"]
    for table_plan in mixed:
        table = build_table(table_plan, 60)
        (label,) = [c for c in table.labels if c.kind == "mixed_ids"]
        values = [v for v in table.columns[label.column] if v is not None]
        assert len(label.entities) >= 3
        for entity in label.entities:
            check = VALID.get(entity, lambda v: bool(v))
            if entity == "UK_NINO":
                check = lambda v: v[:2].isalpha() and v[-1] in "ABCD"  # noqa: E731
            assert sum(bool(check(v)) for v in values) >= 0.1 * len(values), entity


@pytest.mark.parametrize("entity", sorted(VALID))
def test_identifiers_validate(entity: str) -> None:
    fake, rng = Faker(list(ID_LOCALES)), random.Random(7)
    fake.seed_instance(7)
    assert all(VALID[entity](national_id(entity, fake, rng)) for _ in range(50))


def test_uk_nino_avoids_prefixes_never_issued() -> None:
    rng = random.Random(3)
    prefixes = {uk_nino(rng).replace(" ", "")[:2] for _ in range(400)}
    assert not prefixes & {"BG", "GB", "NK", "KN", "NT", "TN", "ZZ"}
    assert not any(p[0] in "DFIQUV" or p[1] in "DFIOQUV" for p in prefixes)


def test_crypto_addresses_carry_valid_checksums() -> None:
    # EIP-55's own example address, from its lower-case form.
    assert eip55("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == (
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    )
    rng, crypto = random.Random(5), CryptoRecognizer()
    for _ in range(20):
        assert crypto.validate_result(bitcoin_legacy(rng))
        assert crypto.validate_result(bitcoin_bech32(rng))
        address = ethereum_address(rng)
        assert eip55(address) == address and address != address.lower()


def test_cards_and_ibans_validate(built: list[BuiltTable]) -> None:
    values: dict[str, list[str]] = {"card": [], "iban": []}
    for table in built:
        for c in table.labels:
            if c.kind in values:
                values[c.kind] += [v for v in table.columns[c.column] if v is not None]
    assert len(values["card"]) > 50 and len(values["iban"]) > 50
    assert all(luhn.is_valid(v.replace(" ", "")) for v in values["card"])
    assert all(iban.is_valid(v) for v in values["iban"])


def test_cities_are_real_places_where_faker_invents_them() -> None:
    ctx = Context.seeded("en_US", "faker", 11)
    names = {ctx.city() for _ in range(30)}
    assert not any(n.endswith(("mouth", "borough", "furt", "fort")) for n in names)


def test_scorer_arithmetic_and_canonical_places() -> None:
    labels = {("t", "a"): ["PERSON"], ("t", "b"): ["UK_POSTCODE"], ("t", "c"): [],
              ("t", "d"): ["EMAIL_ADDRESS", "PHONE_NUMBER"]}  # fmt: skip
    found = {("t", "a"): ["PERSON"], ("t", "b"): ["POSTCODE", "STREET_ADDRESS"],
             ("t", "c"): ["PHONE_NUMBER"], ("t", "d"): ["EMAIL_ADDRESS"]}  # fmt: skip
    result = score_columns(labels, found)
    micro = result.micro
    assert (micro.tp, micro.fp, micro.fn) == (3, 1, 1)
    assert micro.precision == micro.recall == micro.f1 == pytest.approx(0.75)
    phone = next(t for t in result.per_type if t.entity == "PHONE_NUMBER")
    assert (phone.tp, phone.fp, phone.fn, phone.f1) == (0, 1, 1, 0.0)
    assert result.macro_f1 == pytest.approx(0.75)  # PERSON, LOCATION, EMAIL 1.0; PHONE 0.0
    assert canonical(["DE_PLZ", "CA_POSTAL_CODE", "LOCATION"]) == {"LOCATION"}
    assert TypeScore("CA_SIN", tp=0, fp=2, fn=0).shown == ("0.00", "-", "0.00")
    assert TypeScore("GENDER", tp=0, fp=0, fn=3).shown == ("-", "0.00", "0.00")


def test_expected_level_follows_the_policy() -> None:
    assert expected_level({"LOCATION"}, {"CITY"}) == Sensitivity.GENERAL
    assert expected_level({"US_SSN"}) == Sensitivity.HIGHLY_CONFIDENTIAL
    assert expected_level({"PERSON"}) == Sensitivity.CONFIDENTIAL
    # a name with a birth date and a postcode: the policy's quasi-identifier combination
    assert expected_level({"PERSON", "DATE_TIME", "LOCATION"}, {"POSTCODE"}) == (
        Sensitivity.HIGHLY_CONFIDENTIAL
    )
    assert expected_level(set()) == Sensitivity.GENERAL


def _write(path: Path, header: tuple[str, ...], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_under_classified_tables_and_flagged_negatives(tmp_path: Path) -> None:
    fields = corpus.LABEL_FIELDS
    _write(tmp_path / "labels.csv", fields, [
        ("a.csv", "name", "PERSON", "", "full_name", 0, 0, "en"),
        ("a.csv", "ssn", "US_SSN", "", "id_us_ssn", 0, 1, ""),
        ("b.csv", "sku", "", "", "sku", 1, 0, "en"),
        ("c.csv", "city", "LOCATION", "CITY", "city", 0, 0, "en"),
    ])  # fmt: skip
    scan = CorpusScan(
        found={
            ("a.csv", "name"): ("PERSON",),
            ("b.csv", "sku"): ("PHONE_NUMBER",),
            ("c.csv", "city"): ("LOCATION",),
        },
        reasons={("b.csv", "sku"): ("120 of 120 values are PHONE_NUMBER",)},
        levels={"a.csv": Sensitivity.CONFIDENTIAL, "b.csv": Sensitivity.CONFIDENTIAL},
        errors={},
    )
    result = evaluate("all", {"a.csv", "b.csv", "c.csv"}, tmp_path, scan)
    assert result.under_classified == (
        "a.csv: expected Highly Confidential, got Confidential (missed: US_SSN)",
        "c.csv: expected General, got not classified (missed: none)",
    )
    (flagged,) = result.flagged_negatives
    assert (flagged.column, flagged.extra, flagged.reasons) == (
        "sku",
        ("PHONE_NUMBER",),
        ("120 of 120 values are PHONE_NUMBER",),
    )
    assert {(m.column, m.missed) for m in result.misses} >= {("ssn", ("US_SSN",))}
    assert result.hard_negatives == 1 and result.columns == 4
    assert result.unreported == ("a.csv:ssn",)
    assert result.found_by_naming == (("lang:en", 2, 2), ("named", 2, 2), ("unhelpful", 0, 1))


def test_bench_reports_both_halves_and_the_test_half_per_type(tmp_path: Path) -> None:
    _write(tmp_path / "labels.csv", corpus.LABEL_FIELDS, [
        ("a.csv", "name", "PERSON", "", "full_name", 0, 0, "en"),
        ("a.csv", "mail", "EMAIL_ADDRESS", "", "email", 0, 0, "en"),
    ])  # fmt: skip
    scan = CorpusScan({("a.csv", "mail"): ("EMAIL_ADDRESS",)}, {}, {}, {})
    report = Report()
    for half in ("dev", "test"):
        bench_section.add_split(report, evaluate(half, {"a.csv"}, tmp_path, scan), half)
    bench_section.add_per_type(report, evaluate("test", {"a.csv"}, tmp_path, scan))
    figures = {(f.section, f.name): f for f in report.figures}
    test = figures[(bench_section.SECTION, "test half (test): column micro P/R/F1")]
    assert test.text == "P 1.000  R 0.500  F1 0.667" and test.passed is False
    assert figures[(bench_section.SECTION, "dev half (dev): column micro P/R/F1")].passed is None
    person = figures[(bench_section.PER_TYPE, "PERSON")]
    assert person.how == "support 1 (TP 0, FP 0, FN 1)"
    table = markdown(evaluate("test", {"a.csv"}, tmp_path, scan)).splitlines()
    assert "| PERSON | - | 0.00 | 0.00 | 1 |" in table  # nothing reported: no precision
    assert table[-1] == "| **all (micro)** | 1.00 | 0.50 | 0.67 | 2 |"
