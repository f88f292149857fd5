"""Recognizer for Warden's internal employee numbers (EMP-123456)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class EmployeeIdRecognizer(PatternRecognizer):
    """
    Recognize employee numbers of the form EMP-123456.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    # Exactly six digits: TEMP-123456 and EMP-1234567 are not employee numbers.
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("employee id (EMP-6 digits)", r"\bEMP-\d{6}\b", 0.85),
    ]

    CONTEXT: ClassVar[list[str]] = ["employee", "staff", "badge", "emp"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "EMPLOYEE_ID",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )
