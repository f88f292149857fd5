"""EvmAddressRecognizer: 0x and 40 hex digits, weak without context (no Keccak to check EIP-55)."""

from __future__ import annotations

import pytest

from classifiers.recognizers.crypto_evm_recognizer import EvmAddressRecognizer

ENTITY = "CRYPTO"
RECOGNIZER = EvmAddressRecognizer()

CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55's first example
LOWER = CHECKSUMMED.lower()
TX_HASH = "0x" + "88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b"


def found(text: str, context: list[str] | None = None) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CHECKSUMMED, [(CHECKSUMMED, 0.5)]),  # EIP-55 shape: no longer weak
        (LOWER, [(LOWER, 0.4)]),
        ("0x" + LOWER[2:].upper(), [("0x" + LOWER[2:].upper(), 0.4)]),
        (f"refund sent to {LOWER}.", [(LOWER, 0.4)]),
        # hard negatives: a transaction hash, too short, a 0X prefix, no prefix, not hex
        (TX_HASH, []),
        (LOWER[:-1], []),
        ("0X" + LOWER[2:], []),
        (LOWER[2:], []),
        ("0x" + "g" * 40, []),
        ("da39a3ee5e6b4b0d3255bfef95601890afd80709", []),  # a SHA-1 digest
    ],
)
def test_evm_address(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


def test_column_name_is_context() -> None:
    assert "wallet" in RECOGNIZER.context
    assert "eth" in RECOGNIZER.context
