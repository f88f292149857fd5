"""Sanitized copies in `make bench`: residual rate per entity type on sample_data (against its
answer keys, not our own detector), utility, joins, and throughput on the 1M-row table.

`python -m bench.sanitize [--table PARQUET]` runs this section alone.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gc
import gzip
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl
from rich.console import Console

from bench.floor import touch_every_value
from bench.report import Report
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetDetail
from classifiers.config import LocalSourceConfig, WardenConfig, ad_hoc_source, load_config
from classifiers.engines.factory import make_engine
from classifiers.gazetteers.lookup import gazetteers
from classifiers.model import Sensitivity
from classifiers.nlp import load_ner
from classifiers.policy import Policy
from classifiers.readers.nested import flatten_frame
from classifiers.rules import scan_rules
from classifiers.sanitize.copy import plan_table, sanitize_table, table_findings
from classifiers.sanitize.policy import sanitize_policy
from classifiers.sanitize.residual import MIN_CHARS, residual_rate, residual_values
from classifiers.sanitize.run import Sanitizer, SanitizeResult, dataset_frame
from classifiers.sanitize.settings import OperatorConfig
from classifiers.sanitize.write import (
    TEXT_COLUMN,
    Location,
    SanitizeError,
    read_table,
    table_bytes,
)
from classifiers.scan import Scanner, local_path
from classifiers.sources.local import LocalSource
from pipelines.settings import make_source, register_source

SECTION = "Sanitized copies (issue 17)"
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"
BENCH_KEY = {"WARDEN_SANITIZE_KEY": "bench-key-not-a-secret"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DIGIT_RUN = re.compile(r"(?<![\w+./-])\+?\(?\d[\d ().-]{5,}\d(?![\w.-]?\d)")
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
IPV4 = re.compile(r"(?<![\w./])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]?\d)")
CAPITALISED = re.compile(r"\b[A-Z][a-z'\u00e0-\u00ff-]+(?: [A-Z][a-z'\u00e0-\u00ff-]+)+")


def _config(work: Path) -> WardenConfig:
    config = load_config(REPO / "warden.yaml")
    sanitize = config.sanitize.model_copy(
        update={
            "output": str(work / "copies"),
            "operators": {"EMAIL_ADDRESS": OperatorConfig(operator="hash")},
        }
    )
    return config.model_copy(
        update={"catalog": f"sqlite:///{work / 'catalog.db'}", "sanitize": sanitize}
    )


def _labels() -> dict[tuple[str, str], tuple[str, ...]]:
    with (SAMPLE / "labels.csv").open(encoding="utf-8") as f:
        return {
            (r["dataset"], r["column"]): tuple(filter(None, r["entities"].split(";")))
            for r in csv.DictReader(f)
            if r["column"]
        }


def _bytes(uri: str, encoding: str | None) -> bytes:
    """The copy's bytes as UTF-8 (values are searched as UTF-8), gzip undone."""
    data = local_path(uri).read_bytes()
    data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    if encoding and encoding.replace("-", "_").lower() not in ("utf_8", "utf8", "ascii"):
        data = data.decode(encoding).encode("utf-8")
    return data


def _encoding(detail: DatasetDetail) -> str | None:
    return detail.row.coverage.encoding if detail.row.coverage is not None else None


def _frames(result: SanitizeResult, detail: DatasetDetail) -> tuple[pl.DataFrame, pl.DataFrame]:
    return dataset_frame(detail, detail.row.uri), dataset_frame(detail, result.uri)


