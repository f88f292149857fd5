"""StreetAddressRecognizer: a house number next to a street-type word, in six languages."""

from __future__ import annotations

import pytest

from classifiers.recognizers.street_address_recognizer import StreetAddressRecognizer

ENTITY = "STREET_ADDRESS"
RECOGNIZER = StreetAddressRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ship to 123 Main Street, Springfield", [("123 Main Street", 0.5)]),
        ("45B Baker St. London", [("45B Baker St.", 0.5)]),
        ("Flat 3, 10 Downing Street", [("Flat 3, 10 Downing Street", 0.5)]),
        ("123 MAIN STREET", [("123 MAIN STREET", 0.5)]),
        ("10 St. James's Place", [("10 St. James's Place", 0.5)]),
        ("123 W 42nd St", [("123 W 42nd St", 0.5)]),
        ("Hauptstraße 12, 10115 Berlin", [("Hauptstraße 12", 0.5)]),
        ("Berliner Straße 5", [("Berliner Straße 5", 0.5)]),
        ("Kerkstraat 7", [("Kerkstraat 7", 0.5)]),
        ("Prinsengracht 263", [("Prinsengracht 263", 0.5)]),
        ("Calle Mayor 5", [("Calle Mayor 5", 0.5)]),
        ("Paseo de la Castellana 100", [("Paseo de la Castellana 100", 0.5)]),
        ("Via Roma, 10", [("Via Roma, 10", 0.5)]),
        ("Corso Vittorio Emanuele II 15", [("Corso Vittorio Emanuele II 15", 0.5)]),
        ("Rue de Rivoli 25", [("Rue de Rivoli 25", 0.5)]),
        ("25 rue de Rivoli, Paris", [("25 rue de Rivoli", 0.5)]),
        ("10 avenue des Champs-Élysées", [("10 avenue des Champs-Élysées", 0.5)]),
        ("3 bis quai d\u2019Orsay", [("3 bis quai d\u2019Orsay", 0.5)]),  # typographic apostrophe
        # hard negatives: prose with a number and a street word
        ("walked 2 blocks down the street", []),
        ("in 2024 the way we work changed", []),
        ("place your 3 orders now", []),
        ("sent via email 2 times", []),
        ("3 place settings", []),
        ("Top 5 Fast Food Places", []),
        ("SKU 12345 Street Fighter figure", []),
        ("2024-01-15 10:30", []),
    ],
)
def test_street_address(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
