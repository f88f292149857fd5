"""Recognizer for gender values, a quasi-identifier (male, female, non-binary, M, F)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class GenderRecognizer(PatternRecognizer):
    """
    Recognize gender words anywhere, and the codes M and F when they are the whole value.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # Whole words only; a hyphen counts as part of the word, so "Pac-Man" and
        # "male-to-female" stay out while "non-binary" is one token.
        Pattern(
            "gender word (weak)",
            r"(?<![\w-])(?i:male|female|non[- ]?binary|man|woman)(?![\w-])",
            0.3,
        ),
        # A lone M or F means something only as an entire value (a sex column), never
        # inside text: (?-m:...) makes ^ and $ the value's ends even under Presidio's
        # default MULTILINE. Python's $ also matches before a final newline and Rust's
        # does not; the lookahead makes them agree, so the prefilter stays a superset.
        Pattern("gender code (very weak)", r"(?-m:^[MF]$(?!\n))", 0.05),
    ]

    CONTEXT: ClassVar[list[str]] = ["gender", "sex"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "GENDER",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )
