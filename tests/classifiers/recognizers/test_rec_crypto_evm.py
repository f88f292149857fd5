"""EvmAddressRecognizer: 0x and 40 hex digits; EIP-55's mixed case is checked with Keccak-256."""

from __future__ import annotations

import random

import pytest

from bench.evalcorpus.chains import eip55, keccak256
from classifiers.recognizers.crypto_evm_recognizer import EvmAddressRecognizer, eip55_checksum

ENTITY = "CRYPTO"
RECOGNIZER = EvmAddressRecognizer()

# EIP-55's own test cases (https://eips.ethereum.org/EIPS/eip-55)
EIP55_MIXED = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
EIP55_ALL_CAPS = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
]
EIP55_ALL_LOWER = [
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
]
CHECKSUMMED = EIP55_MIXED[0]
LOWER = CHECKSUMMED.lower()
TX_HASH = "0x" + "88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b"


def flip_one_letter(address: str) -> str:
    """The address with the case of its first hex letter swapped."""
    i = next(i for i, c in enumerate(address) if i >= 2 and c.isalpha())
    return address[:i] + address[i].swapcase() + address[i + 1 :]


FLIPPED = flip_one_letter(CHECKSUMMED)  # 0x5AAeb...: mixed case, checksum broken


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize("address", EIP55_MIXED)
def test_eip55_examples_are_validated(address: str) -> None:
    assert found(address) == [(address, 1.0)]
    assert RECOGNIZER.validate_result(address) is True
    assert eip55_checksum(address.lower()) == address


@pytest.mark.parametrize("address", EIP55_MIXED)
def test_one_flipped_letter_case_is_rejected(address: str) -> None:
    flipped = flip_one_letter(address)
    assert flipped != address and flipped.lower() == address.lower()
    assert RECOGNIZER.validate_result(flipped) is False
    assert found(flipped) == []
    assert found(f"send to {flipped} today") == []


@pytest.mark.parametrize("address", EIP55_ALL_CAPS + EIP55_ALL_LOWER)
def test_one_case_is_accepted_unvalidated(address: str) -> None:
    """One case carries no checksum (EIP-55 lists these as valid): the weak pattern score."""
    assert RECOGNIZER.validate_result(address) is None
    assert found(address) == [(address, 0.4)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CHECKSUMMED, [(CHECKSUMMED, 1.0)]),
        (LOWER, [(LOWER, 0.4)]),
        ("0x" + LOWER[2:].upper(), [("0x" + LOWER[2:].upper(), 0.4)]),
        (f"refund sent to {LOWER}.", [(LOWER, 0.4)]),
        (f"refund sent to {CHECKSUMMED}.", [(CHECKSUMMED, 1.0)]),
        # hard negatives: a broken checksum, a transaction hash, too short, a 0X prefix,
        # no prefix, not hex
        (FLIPPED, []),
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


def test_agrees_with_the_corpus_generator() -> None:
    """The evaluation corpus spells its addresses with its own Keccak; on what it hashes (40
    hex digits) both give one answer."""
    from Crypto.Hash import keccak

    rng = random.Random(55)
    for _ in range(200):
        raw = rng.randbytes(20).hex()
        assert eip55_checksum("0x" + raw) == eip55(raw)
        assert keccak.new(digest_bits=256, data=raw.encode()).digest() == keccak256(raw.encode())


def test_column_name_is_context() -> None:
    assert "wallet" in RECOGNIZER.context
    assert "eth" in RECOGNIZER.context
