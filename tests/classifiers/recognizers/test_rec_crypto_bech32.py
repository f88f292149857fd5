"""Bech32AddressRecognizer: Bech32/Bech32m addresses of chains other than Bitcoin mainnet."""

from __future__ import annotations

import pytest

from classifiers.recognizers.crypto_bech32_recognizer import Bech32AddressRecognizer

ENTITY = "CRYPTO"
RECOGNIZER = Bech32AddressRecognizer()

# BIP-173 and BIP-350 test vectors (testnet P2WSH, testnet Taproot in Bech32m), a Litecoin
# and a Cosmos address.
TESTNET = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
TAPROOT = "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c"
LITECOIN = "ltc1q5feryxhrdz9m6y09mr8wrerwzgj6f8ntmu9n8g"
COSMOS = "cosmos1qxvhxyrdlm5aahn0t09nl4ujy8624fl6zgrt2vr"
BITCOIN = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TESTNET, [(TESTNET, 1.0)]),
        (TAPROOT, [(TAPROOT, 1.0)]),
        (TESTNET.upper(), [(TESTNET.upper(), 1.0)]),  # QR codes carry upper case
        (f"send to {LITECOIN} today", [(LITECOIN, 1.0)]),
        (f"validator payout: {COSMOS}.", [(COSMOS, 1.0)]),
        # checksum broken by one character, mixed case, Bitcoin mainnet (Presidio's)
        (LITECOIN[:-1] + ("q" if LITECOIN[-1] != "q" else "p"), []),
        (LITECOIN[:10] + LITECOIN[10:].upper(), []),
        (BITCOIN, []),
        # hard negatives: words and hashes
        ("release1qwertyuiopasdfghjklzxcvbnmqwertyuiopasdf", []),
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []),
        ("the 1st quarter of 2024", []),
    ],
)
def test_bech32_address(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
