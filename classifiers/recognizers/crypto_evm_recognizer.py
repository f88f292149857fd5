"""Recognizer for Ethereum and other EVM-chain account addresses (0x and 40 hex digits)."""

from __future__ import annotations

from typing import ClassVar

from Crypto.Hash import keccak
from presidio_analyzer import Pattern, PatternRecognizer


def eip55_checksum(address: str) -> str:
    """The address in EIP-55's mixed case: a hex letter is upper case where the same position
    of Keccak-256 over the lower-case hex digits is 8 or more."""
    hex_part = address[2:].lower()
    digest = keccak.new(digest_bits=256, data=hex_part.encode("ascii")).hexdigest()
    return "0x" + "".join(
        c.upper() if int(d, 16) >= 8 else c for c, d in zip(hex_part, digest[:40], strict=True)
    )


class EvmAddressRecognizer(PatternRecognizer):
    """
    Recognize EVM addresses (Ethereum, Polygon, BNB Chain, Arbitrum ...): `0x` and 40 hex
    digits, in lower case, upper case or EIP-55's mixed case.

    EIP-55 writes the checksum into the case of the hex letters (Keccak-256, from
    pycryptodome; hashlib's sha3_256 is the later NIST variant, a different hash). An address
    in mixed case is validated when the checksum holds (score 1.0) and rejected when it does
    not (hex in mixed case that fails is one chance in thousands of being an address). An
    address in one case carries no checksum: it keeps the weak pattern score, and a column
    name or context word ("wallet", "eth") makes a column of them CRYPTO. A transaction hash
    is 64 hex digits and stays out.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("EVM address", r"\b(?-i:0x)[0-9a-fA-F]{40}\b", 0.4),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "wallet", "eth", "ethereum", "evm", "crypto", "erc20", "metamask", "polygon",
        "bsc", "arbitrum", "optimism", "avalanche", "chain", "onchain", "payout",
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

    def validate_result(self, pattern_text: str) -> bool | None:
        """Mixed case: the EIP-55 checksum holds (True) or not (False). One case: None, an
        address without a checksum, kept at the pattern's score."""
        hex_part = pattern_text[2:]
        if hex_part == hex_part.lower() or hex_part == hex_part.upper():
            return None
        return eip55_checksum(pattern_text) == pattern_text
