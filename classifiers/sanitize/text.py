"""Free text anonymized span by span: Warden's recognizers (the scan's registry) and NER find
the spans, Presidio's anonymizer replaces them with each entity type's operator."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl
from presidio_anonymizer import AnonymizerEngine, RecognizerResult
from presidio_anonymizer.entities import OperatorConfig

from classifiers.confirm import CONTEXT_BOOST
from classifiers.entities import policy_key
from classifiers.nlp import NER_ENTITIES, NerEngine
from classifiers.recognizers.registry import Prefilter, RecognizerSpec, Registry
from classifiers.sanitize.policy import Operator, SanitizeKey, SanitizePolicy
from classifiers.sanitize.text_hits import confirm_text, polars_hits, prune

logger = logging.getLogger(__name__)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")


@dataclass(frozen=True)
class TextRemoval:
    """What to take out of free text: recognizers to run, NER types, each type's operator."""

    specs: tuple[RecognizerSpec, ...]
    ner_entities: frozenset[str]
    policy: SanitizePolicy
    found: frozenset[str] = frozenset()  # types the scan found here: every hit is removed
    min_score: float = 0.5  # other types' hits count from this score (as the scan's do)

    def counts(self, entity: str, score: float) -> bool:
        return policy_key(entity) in self.found or score >= self.min_score

    def operators(self) -> dict[str, OperatorConfig]:
        entities = {s.entity for s in self.specs} | set(self.ner_entities)
        policy = self.policy
        return {e: _presidio(e, policy.operator_for(policy_key(e)), policy) for e in entities}


def text_removal(
    registry: Registry,
    policy: SanitizePolicy,
    found: Sequence[str],
    ner: NerEngine | None,
    min_score: float = 0.5,
) -> TextRemoval:
    """Every type above the target, and every type the scan found in the column (`found`)."""
    wanted = set(found)

    def removed(entity: str) -> bool:
        key = policy_key(entity)
        return key in wanted or policy.levels.level_of(key) > policy.target

    def reachable(spec: RecognizerSpec) -> bool:
        """A recognizer whose hits can never count here is not run (a weak pattern that
        flags every row would cost a confirmation per row for nothing)."""
        if policy_key(spec.entity) in wanted or spec.validates:
            return True
        return spec.base_score + CONTEXT_BOOST >= min_score

    specs = tuple(s for s in registry.specs if removed(s.entity) and reachable(s))
    ner_types = frozenset(e for e in NER_ENTITIES if removed(e)) if ner is not None else frozenset()
    if ner is None and any(e.split("/")[0] in NER_ENTITIES for e in wanted):
        logger.warning("no NER model: names and places in free text cannot be removed")
    return TextRemoval(specs, ner_types, policy, frozenset(found), min_score)


def _presidio(entity: str, operator: Operator, policy: SanitizePolicy) -> OperatorConfig:
    """Presidio's operator for one type; Warden's keyed hash and generalisations as custom."""
    key = policy.require_key(operator)
    match operator.name:
        case "keep" | "replace":  # a type kept in columns is still above target in free text
            return OperatorConfig("replace", {"new_value": f"<{entity}>"})
        case "redact":
            return OperatorConfig("redact", {})
        case "mask":
            return OperatorConfig(
                "mask",
                {"masking_char": operator.masking_char, "chars_to_mask": 10**6, "from_end": False},
            )
        case "prefix":
            return OperatorConfig("custom", {"lambda": lambda text: text[: operator.chars]})
        case "year":
            return OperatorConfig("custom", {"lambda": _year_or_tag(entity)})
        case "hash":
            assert key is not None
            return OperatorConfig("custom", {"lambda": _pseudonym(entity, key)})
        case "encrypt":
            assert key is not None
            return OperatorConfig("encrypt", {"key": key.aes_key})


_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def _pseudonym(entity: str, key: SanitizeKey) -> Callable[[str], str]:
    """A keyed tag, the same for the same value: `<EMAIL_ADDRESS:kfpaobcdnmel>`. Letters only,
    so the hash in running text never reads as an ID number (hex digits do: a rescan took
    `ab1234567` in one for a DEA number)."""

    def tag(text: str) -> str:
        return f"<{entity}:{key.hmac_hex(text)[:12].translate(_LETTERS)}>"

    return tag


