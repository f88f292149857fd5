"""Recognizer for Bech32 and Bech32m addresses of chains other than Bitcoin (ltc1, tb1, cosmos1)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import CryptoRecognizer

# The 32 characters of Bech32's data part: digits and letters without 1, b, i and o.
_DATA = r"[ac-hj-np-z02-9]"


class Bech32AddressRecognizer(PatternRecognizer):
    """
    Recognize Bech32 (BIP-173) and Bech32m (BIP-350) addresses: a human-readable prefix
    (ltc, tb, bcrt, cosmos, osmo ...), the separator `1`, then at least 38 data characters
    ending in a 6-character checksum, validated with Presidio's own Bech32 decoder. Bitcoin
    mainnet (`bc1`) is left to Presidio's CryptoRecognizer.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # The prefix is letters (a few chains add digits); the decoder accepts one case only.
        Pattern("Bech32 address", rf"\b(?!bc1)[a-z]{{1,15}}[0-9]?1{_DATA}{{38,80}}\b", 0.5),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "wallet", "crypto", "litecoin", "ltc", "cosmos", "atom", "segwit", "bech32", "payout",
    ]  # fmt: skip

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "CRYPTO",
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
        """The checksum holds (one chance in a billion for random text)."""
        valid, _spec = CryptoRecognizer.validate_bech32_address(pattern_text)
        return bool(valid)
