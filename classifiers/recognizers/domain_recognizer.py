"""Recognizer for bare domain names (example.co.uk, shop-24.de) as URL."""

from __future__ import annotations

from typing import ClassVar

import tldextract
from presidio_analyzer import Pattern, PatternRecognizer

# Country-code domains that are also file extensions: "setup.py" and "notes.md" are files.
_FILE_SUFFIXES = frozenset(
    {"py", "md", "sh", "rs", "pl", "ps", "cs", "so", "zip", "mov", "ai", "ml", "sc", "cc", "ms"}
)


class DomainRecognizer(PatternRecognizer):
    """
    Recognize bare domain names, without a scheme or path: labels of letters, digits and
    hyphens, a dot between them, ending in a suffix of the public suffix list (checked
    with tldextract's bundled snapshot, as Presidio's e-mail and URL validators do).

    A domain inside an e-mail address or a URL is theirs (the lookarounds, and overlap
    resolution after them). A file name such as `setup.py` is not a domain.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "bare domain",
            r"(?<![\w@.\-/:])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
            r"(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})(?![\w@\-/]|\.[a-z0-9])",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "domain", "host", "hostname", "website", "site", "fqdn", "web", "homepage", "server",
    ]  # fmt: skip

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "URL",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """A registrable name under a public suffix, and not a file name or an abbreviated
        title (Univ.Prof, B.Sc: a capitalised suffix, where domains are written in one case)."""
        parts = tldextract.extract(pattern_text)
        if not parts.suffix or not parts.domain:
            return False
        last = parts.suffix.rsplit(".", 1)[-1]
        if last[:1].isupper() and last[1:].islower():
            return False
        return bool(parts.subdomain) or parts.suffix.lower() not in _FILE_SUFFIXES
