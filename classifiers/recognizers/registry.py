"""The recognizers a scan runs: Presidio's predefined ones, Warden's own and the config's.

What a scan needs of a recognizer before it meets a candidate value (its prefilters, context
words, entity, whether it validates) is data, kept in the startup cache (`registry_cache`);
the Presidio recognizer itself is made on first use (`RecognizerSpec.recognizer`), so a scan
whose values no prefilter flags never imports Presidio or spaCy.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from classifiers.recognizers.prefilter import prefilter_regex
from classifiers.recognizers.presidio_catalog import NON_PATTERN_PREFILTERS, PREDEFINED_RECOGNIZERS
from classifiers.recognizers.shape import min_digits, min_length, required_marks
from classifiers.recognizers.widen import WidenError, shape_regex

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, PatternRecognizer

# Predefined recognizers Warden runs in a form of its own (same name, same entity).
OVERRIDES: dict[str, tuple[str, str]] = {
    "PhoneRecognizer": ("classifiers.recognizers.phone_regions", "RegionalPhoneRecognizer")
}
PRESIDIO_MODULE = "presidio_analyzer.predefined_recognizers"

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
        known = _MARKS.get(self.regex)
        if known is None:
            known = _MARKS[self.regex] = required_marks(self.regex)
        return known

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


# Required punctuation known in this process, likewise (reading two hundred regexes with
# Python's parser costs a scan's first prefilters about 0.15 s).
_MARKS: dict[str, frozenset[str]] = {}


def known_shapes(shapes: Mapping[str, str], marks: Mapping[str, frozenset[str]]) -> None:
    """Widened forms and required punctuation computed by an earlier process, keyed by
    prefilter regex."""
    _SHAPES.update(shapes)
    _MARKS.update(marks)


@dataclass(frozen=True)
class Recipe:
    """How to make a recognizer: its class (module and name), or the config's definition."""

    module: str = ""
    cls: str = ""
    custom: CustomRecognizerSpec | None = None
    # Arguments the config gives the class: the phone recognizer's `supported_regions`.
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def make(self) -> EntityRecognizer:
        from classifiers.offline import use_bundled_suffix_list
        from classifiers.recognizers import warm

        warm.wait()  # a large table may have started importing Presidio in a thread
        use_bundled_suffix_list()  # Presidio's e-mail and URL validators would go online
        if self.custom is not None:
            return _custom_recognizer(self.custom)
        made: EntityRecognizer = getattr(importlib.import_module(self.module), self.cls)(
            supported_language=LANGUAGE, **dict(self.options)
        )
        return made


@dataclass(frozen=True)
class RecognizerSpec:
    """One recognizer with what an engine needs to run it and decide needs to weigh it."""

    name: str
    entity: str
    prefilters: tuple[Prefilter, ...]
    base_score: float
    validates: bool  # a checksum or validator can confirm a match
    context: tuple[str, ...]
    country: str | None
    recipe: Recipe
    own_checksum: bool = True  # the recognizer's `CHECKSUM` (False: a vocabulary look-up)

    @cached_property
    def recognizer(self) -> EntityRecognizer:
        """The Presidio recognizer, made on first use (it imports Presidio and spaCy)."""
        return self.recipe.make()

    @cached_property
    def runs_patterns(self) -> bool:
        """Its analysis is Presidio's pattern loop (no `analyze` of its own), which confirmation
        may run itself."""
        from presidio_analyzer import PatternRecognizer

        made = self.recognizer
        plain = type(made).analyze is PatternRecognizer.analyze
        return plain and isinstance(made, PatternRecognizer)

    @property
    def checksum(self) -> bool:
        """The validator is a check digit: not a phone-number parser, not a vocabulary look-up
        (a recognizer says so with `CHECKSUM = False`)."""
        return self.validates and self.name != "PhoneRecognizer" and self.own_checksum

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
    from presidio_analyzer import PatternRecognizer

    if recognizer.name in NON_PATTERN_PREFILTERS:
        return True  # phonenumbers validates every phone match
    own = type(recognizer).validate_result
    return (
        isinstance(recognizer, PatternRecognizer) and own is not PatternRecognizer.validate_result
    )


def own_prefilters(recognizer: EntityRecognizer) -> dict[str, str]:
    """Prefilters a recognizer writes for some of its patterns (pattern name -> a Rust regex
    that matches wherever the pattern does), instead of the one derived from the pattern:
    a pattern spelled with letters of other scripts (ул., 丁目, 대로) would name each letter,
    and every letter a prefilter names costs the shapes an ASCII stand-in of their own."""
    return dict(getattr(recognizer, "PREFILTERS", {}))


