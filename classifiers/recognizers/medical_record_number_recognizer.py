"""Recognizer for hospital medical record numbers (MRN-1234567)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class MedicalRecordNumberRecognizer(PatternRecognizer):
    """
    Recognize medical record numbers: 6 to 10 digits, usually written after "MRN".

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # MRN-1234567, MRN 1234567, MRN1234567, MRN: 1234567, MRN#1234567
        Pattern("MRN (prefixed)", r"\bMRN[-:#]?\s?\d{6,10}\b", 0.85),
        # A bare number is an MRN only when context says so (a column named "mrn", the
        # word "patient" nearby). The lookarounds keep it off pieces of dates, times,
        # decimals and dashed codes such as SKU-1234567.
        Pattern(
            "MRN (digits only, very weak)",
            r"(?<![\w\-:./#])\d{6,10}(?![\w\-:/]|\.\d)",
            0.05,
        ),
    ]

    # Presidio matches context one token at a time, so "medical record" is two words.
    CONTEXT: ClassVar[list[str]] = ["mrn", "medical", "record", "patient", "chart"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "MEDICAL_RECORD_NUMBER",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )
