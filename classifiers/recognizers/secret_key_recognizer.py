"""Recognizer for credentials pasted into data: cloud keys, tokens, private keys."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class SecretKeyRecognizer(PatternRecognizer):
    """
    Recognize secrets: AWS access key ids, GitHub and Slack tokens, private key headers
    and generic `api_key = ...` assignments.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    # Key prefixes are case-sensitive ("akia...", "GHP_..." are not keys) and say so in
    # (?-i:...) groups, so they hold whatever flags the recognizer is run with.
    PATTERNS: ClassVar[list[Pattern]] = [
        # AKIA (long-term) or ASIA (temporary) then 16 base-32 characters.
        Pattern("AWS access key id", r"(?-i:\b(?:AKIA|ASIA)[A-Z2-7]{16}\b)", 0.9),
        # ghp_ (personal), gho_ (OAuth), ghu_/ghs_ (app), ghr_ (refresh); then fine-grained.
        Pattern("GitHub token", r"(?-i:\bgh[pousr]_)[A-Za-z0-9]{36}\b", 0.9),
        Pattern("GitHub fine-grained token", r"(?-i:\bgithub_pat_)[A-Za-z0-9_]{82}\b", 0.9),
        # xoxb- (bot), xoxp- (user), ...: a numeric team id, then dash-separated parts.
        Pattern("Slack token", r"(?-i:\bxox[baprs]-)\d{6,13}-[0-9A-Za-z-]{10,}", 0.9),
        Pattern(
            "private key header",
            r"(?-i:-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----)",
            1.0,
        ),
        # The key name stays in the match: it is what makes the value a secret, and a
        # lookbehind would be dropped by the prefilter. Key names are case-insensitive.
        Pattern(
            "api key assignment",
            r"""(?i:api[_-]?key)['"]?\s*[:=]\s*['"]?[A-Za-z0-9_\-]{20,}""",
            0.6,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = ["secret", "token", "key", "credential", "password"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "SECRET_KEY",
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
        """Reject AWS's documented sample keys and `api_key = some_identifier`."""
        if pattern_text.endswith("EXAMPLE"):  # AKIAIOSFODNN7EXAMPLE in AWS's docs
            return True
        if re.match(r"(?i)api[_-]?key", pattern_text):
            value = re.split(r"[:=]", pattern_text, maxsplit=1)[1]
            # Generated keys are random and contain digits; names such as
            # get_api_key_from_vault or YOUR_API_KEY_HERE do not.
            return not any(char.isdigit() for char in value)
        return False