def _prefilters(recognizer: EntityRecognizer) -> tuple[Prefilter, ...]:
    from presidio_analyzer import PatternRecognizer

    if recognizer.name in NON_PATTERN_PREFILTERS:
        regex = NON_PATTERN_PREFILTERS[recognizer.name]
        score = float(getattr(recognizer, "SCORE", 0.4))
        return (Prefilter(regex, min_length(regex), min_digits(regex), score),)
    if not isinstance(recognizer, PatternRecognizer):
        return ()
    own = own_prefilters(recognizer)
    filters = []
    for pattern in recognizer.patterns:
        regex = own.get(pattern.name) or prefilter_regex(pattern.regex)
        filters.append(Prefilter(regex, min_length(regex), min_digits(regex), pattern.score))
    return tuple(filters)


def spec_for(
    recognizer: EntityRecognizer, country: str | None = None, recipe: Recipe | None = None
) -> RecognizerSpec:
    """The spec of a recognizer at hand (`recipe` makes it again, e.g. in another process)."""
    filters = _prefilters(recognizer)
    kind = type(recognizer)
    spec = RecognizerSpec(
        name=recognizer.name,
        entity=recognizer.supported_entities[0],
        prefilters=filters,
        base_score=max((f.score for f in filters), default=0.0),
        validates=_has_validator(recognizer),
        context=tuple(recognizer.context or ()),
        country=country,
        recipe=recipe or Recipe(kind.__module__, kind.__qualname__),
        own_checksum=bool(getattr(recognizer, "CHECKSUM", True)),
    )
    spec.__dict__["recognizer"] = recognizer  # made already: `recognizer` need not make it
    return spec


def _custom_recognizer(custom: CustomRecognizerSpec) -> PatternRecognizer:
    from presidio_analyzer import Pattern, PatternRecognizer

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
        # A recognizer's options count only where the config gives some, so a registry
        # without any keeps the version it had before options existed.
        options = [(s.name, s.recipe.options) for s in self.specs if s.recipe.options]
        versioned = [RULES_SCHEMA, rules, options] if options else [RULES_SCHEMA, rules]
        digest = hashlib.sha256(json.dumps(versioned).encode()).hexdigest()
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
    phone_regions: Sequence[str] | None = None,
) -> Registry:
    """Predefined (every country, in our language), ours, then the config's custom ones: read
    from the startup cache when these rules were built before (`registry_cache`). The phone
    plans are an argument of the recognizer, not part of its spec, so they are given after."""
    from classifiers.recognizers.registry_cache import load_specs, save_specs

    custom = tuple(custom)
    specs = load_specs(custom)
    if specs is None:
        specs = made_specs(custom)
        save_specs(custom, specs)
    wanted_countries = {c.lower() for c in countries} if countries is not None else None
    wanted_entities = set(entities) if entities is not None else None
    chosen = [s for s in specs if _wanted(s, wanted_countries, set(exclude), wanted_entities)]
    if phone_regions is not None:
        chosen = [_reading_phones_in(s, tuple(phone_regions)) for s in chosen]
    return Registry(tuple(chosen))


def _reading_phones_in(spec: RecognizerSpec, regions: tuple[str, ...]) -> RecognizerSpec:
    if spec.name != "PhoneRecognizer":
        return spec
    recipe = replace(spec.recipe, options=(("supported_regions", regions),))
    return replace(spec, recipe=recipe)  # a new spec: the recognizer is made with them


def made_specs(custom: Sequence[CustomRecognizerSpec]) -> list[RecognizerSpec]:
    """Every recognizer made (Presidio imported), with its spec."""
    from classifiers.offline import use_bundled_suffix_list
    from classifiers.recognizers.ours import OUR_RECOGNIZERS

    use_bundled_suffix_list()
    specs: list[RecognizerSpec] = []
    for name in PREDEFINED_RECOGNIZERS:
        recipe = Recipe(*OVERRIDES.get(name, (PRESIDIO_MODULE, name)))
        made = recipe.make()
        specs.append(spec_for(made, getattr(made, "COUNTRY_CODE", None), recipe))
    specs.extend(spec_for(cls(supported_language=LANGUAGE)) for cls in OUR_RECOGNIZERS)
    specs.extend(spec_for(_custom_recognizer(c), None, Recipe(custom=c)) for c in custom)
    return specs
