"""The recognizers a scan runs: Presidio's predefined ones, Warden's own and the config's."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import presidio_analyzer.predefined_recognizers as presidio_predefined
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from classifiers.offline import use_bundled_suffix_list
from classifiers.recognizers.ours import OUR_RECOGNIZERS
from classifiers.recognizers.phone_regions import RegionalPhoneRecognizer
from classifiers.recognizers.prefilter import prefilter_regex
from classifiers.recognizers.presidio_catalog import NON_PATTERN_PREFILTERS, PREDEFINED_RECOGNIZERS
from classifiers.recognizers.shape import min_digits, min_length, required_marks
from classifiers.recognizers.widen import WidenError, shape_regex

# Predefined recognizers Warden runs in a form of its own (same name, same entity).
OVERRIDES: dict[str, type[EntityRecognizer]] = {"PhoneRecognizer": RegionalPhoneRecognizer}

LANGUAGE = "en"
RULES_SCHEMA = 5  # bump when decision logic changes in a way that needs a re-read


@dataclass(frozen=True)
class Prefilter:
    """A vectorisable first pass: a Rust/Java regex and the cheap bounds any match meets."""

    regex: str
    min_len: int
    min_digits: int
    score: float  # the exact pattern's base score

    @property
    def marks(self) -> frozenset[str]:
        """Punctuation every match contains (`@` of an email): values without it are skipped."""
        return required_marks(self.regex)

    @property
    def shape(self) -> str:
        """The regex widened to run on value shapes (`widen`): it matches the shape of every
        value the regex matches. One that cannot be widened matches every shape."""
        known = _SHAPES.get(self.regex)
        if known is None:
            try:
                known = shape_regex(self.regex)
            except WidenError:
                known = ""
            _SHAPES[self.regex] = known
        return known


# Widened forms known in this process: read from the startup cache (`known_shapes`) or
# widened once here (widening all of a registry's prefilters costs about half a second).
_SHAPES: dict[str, str] = {}


def known_shapes(shapes: Mapping[str, str]) -> None:
    """Widened forms computed by an earlier process, keyed by prefilter regex."""
    _SHAPES.update(shapes)


@dataclass(frozen=True)
class RecognizerSpec:
    """One recognizer with what an engine needs to run it and decide needs to weigh it."""

    name: str
    entity: str
    recognizer: EntityRecognizer
    prefilters: tuple[Prefilter, ...]
    base_score: float
    validates: bool  # a checksum or validator can confirm a match
    context: tuple[str, ...]
    country: str | None

    @property
    def checksum(self) -> bool:
        """The validator is a check digit: not a phone-number parser, not a vocabulary look-up
        (a recognizer says so with `CHECKSUM = False`)."""
        own = bool(getattr(self.recognizer, "CHECKSUM", True))
        return self.validates and self.name != "PhoneRecognizer" and own

    @property
    def strong(self) -> bool:
        """Can stand on the values alone, without a column name or context word."""
        return self.validates or self.base_score >= 0.5


@dataclass(frozen=True)
class CustomRecognizerSpec:
    """A recognizer defined in the config (regex and/or deny list)."""

    name: str
    entity: str
    patterns: tuple[tuple[str, str, float], ...] = ()
    context: tuple[str, ...] = ()
    deny_list: tuple[str, ...] = ()


def _has_validator(recognizer: EntityRecognizer) -> bool:
    if recognizer.name in NON_PATTERN_PREFILTERS:
        return True  # phonenumbers validates every phone match
    own = type(recognizer).validate_result
    return (
        isinstance(recognizer, PatternRecognizer) and own is not PatternRecognizer.validate_result
    )


def _prefilters(recognizer: EntityRecognizer) -> tuple[Prefilter, ...]:
    if recognizer.name in NON_PATTERN_PREFILTERS:
        regex = NON_PATTERN_PREFILTERS[recognizer.name]
        score = float(getattr(recognizer, "SCORE", 0.4))
        return (Prefilter(regex, min_length(regex), min_digits(regex), score),)
    if not isinstance(recognizer, PatternRecognizer):
        return ()
    filters = []
    for pattern in recognizer.patterns:
        regex = prefilter_regex(pattern.regex)
        filters.append(Prefilter(regex, min_length(regex), min_digits(regex), pattern.score))
    return tuple(filters)


def spec_for(recognizer: EntityRecognizer, country: str | None = None) -> RecognizerSpec:
    filters = _prefilters(recognizer)
    return RecognizerSpec(
        name=recognizer.name,
        entity=recognizer.supported_entities[0],
        recognizer=recognizer,
        prefilters=filters,
        base_score=max((f.score for f in filters), default=0.0),
        validates=_has_validator(recognizer),
        context=tuple(recognizer.context or ()),
        country=country,
    )


def _custom_recognizer(custom: CustomRecognizerSpec) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=custom.entity,
        name=custom.name,
        patterns=[Pattern(name, regex, score) for name, regex, score in custom.patterns] or None,
        deny_list=list(custom.deny_list) or None,
        context=list(custom.context) or None,
        supported_language=LANGUAGE,
    )


def _wanted(
    spec: RecognizerSpec, countries: set[str] | None, exclude: set[str], entities: set[str] | None
) -> bool:
    if spec.name in exclude or spec.entity in exclude:
        return False
    if entities is not None and spec.entity not in entities:
        return False
    return countries is None or spec.country is None or spec.country in countries


@dataclass(frozen=True)
class Registry:
    """The recognizers of one scan and the version of the rules they make up."""

    specs: tuple[RecognizerSpec, ...]

    @property
    def rules_version(self) -> str:
        rules = [
            (s.name, s.entity, [(f.regex, f.score) for f in s.prefilters], s.context)
            for s in self.specs
        ]
        digest = hashlib.sha256(json.dumps([RULES_SCHEMA, rules]).encode()).hexdigest()
        return digest[:12]

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.entity for s in self.specs))

    def by_name(self, name: str) -> RecognizerSpec:
        return next(s for s in self.specs if s.name == name)


def build_registry(
    countries: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    entities: Iterable[str] | None = None,
    custom: Sequence[CustomRecognizerSpec] = (),
) -> Registry:
    """Predefined (every country, in our language), ours, then the config's custom ones."""
    use_bundled_suffix_list()
    specs: list[RecognizerSpec] = []
    for class_name in PREDEFINED_RECOGNIZERS:
        cls = OVERRIDES.get(class_name) or getattr(presidio_predefined, class_name)
        specs.append(spec_for(cls(supported_language=LANGUAGE), getattr(cls, "COUNTRY_CODE", None)))
    specs.extend(spec_for(cls(supported_language=LANGUAGE)) for cls in OUR_RECOGNIZERS)
    specs.extend(spec_for(_custom_recognizer(c)) for c in custom)
    wanted_countries = {c.lower() for c in countries} if countries is not None else None
    wanted_entities = set(entities) if entities is not None else None
    chosen = [s for s in specs if _wanted(s, wanted_countries, set(exclude), wanted_entities)]
    return Registry(tuple(chosen))
