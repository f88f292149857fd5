"""Recognizer for Ethereum and other EVM-chain account addresses (0x and 40 hex digits)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class EvmAddressRecognizer(PatternRecognizer):
    """
    Recognize EVM addresses (Ethereum, Polygon, BNB Chain, Arbitrum ...): `0x` and 40 hex
    digits, in lower case, upper case or EIP-55's mixed case.

    EIP-55's checksum hashes the address with Keccak-256, which no installed library offers
    (hashlib's sha3_256 is the later NIST variant, a different hash), so matches are not
    validated. Mixed case (the shape EIP-55 gives, which hex from anything else lacks) scores
    0.5; one case alone is weak, and a column name or context word ("wallet", "eth") makes a
    column of them CRYPTO. A transaction hash is 64 hex digits and stays out.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("EVM address (weak)", r"\b(?-i:0x)[0-9a-fA-F]{40}\b", 0.4),
        # Both cases of hex letters: the shape EIP-55 gives an address, and hex written by
        # anything else (digests, dumps) has one case. Unverified, but no longer weak.
        Pattern(
            "EVM address, EIP-55 mixed case",
            r"(?-i:\b0x(?=[0-9a-f]*[A-F])(?=[0-9A-F]*[a-f])[0-9a-fA-F]{40}\b)",
            0.5,
        ),
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
