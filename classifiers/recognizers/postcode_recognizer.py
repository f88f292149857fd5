"""Recognizer for postal codes that Presidio's country recognizers leave out (US, NL, PL, IN...)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.nl import postcode as nl_postcode

# Not glued to a date, time, decimal or dashed code: 2024-01-15, 12:30, 3.14159, SKU-12345.
_NOT_AFTER = r"(?<![\w\-:./#])"
_NOT_BEFORE = r"(?![\w\-:/]|\.\d)"


class PostcodeRecognizer(PatternRecognizer):
    """
    Recognize postcodes: US ZIP and ZIP+4, Dutch (1234 AB), bare 4-, 5- and 6-digit codes
    (India's PIN, Russia, China) and dashed ones (Poland 00-950, Portugal 1000-001, Brazil
    01310-100, Japan 100-0001).

    UK, Canadian and German codes have Presidio recognizers of their own
    (UK_POSTCODE, CA_POSTAL_CODE, DE_PLZ). A bare number is a postcode only with context,
    hence the very low scores.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # Five digits also covers the French, Spanish and Italian codes.
        Pattern(
            "US ZIP / 5-digit (very weak)", _NOT_AFTER + r"\d{5}(?:-\d{4})?" + _NOT_BEFORE, 0.05
        ),
        Pattern("4-digit (very weak)", _NOT_AFTER + r"\d{4}" + _NOT_BEFORE, 0.05),
        Pattern("6-digit (very weak)", _NOT_AFTER + r"\d{6}" + _NOT_BEFORE, 0.05),
        Pattern(
            "dashed (very weak)",
            _NOT_AFTER + r"(?:\d{2}-\d{3}|\d{4,5}-\d{3}|\d{3}-\d{4})" + _NOT_BEFORE,
            0.05,
        ),
        # Upper-case letters only: "1000 km" and "1200 mg" are not Dutch postcodes.
        Pattern("Dutch postcode", r"\b[1-9]\d{3}\s?(?-i:[A-Z]{2})\b", 0.3),
    ]

    # The word for postcode in other languages: Swedish/Norwegian/Danish, Finnish, Polish,
    # Portuguese (CEP), Indian English (PIN code), Czech (PSČ, folded), Turkish, Hungarian.
    CONTEXT: ClassVar[list[str]] = [
        "postcode", "postal", "zip", "zipcode", "plz", "cp", "postnummer", "postnr",
        "postinumero", "pocztowy", "cep", "pincode", "psc", "posta", "iranyitoszam",
    ]  # fmt: skip

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "POSTCODE",
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
        """Reject Dutch-shaped codes that PostNL never issues (SA, SD and SS)."""
        has_letters = any(char.isalpha() for char in pattern_text)
        return has_letters and not nl_postcode.is_valid(pattern_text)