def sanitize_estate(
    work: Path, skipped: list[str] | None = None
) -> tuple[CatalogStore, list[SanitizeResult], float]:
    """Scan sample_data (sample mode, as `warden scan`) and sanitize every sensitive dataset."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = _config(work)
    assert config.catalog is not None
    store = CatalogStore.open(config.catalog)
    ner = load_ner(background=True)
    rules = scan_rules(config)
    crawlers = [make_source(s) for s in config.sources]
    for source, crawler in zip(config.sources, crawlers, strict=True):
        register_source(store, source, crawler)
    Scanner(store, rules, make_engine(config, rules, ner)).scan(crawlers)  # type: ignore[arg-type]
    full = scan_rules(config, "full")
    scanner = Scanner(store, full, make_engine(config, full, ner))  # type: ignore[arg-type]
    location = Location(config.sanitize.output)
    sanitizer = Sanitizer(store, config, scanner, ner, location, BENCH_KEY, work / "gx_docs")
    results, started = [], time.perf_counter()
    for row in store.datasets():
        if row.kind != "dataset" or row.status != "ok" or row.sensitivity is None:
            continue
        if row.sensitivity <= Sensitivity.GENERAL:
            continue
        try:
            results.append(sanitizer.sanitize(f"{row.source}:{row.path}"))
        except SanitizeError:  # formats not sanitized yet (Word, PDF, a vector store)
            if skipped is not None:
                skipped.append(row.path)
    return store, results, time.perf_counter() - started


def _full_names(text: str) -> set[str]:
    """Capitalised word pairs and triples the name gazetteers call a full name: a detector
    independent of the NER model the sanitizer uses."""
    found = set()
    for match in CAPITALISED.finditer(text):
        words = match.group().split()
        for size in (3, 2):
            for start in range(len(words) - size + 1):
                candidate = " ".join(words[start : start + size])
                if "full_name" in gazetteers().value_kinds(candidate):
                    found.add(candidate)
    return found


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _numbers(text: str) -> tuple[set[str], set[str]]:
    """(phone numbers, card numbers) by a regex of digit runs with separators: 13 to 19
    digits passing Luhn are cards, other runs of 7 to 15 digits phones; dates and IP
    addresses are left out. Independent of the recognizers the sanitizer uses."""
    phones, cards = set(), set()
    for match in DIGIT_RUN.finditer(text):
        value = match.group().strip()
        digits = re.sub(r"\D", "", value)
        if DATE.fullmatch(value) or IPV4.fullmatch(value):
            continue
        if 13 <= len(digits) <= 19 and _luhn(digits) and "(" not in value and "+" not in value:
            cards.add(value)
        elif 7 <= len(digits) <= 15:
            phones.add(value)
    return phones, cards


def _ips(text: str) -> set[str]:
    """IPv4 addresses; not a version number after a slash (a user agent's Chrome/99.0.1.2)."""
    return {
        m.group()
        for m in IPV4.finditer(text)
        if all(int(part) <= 255 for part in m.group().split("."))
    }


def detected(entity: str, text: str) -> set[str] | None:
    """The values of `entity` in free text by a detector independent of the sanitizer's
    recognizers and NER; None for a type with no such detector."""
    match entity:
        case "EMAIL_ADDRESS":
            return set(EMAIL.findall(text))
        case "PERSON":
            return _full_names(text)
        case "PHONE_NUMBER":
            return _numbers(text)[0]
        case "CREDIT_CARD":
            return _numbers(text)[1]
        case "IP_ADDRESS":
            return _ips(text)
    return None


def _known_in(text: str, entity: str, known: dict[str, set[str]]) -> set[str]:
    """Values of `entity` from labelled structured columns that occur in `text` as whole
    words (full names only for PERSON): the generator often puts a row's own email or phone
    in its free text."""
    hits = set()
    for value in known.get(entity, ()):
        if entity == "PERSON" and " " not in value:
            continue
        if value in text and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            hits.add(value)
    return hits


def _free(detail: DatasetDetail) -> set[str]:
    """Free-text columns (a document is one: `text`)."""
    document = {"text"} if detail.document else set()
    return {c.column for c in detail.columns if c.free_text} | document


def _kept_cells(
    source: pl.DataFrame, labels: dict[str, tuple[str, ...]], planned: set[str]
) -> bytes:
    """The source's cells that are not sensitive by the answer key and that no operator
    touched: kept as they were (utility), so a value inside them stays in the copy."""
    levels = Policy()
    kept = [
        c
        for c in source.columns
        if c not in planned
        and all(levels.level_of(e) <= Sensitivity.GENERAL for e in labels.get(c, ()))
    ]
    cells = [v for c in kept for v in source[c].drop_nulls().cast(pl.String).to_list()]
    return "\n".join(cells).encode("utf-8")


def _missed_cells(
    source: pl.DataFrame, labels: dict[str, tuple[str, ...]], planned: set[str]
) -> bytes:
    """The cells of the source's columns labelled above General that no operator touched."""
    levels = Policy()
    missed = [
        c
        for c in source.columns
        if c not in planned
        and any(levels.level_of(e) > Sensitivity.GENERAL for e in labels.get(c, ()))
    ]
    cells = [v for c in missed for v in source[c].drop_nulls().cast(pl.String).to_list()]
    return "\n".join(cells).encode("utf-8")


@dataclass
class Residual:
    """One entity type's residual, split by where it comes from. Structured: columns the
    scan classified (an operator ran) and columns it missed (kept as they were)."""

    distinct: int = 0
    hits: int = 0
    in_kept: int = 0  # residual values that also occur inside kept non-sensitive cells
    classified: int = 0
    classified_hits: int = 0
    classified_not_kept: int = 0
    classified_in_missed: int = 0  # of those, inside a labelled column the scan missed
    classified_unexplained: int = 0  # neither: a leak of the sanitizer itself
    missed: int = 0
    missed_hits: int = 0
    no_detector: int = 0  # free-text columns labelled with a type no detector covers


def mask(value: str) -> str:
    """A value shown in a report: its first character and its length, never the value."""
    return f"{value[:1]}{'*' * (len(value) - 1)} ({len(value)} chars)"


@dataclass
class Leak:
    """A residual value from a column the scan classified, masked, with where it sits."""

    dataset: str
    column: str
    entity: str
    value: str  # masked
    copy_columns: tuple[str, ...]
    in_kept: bool
    in_missed: bool = False  # inside a labelled sensitive column the scan missed (kept as is)
    shape: str = ""  # free text: digits as 9, letters as a (no value)


class Counter:
    """Residuals per type ("structured: PERSON", "free text: PHONE_NUMBER") and the leaks."""

    def __init__(self) -> None:
        self.found: dict[str, Residual] = defaultdict(Residual)
        self.leaks: list[Leak] = []
        self.free_leaks: list[Leak] = []  # residuals in free-text columns the scan classified

    def structured(
        self,
        where: tuple[str, str, str],
        values: set[str],
        copy: bytes,
        cells: tuple[bytes, bytes],
        copy_frame: pl.DataFrame | None,
        planned: bool,
    ) -> None:
        """`cells`: the source's kept non-sensitive cells, and the cells of its labelled
        sensitive columns the scan missed (both stay in the copy as they were)."""
        dataset, column, entity = where
        kept, missed = cells
        hits = residual_values(values, copy)
        distinct = len({v for v in values if len(v) >= MIN_CHARS})
        r = self.found[f"structured: {entity}"]
        in_kept = {v for v in hits if v.encode("utf-8") in kept}
        r.distinct += distinct
        r.hits += len(hits)
        r.in_kept += len(in_kept)
        if not planned:
            r.missed, r.missed_hits = r.missed + distinct, r.missed_hits + len(hits)
            return
        r.classified, r.classified_hits = r.classified + distinct, r.classified_hits + len(hits)
        in_missed = {v for v in hits - in_kept if v.encode("utf-8") in missed}
        r.classified_not_kept += len(hits - in_kept)
        r.classified_in_missed += len(in_missed)
        r.classified_unexplained += len(hits - in_kept - in_missed)
        for value in sorted(hits):
            columns = () if copy_frame is None else _columns_holding(copy_frame, value)
            leak = Leak(dataset, column, entity, mask(value), columns, value in in_kept)
            self.leaks.append(dataclasses.replace(leak, in_missed=value in in_missed))

    def free(
        self,
        where: tuple[str, str, str],
        values: set[str] | None,
        copy: bytes,
        kept: bytes,
        planned: bool,
    ) -> None:
        dataset, column, entity = where
        r = self.found[f"free text: {entity}"]
        if values is None:
            r.no_detector += 1
            return
        hits = residual_values(values, copy)
        distinct = len({v for v in values if len(v) >= MIN_CHARS})
        r.distinct += distinct
        r.hits += len(hits)
        r.in_kept += len({v for v in hits if v.encode("utf-8") in kept})
        if not planned:
            r.missed, r.missed_hits = r.missed + distinct, r.missed_hits + len(hits)
            return
        r.classified, r.classified_hits = r.classified + distinct, r.classified_hits + len(hits)
        for value in sorted(hits):
            shape = re.sub(r"[^\W\d_]", "a", re.sub(r"\d", "9", value))
            leak = Leak(dataset, column, entity, mask(value), (column,), False, shape=shape)
            self.free_leaks.append(leak)


def _columns_holding(frame: pl.DataFrame, value: str) -> tuple[str, ...]:
    return tuple(
        c
        for c in frame.columns
        if not frame[c].dtype.is_nested()
        and frame[c].cast(pl.String).str.contains(value, literal=True).any()
    )


def _known(
    frames: Iterable[tuple[pl.DataFrame, dict[str, tuple[str, ...]], set[str]]],
) -> dict[str, set[str]]:
    """Per type, the labelled values (>= 4 characters) of every structured column."""
    known: dict[str, set[str]] = defaultdict(set)
    for frame, labels, free in frames:
        for column, entities in labels.items():
            if column in free or column not in frame.columns:
                continue
            values = frame[column].drop_nulls().cast(pl.String).to_list()
            for entity in entities:
                known[entity].update(v for v in values if len(v) >= MIN_CHARS)
    return known


def _count_table(
    counter: Counter,
    name: str,
    source: pl.DataFrame,
    copy_frame: pl.DataFrame | None,
    copy: bytes,
    labels: dict[str, tuple[str, ...]],
    planned: set[str],
    free: set[str],
    known: dict[str, set[str]],
) -> None:
    """One dataset's labelled columns above General: structured columns value by value,
    free-text columns by the independent detectors, per labelled type."""
    levels = Policy()
    kept = _kept_cells(source, labels, planned)
    missed = _missed_cells(source, labels, planned)
    for column in source.columns:
        entities = [e for e in labels.get(column, ()) if levels.level_of(e) > Sensitivity.GENERAL]
        values = source[column].drop_nulls()
        if not entities:
            continue
        if column in free and values.dtype == pl.String:
            text = "\n".join(values.to_list())
            for entity in entities:
                found = detected(entity, text)
                if found is not None:
                    found |= _known_in(text, entity, known)
                counter.free((name, column, entity), found, copy, kept, column in planned)
            continue
        wanted = set(values.cast(pl.String).to_list())
        for entity in entities:
            where = (name, column, entity)
            cells = (kept, missed)
            counter.structured(where, wanted, copy, cells, copy_frame, column in planned)


def residuals(store: CatalogStore, results: Iterable[SanitizeResult]) -> Counter:
    """Per entity type over sample_data's labelled columns above General (its answer keys):
    structured columns split into those the scan classified and those it missed; free-text
    columns per labelled type, the values found by detectors independent of the sanitizer
    (regexes for emails, phones, cards and IP addresses, the name gazetteers for full names)
    and the labelled structured values of the same type that occur in the text."""
    all_labels = _labels()
    tables = []
    for result in (r for r in results if r.passed):
        detail = store.dataset(result.source_ref)
        assert detail is not None
        source, copy_frame = _frames(result, detail)
        labels = {c: e for (d, c), e in all_labels.items() if d == detail.row.path}
        if detail.document:  # a document's label row names `content` (or `document`)
            labels = {TEXT_COLUMN: tuple(e for es in labels.values() for e in es)}
        tables.append((detail, result, source, copy_frame, labels))
    known = _known((t[2], t[4], _free(t[0])) for t in tables)
    counter = Counter()
    for detail, result, source, copy_frame, labels in tables:
        copy = _bytes(result.uri, _encoding(detail))
        planned = {p.column for p in result.plans}
        _count_table(counter, detail.row.path, source, copy_frame, copy, labels, planned,
                     _free(detail), known)  # fmt: skip
    return counter


def utility(results: Iterable[SanitizeResult], store: CatalogStore) -> tuple[int, int]:
    """(unchanged, total) cells of the columns no operator touched."""
    same = total = 0
    for result in results:
        detail = store.dataset(result.source_ref)
        if not result.passed or detail is None or detail.document:
            continue
        source, copy = _frames(result, detail)
        planned = {p.column for p in result.plans}
        for column in (c for c in source.columns if c not in planned):
            a, b = source[column], copy[column]
            equal = (a == b) | (a.is_null() & b.is_null())
            same += int(equal.fill_null(False).sum())
            total += source.height
    return same, total


def joins(results: Iterable[SanitizeResult], store: CatalogStore) -> tuple[int, int]:
    """Pairs of hashed columns: (pairs whose overlap of distinct values is kept, pairs)."""
    columns = []
    for result in (r for r in results if r.passed):
        detail = store.dataset(result.source_ref)
        assert detail is not None
        keyed = [p.column for p in result.plans if p.keyed]
        if keyed:
            source, copy = _frames(result, detail)
            columns += [(set(source[c].drop_nulls()), set(copy[c].drop_nulls())) for c in keyed]
    kept = pairs = 0
    for i, (a_source, a_copy) in enumerate(columns):
        for b_source, b_copy in columns[i + 1 :]:
            pairs += 1
            kept += len(a_source & b_source) == len(a_copy & b_copy)
    return kept, pairs


def throughput(report: Report, console: Console, table: Path) -> None:
    """Sanitize the generated table (plans from a sample-mode classification; no NER) against
    the Polars floor of reading it and touching every value."""
    config = _config(table.parent / "sanitize_throughput")
    rules = scan_rules(config)
    scanner = Scanner(None, rules, make_engine(config, rules, None))  # type: ignore[arg-type]
    obj = next(iter(make_source(_adhoc(table)).crawl()))
    findings, _ = scanner.classify(obj, public=False)
    policy = sanitize_policy(config.sanitize, rules.policy, BENCH_KEY)
    plans = plan_table(table_findings(findings.columns), policy)
    frame = pl.read_parquet(table)

    def run() -> int:
        copy = sanitize_table(frame, plans, policy, rules.registry, None)
        return len(table_bytes(copy.frame, "parquet", False))

    structured = [p for p in plans if not p.free_text]

    def run_structured() -> int:
        return sanitize_table(frame, structured, policy, rules.registry, None).frame.height

    floor = _timed(2, lambda: touch_every_value(table))
    timed = _timed(1, run)
    columns_only = _timed(1, run_structured)
    rows = frame.height
    ops = ", ".join(f"{p.column}: {'text' if p.free_text else p.operator.name}" for p in plans)
    report.add(
        SECTION,
        f"sanitize {rows:,} rows (Parquet in memory -> bytes)",
        timed.wall,
        unit="s",
        text=timed.text,
        how=f"1 run; {rows / timed.wall:,.0f} rows/s (wall); {ops}",
    )
    report.add(
        SECTION,
        f"... of which the {len(structured)} structured columns alone (in memory)",
        columns_only.wall,
        unit="s",
        text=columns_only.text,
        how="1 run; operators as Polars expressions; HMAC per distinct value where values repeat",
    )
    report.add(
        SECTION,
        "Polars read floor of the same file",
        floor.wall,
        unit="s",
        text=floor.text,
        how=f"best of 2 (by wall); sanitize / floor = {timed.wall / floor.wall:.1f}x wall, "
        f"{timed.cpu / floor.cpu:.1f}x CPU",
    )
    console.print(f"sanitize {rows:,} rows: {timed.text} (floor {floor.text})")


@dataclass(frozen=True)
class WallCpu:
    """One run's wall time and this process's CPU time (every thread, user and system)."""

    wall: float
    cpu: float

    @property
    def text(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _timed(runs: int, work: Callable[[], object]) -> WallCpu:
    """The run with the best wall time of `runs`, with its CPU time from the same run."""
    best: WallCpu | None = None
    for _ in range(max(runs, 1)):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        took = WallCpu(time.perf_counter() - wall, time.process_time() - cpu)
        best = took if best is None or took.wall < best.wall else best
    assert best is not None
    return best


def _adhoc(path: Path) -> LocalSourceConfig:
    return ad_hoc_source(path)


FREE_KINDS = ("tickets", "access_log", "app_log")  # the corpus's kinds of text with spans in it


def corpus_residuals(work: Path) -> tuple[Counter, int]:
    """The evaluation corpus (bench/evalcorpus): every table scanned (sample mode), sanitized
    in memory (no verification: the figure is the operators' and the findings' reach) and
    searched for its labelled values above General: structured columns value by value (split
    into columns the scan classified and columns it missed), text columns (the answer key's
    kinds in FREE_KINDS) per labelled type by the independent detectors."""
    from bench.evalcorpus.corpus import DATA, ensure

    root = ensure()
    labels: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    free: dict[str, set[str]] = defaultdict(set)
    with (root / "labels.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            labels[r["table"]][r["column"]] = tuple(filter(None, r["entities"].split(";")))
            if r["kind"] in FREE_KINDS:
                free[r["table"]].add(r["column"])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = _config(work)
    store = CatalogStore.open(f"sqlite:///{work / 'catalog.db'}")
    store.ensure_source("evalcorpus", "local", str(root / DATA), False, [])
    ner, rules = load_ner(background=True), scan_rules(config)
    source = LocalSource("evalcorpus", root / DATA)
    Scanner(store, rules, make_engine(config, rules, ner)).scan([source])  # type: ignore[arg-type]
    policy = sanitize_policy(config.sanitize, rules.policy, BENCH_KEY)
    tables = []
    for detail in store.details():
        if detail.row.status != "ok" or detail.row.kind != "dataset":
            continue
        try:
            frame = dataset_frame(detail, detail.row.uri)
        except SanitizeError:
            continue
        plans = plan_table(table_findings(detail.columns), policy)
        copy = sanitize_table(frame, plans, policy, rules.registry, ner).frame
        tables.append((detail, frame, copy, {p.column for p in plans}))
    known = _known((t[1], labels[t[0].row.path], free[t[0].row.path]) for t in tables)
    counter = Counter()
    for detail, frame, copy, planned in tables:
        path = detail.row.path
        data = table_bytes(copy, detail.row.format, False)
        _count_table(counter, path, frame, copy, data, labels[path], planned, free[path], known)
    store.close()
    return counter, len(tables)


# crm/customers.csv as nested records: its labelled columns above General at these paths.
NESTED_LABELS = {
    "person.name": "PERSON",
    "person.contact.email": "EMAIL_ADDRESS",
    "person.contact.phone": "PHONE_NUMBER",
    "person.born": "DATE_TIME",
    "addresses[].street": "LOCATION/STREET_ADDRESS",
}
NESTED_FILES = ("nested/customers.jsonl", "nested/customers.parquet")


def _nested_estate(folder: Path) -> None:
    rows = pl.read_csv(SAMPLE / "crm" / "customers.csv", infer_schema=False)
    contact = pl.struct("email", "phone").alias("contact")
    person = pl.struct(
        pl.col("full_name").alias("name"), contact, pl.col("date_of_birth").alias("born")
    )
    address = pl.struct(pl.col("street_address").alias("street"), "city", "postcode", "country")
    records = rows.select(
        "customer_id", person.alias("person"), pl.concat_list(address).alias("addresses"),
        "signup_ts",
    )  # fmt: skip
    folder.mkdir(parents=True)
    records.write_ndjson(folder / "customers.jsonl")
    records.write_parquet(folder / "customers.parquet")


def nested_residuals(work: Path) -> tuple[dict[str, list[int]], int, int]:
    """crm/customers.csv rewritten as nested records (JSON Lines, Parquet), scanned (sample
    mode), sanitized and verified. Per labelled path: [residual, distinct], searched in the
    copy's records as JSON text; with (copies verified, copies)."""
    shutil.rmtree(work, ignore_errors=True)
    _nested_estate(work / "estate" / "nested")
    config = _config(work)
    source = ad_hoc_source(work / "estate").model_copy(update={"name": "nested"})
    config = config.model_copy(update={"sources": [source]})
    store = CatalogStore.open(f"sqlite:///{work / 'catalog.db'}")
    ner, rules = load_ner(background=True), scan_rules(config)
    crawler = make_source(source)
    register_source(store, source, crawler)
    Scanner(store, rules, make_engine(config, rules, ner)).scan([crawler])  # type: ignore[arg-type]
    full = scan_rules(config, "full")
    scanner = Scanner(store, full, make_engine(config, full, ner))  # type: ignore[arg-type]
    location = Location(config.sanitize.output)
    sanitizer = Sanitizer(store, config, scanner, ner, location, BENCH_KEY, work / "gx_docs")
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    passed = 0
    for relative in NESTED_FILES:
        result = sanitizer.sanitize(f"nested:{relative}")
        passed += result.passed
        fmt = "jsonl" if relative.endswith(".jsonl") else "parquet"
        original = flatten_frame(read_table(work / "estate" / relative, fmt))
        copy = flatten_frame(read_table(local_path(result.uri), fmt)).write_ndjson()
        for path, entity in NESTED_LABELS.items():
            values = original[path].explode() if "[]" in path else original[path]
            hit, total = residual_rate(values.drop_nulls().to_list(), copy.encode("utf-8"))
            found[f"{entity} at {path}"][0] += hit
            found[f"{entity} at {path}"][1] += total
    store.close()
    return dict(found), passed, len(NESTED_FILES)


def _rate(hit: int, total: int) -> str:
    return f"{hit / total if total else 0.0:.3f} ({hit:,}/{total:,})"


def report_residuals(report: Report, console: Console, where: str, counter: Counter) -> None:
    """Per type, and for structured columns the four figures: the residual as the issue
    defines it, the part inside kept non-sensitive cells, the residual of the columns the
    scan classified (and of those, the part not inside kept cells: a sanitizer leak) and
    the residual of the columns it missed."""
    found = counter.found
    structured = {e: r for e, r in found.items() if e.startswith("structured")}
    total = Residual()
    for r in structured.values():
        for name, value in asdict(r).items():
            setattr(total, name, getattr(total, name) + value)
    summary = (
        ("(a) as the issue defines it", total.hits, total.distinct),
        ("(b) of (a), values also inside kept non-sensitive cells", total.in_kept, total.hits),
        ("(c) columns the scan classified", total.classified_hits, total.classified),
        ("(c') of (c), not inside kept cells", total.classified_not_kept, total.classified),
        ("(c'') of (c'), not inside a missed column either", total.classified_unexplained,
         total.classified),
        ("(d) columns the scan missed", total.missed_hits, total.missed),
    )  # fmt: skip
    for name, hit, distinct in summary:
        report.add(
            SECTION,
            f"{where}: structured residual, all types, {name}",
            hit / distinct if distinct else 0.0,
            text=_rate(hit, distinct),
            target="0" if name.startswith("(c'')") else "",
            passed=hit == 0 if name.startswith("(c'')") else None,
        )
    for entity, r in sorted(found.items()):
        free = entity.startswith("free text")
        how = (
            f"inside kept cells {r.in_kept}; classified columns {r.classified_hits}/"
            f"{r.classified}; missed columns {r.missed_hits}/{r.missed}"
            + (f"; {r.no_detector} column(s) with no independent detector" if free else "")
            if free
            else f"inside kept cells {r.in_kept}; classified columns {r.classified_hits}/"
            f"{r.classified} ({r.classified_not_kept} not inside kept cells, of which "
            f"{r.classified_in_missed} inside a missed column); missed columns "
            f"{r.missed_hits}/{r.missed}"
        )
        report.add(
            SECTION,
            f"{where}: residual rate, {entity}",
            r.hits / r.distinct if r.distinct else 0.0,
            text=_rate(r.hits, r.distinct),
            how=how,
        )
    key = "sanitize_residuals_" + where.split()[0].replace("_", "")
    report.details[key] = {e: asdict(r) for e, r in found.items()}
    report.details[key + "_leaks"] = [asdict(leak) for leak in counter.leaks]
    report.details[key + "_free_text_leaks"] = [asdict(leak) for leak in counter.free_leaks]
    for leak in counter.free_leaks:
        console.print(
            f"{where}: free text {leak.dataset}:{leak.column}: {leak.entity} {leak.value} "
            f"still in the copy" + (f", shape {leak.shape}" if leak.entity != "PERSON" else "")
        )
    places: dict[tuple[str, str, str, tuple[str, ...], bool, bool], list[Leak]] = defaultdict(list)
    for leak in counter.leaks:
        place = (leak.dataset, leak.column, leak.entity, leak.copy_columns)
        places[(*place, leak.in_kept, leak.in_missed)].append(leak)
    for (dataset, column, entity, columns, in_kept, in_missed), leaks in sorted(places.items()):
        count, example = len(leaks), leaks[0].value
        console.print(
            f"{where}: {count} {entity} value(s) of classified {dataset}:{column} still in the "
            f"copy, in column(s) {', '.join(columns) or '-'}"
            f"{' (also in kept cells)' if in_kept else ''}"
            f"{' (also in a column the scan missed)' if in_missed else ''}; e.g. {example}"
        )


def measure_sanitize(report: Report, console: Console, out: Path, table: Path | None) -> None:
    skipped: list[str] = []
    store, results, seconds = sanitize_estate(out / "sanitize", skipped)
    passed = sum(r.passed for r in results)
    report.add(
        SECTION,
        "sample_data datasets above General sanitized and verified",
        passed,
        text=f"{passed}/{len(results)}",
        how=f"{seconds:.0f} s with GX and full rescans; not sanitized (format): "
        + (", ".join(skipped) or "none"),
    )
    report_residuals(report, console, "sample_data", residuals(store, results))
    same, total = utility(results, store)
    report.add(
        SECTION,
        "utility: non-sensitive cells unchanged",
        same / total if total else 1.0,
        text=f"{same / total:.4f} ({same:,}/{total:,})" if total else "-",
        target="1.0",
        passed=same == total,
    )
    kept, pairs = joins(results, store)
    report.add(
        SECTION,
        "join keys (HMAC) still join: pairs of columns",
        kept,
        text=f"{kept}/{pairs}",
        target="all",
        passed=kept == pairs,
    )
    store.close()
    nested, verified, copies = nested_residuals(out / "sanitize_nested")
    hit, total = sum(v[0] for v in nested.values()), sum(v[1] for v in nested.values())
    report.add(
        SECTION,
        "nested records (crm/customers.csv as JSON Lines and Parquet): residual rate, 5 paths",
        hit / total if total else 0.0,
        text=f"{hit / total if total else 0.0:.3f} ({hit}/{total}); {verified}/{copies} verified",
        target="0",
        passed=hit == 0 and verified == copies,
        how=", ".join(f"{p} {h}/{t}" for p, (h, t) in sorted(nested.items())),
    )
    corpus, tables = corpus_residuals(out / "sanitize_corpus")
    report_residuals(report, console, f"evaluation corpus ({tables} tables)", corpus)
    if table is not None:
        throughput(report, console, table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--table", type=Path, help="a generated Parquet table (bench/out/...)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    report, console = Report(), Console()
    measure_sanitize(report, console, args.out, args.table)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
