"""Recognizer for ICD-10 diagnosis codes (E11.9, J45.909, S72.001A)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

# The only ICD-10-CM categories whose third character is a letter rather than a digit.
_LETTER_CATEGORIES = frozenset({"C4A", "C7A", "C7B", "D3A", "M1A", "Z3A"})


class Icd10CodeRecognizer(PatternRecognizer):
    """
    Recognize ICD-10 diagnosis codes.

    A code is a three-character category (letter, digit, digit or A/B) optionally
    followed by a dot and up to four characters. Alone it is ambiguous ("A10", "B12"),
    so the base score is low and context words carry the decision.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # Upper case only, whatever flags the recognizer runs with: "a10", "b12" are not
        # codes. The dot is required before the subcategory: undotted "E119" reads too
        # much like a model number (F150, A320, T800). U is included for U07.1 (COVID-19).
        # The lookarounds keep it off pieces of longer codes (SKU-A12, ...T12:30).
        Pattern(
            "ICD-10 code (weak)",
            r"(?<![\w\-.])(?-i:[A-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?)(?!\w|-|\.\w)",
            0.3,
        ),
    ]

    # "icd" also covers ICD10 and ICD-10: Presidio matches context words as substrings.
    CONTEXT: ClassVar[list[str]] = ["diagnosis", "icd", "icd10", "dx", "condition"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "ICD10_CODE",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject a letter in third position outside the few categories that have one."""
        category = pattern_text[:3]
        return category[2].isalpha() and category not in _LETTER_CATEGORIES