def _year_or_tag(entity: str) -> Callable[[str], str]:
    def year(text: str) -> str:
        found = _YEAR.search(text)
        return found.group(1) if found else f"<{entity}>"

    return year


def _flagged(frame: pl.DataFrame, prefilter: Prefilter) -> list[int]:
    """Rows a prefilter flags; rows without its digits or punctuation are never tried."""
    rows = frame if prefilter.min_digits == 0 else frame.filter(pl.col("d") >= prefilter.min_digits)
    for mark in sorted(prefilter.marks):
        rows = rows.filter(pl.col("s").str.contains(mark, literal=True))
    try:
        return rows.filter(pl.col("s").str.contains(prefilter.regex))["i"].to_list()
    except pl.exceptions.PolarsError:  # not a Rust regex: every row is a candidate
        return rows["i"].to_list()


def _candidates(values: pl.Series, specs: Sequence[RecognizerSpec]) -> dict[int, list[int]]:
    """Row -> indexes of the specs whose prefilters flag it (the rest cannot match there)."""
    rows: dict[int, list[int]] = defaultdict(list)
    frame = pl.DataFrame({"s": values}).with_row_index("i").filter(pl.col("s").is_not_null())
    frame = frame.with_columns(d=pl.col("s").str.count_matches(r"\d"))
    for index, spec in enumerate(specs):
        flagged: set[int] = set()
        for prefilter in spec.prefilters:
            flagged.update(_flagged(frame, prefilter))
        if not spec.prefilters:  # no prefilter (deny lists): every non-null row
            flagged.update(frame["i"].to_list())
        for row in flagged:
            rows[row].append(index)
    return rows


def _one_span(
    text: str, results: Sequence[RecognizerResult], operators: dict[str, OperatorConfig]
) -> str | None:
    """The text with its only span replaced, for the operators that need nothing but the
    span (replace, redact, Warden's own); None sends it to Presidio's engine."""
    config = operators.get(results[0].entity_type) if len(results) == 1 else None
    if config is None:
        return None
    start, end = results[0].start, results[0].end
    match config.operator_name:
        case "replace":
            new = str(config.params["new_value"])
        case "redact":
            new = ""
        case "custom":
            new = str(config.params["lambda"](text[start:end]))
        case _:
            return None
    return text[:start] + new + text[end:]


def anonymize_texts(
    values: pl.Series, removal: TextRemoval, ner: NerEngine | None
) -> tuple[pl.Series, dict[str, int]]:
    """The column with every span of a removed type replaced; spans counted per type. Each
    distinct text is analysed once (templated messages repeat)."""
    texts = values.cast(pl.String)
    frequency = texts.drop_nulls().value_counts(sort=False)
    distinct, times = frequency[texts.name], frequency["count"].to_list()
    spans: dict[int, list[RecognizerResult]] = defaultdict(list)
    candidates = _candidates(distinct, removal.specs)
    prune(distinct, candidates, removal.specs)
    found = polars_hits(distinct, candidates, removal.specs)
    for row, indexes in candidates.items():
        chosen = [(i, removal.specs[i]) for i in indexes]
        for hit in confirm_text(distinct[row], chosen, found.get(row, {})):
            if removal.counts(hit.entity, hit.score):
                spans[row].append(RecognizerResult(hit.entity, hit.start, hit.end, hit.score))
    if ner is not None and removal.ner_entities:
        for row, doc in enumerate(ner.analyze(distinct.to_list())):
            spans[row] += [
                RecognizerResult(s.entity, s.start, s.end, s.score)
                for s in doc
                if s.entity in removal.ner_entities
            ]
    engine, operators = AnonymizerEngine(), removal.operators()
    changed, counts = {}, defaultdict[str, int](int)
    for row, results in spans.items():
        if not results:
            continue
        text = distinct[row]
        one = _one_span(text, results, operators)
        if one is not None:  # most texts hold one span: Presidio's result without its engine
            changed[text] = one
            counts[results[0].entity_type] += times[row]
            continue
        anonymized = engine.anonymize(text, results, operators)
        changed[text] = anonymized.text
        for item in anonymized.items:
            counts[item.entity_type] += times[row]
    out = texts.replace(changed) if changed else texts
    return out.alias(values.name), dict(counts)
