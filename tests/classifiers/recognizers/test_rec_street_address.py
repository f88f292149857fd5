"""StreetAddressRecognizer: a house number next to a street-type word, in six languages."""

from __future__ import annotations

import polars as pl
import pytest
import regex
from presidio_analyzer import Pattern

from classifiers.recognizers.prefilter import prefilter_regex
from classifiers.recognizers.registry import own_prefilters
from classifiers.recognizers.street_address_recognizer import StreetAddressRecognizer

ENTITY = "STREET_ADDRESS"
RECOGNIZER = StreetAddressRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


# Whole street lines as Faker writes them in the seven sample-data locales.
WHOLE_VALUES = [
    # en_US: number, name, USPS type, optional unit
    "1 Taylor Tunnel",
    "41847 Scott Hills Suite 131",
    "04591 Lambert Hollow Apt. 183",
    "0 Smith Views",
    "21573 Hernandez Via",
    "282 Antonio Stravenue",
    "408 Collins Trafficway",
    "2797 Rhodes Flat Apt. 032",
    "261 Glen Unions",
    "191 Lane Crossroad",
    "9 Sarah Radial",
    "848 Matthew Throughway",
    "12 Oak Blvd.",
    "350 Fifth Ave, Suite 3300",
    # en_GB: a flat or studio, then the street without a house number
    "Studio 20, Valerie Shore",
    "Flat 34v, Jake Station",
    "Flat 40L, Woods Lakes",
    "Studio 07, Field Haven",
    "Flat 1, Francesca Row",
    "Flat 3, 10 Downing Street",
    "12 Acacia Close",
    # es_ES: type, "de", name, number, floor or door
    "Paseo de Ana Belén Romero 1",
    "C. de Onofre Cazorla 58 Apt. 48",
    "Callejón de Miguel Ángel Valle 4 Piso 7",
    "Glorieta de Anselma Rueda 3 Puerta 6",
    "Urbanización Teófilo Tena 54",
    "Cañada Filomena Borja 1",
    "Alameda de Édgar Salinas 61",
    "Travesía del Mar 12",
    "Carrer de Mallorca 401",
    # it_IT: type, name, comma, number, floor or flat
    "Incrocio Cesare, 923",
    "Borgo Armellini, 94 Appartamento 75",
    "Rotonda Dante, 70 Piano 7",
    "Stretto Volterra, 2",
    "Largo Augusto, 3",
    "Vico Lungo, 12",
    "10, Via Roma",
    # fr_FR: number first with a comma, or no number at all
    "1, boulevard de Paris",
    "45, chemin Tristan Da Costa",
    "74, avenue Océane Le Gall",
    "12 impasse des Lilas",
    "8 quai d'Orsay",
    # de_DE and nl_NL: compound suffixes, numbers with a range or a slash
    "Arno-Rörricht-Gasse 88-49",
    "Franz Josef-Haase-Allee 29",
    "Biggenallee 4/9",
    "Budigstr. 78-52",
    "Hertrampfring 1-4",
    "Boring 17",
    "Amberboulevard 38",
    "Jiphof 944",
    "Dewipad 14",
    "Esiladreef 0",
    "Lenasteeg 66",
    "Faassingel 93",
    "Havenkade 5",
    "Zeedijk 12",
    "Landwehrdamm 3",
    "Maybachufer 7",
    # ru/uk/bg: a street type, the name, a house number
    "ул. Садовая, д. 12",
    "пр-т Победы 45",
    "вулиця Франка, 7",
    "бул. Витоша 4",
    # ja/zh: block and house numbers; ko: road name and building number
    "梅田2丁目4番9号",
    "本町3-5-12",
    "解放路88号",
    "세종대로 110",
    "올림픽로35길 12",
]


@pytest.mark.parametrize("value", WHOLE_VALUES)
def test_whole_street_line(value: str) -> None:
    assert found(value) == [(value, 0.5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ship to 123 Main Street, Springfield", [("123 Main Street", 0.5)]),
        ("45B Baker St. London", [("45B Baker St.", 0.5)]),
        ("Flat 3, 10 Downing Street", [("Flat 3, 10 Downing Street", 0.5)]),
        ("123 MAIN STREET", [("123 MAIN STREET", 0.5)]),
        ("10 St. James's Place", [("10 St. James's Place", 0.5)]),
        ("123 W 42nd St", [("123 W 42nd St", 0.5)]),
        ("lives at 12 Oak Lane and works in town", [("12 Oak Lane", 0.5)]),
        ("send it to 41847 Scott Hills, Leeds", [("41847 Scott Hills", 0.5)]),
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
        # French street names without a number: weaker
        ("rue Barbier", [("rue Barbier", 0.4)]),
        ("boulevard de Foucher", [("boulevard de Foucher", 0.4)]),
        ("chemin Agnès Peron", [("chemin Agnès Peron", 0.4)]),
        # hard negatives: prose with a number and a street word
        ("walked 2 blocks down the street", []),
        ("in 2024 the way we work changed", []),
        ("place your 3 orders now", []),
        ("sent via email 2 times", []),
        ("3 place settings", []),
        ("Top 5 Fast Food Places", []),
        ("Top 5 Easy Ways to save", []),
        ("Earn 500 Reward Points today", []),
        ("a 10 Minute Walk from the station", []),
        ("Chapter 3 The Long Walk", []),
        ("Call us at 10 AM EST", []),
        ("a 3 Day Pass", []),
        ("the avenue was closed for 3 days", []),
        ("we rue the day", []),
        ("take Route 66 west", []),
        ("John C. Smith, 3 items", []),
        # product names, SKUs, order numbers, dates
        ("SKU 12345 Street Fighter figure", []),
        ("SKU-10045-BL", []),
        ("Pulse Fitness Band 2", []),
        ("Windows 11 Home Edition", []),
        ("Apple iPad 2 case", []),
        ("Keypad 2 replacement", []),
        ("Spring 2024 Collection", []),
        ("during 2024 we grew", []),
        ("Engineering 101", []),
        ("Order ORD-482913 arrived damaged", []),
        ("order 12345 shipped", []),
        ("2024-01-15 10:30", []),
        ("15 March 2024", []),
        ("amyzuidweg20@example.org", []),
        # Nordic suffixes, Polish types
        ("Jenssenringen 4C", [("Jenssenringen 4C", 0.5)]),
        ("Drottninggatan 12, Stockholm", [("Drottninggatan 12", 0.5)]),
        ("Parkveien 7", [("Parkveien 7", 0.5)]),
        ("Abrahamsenberget 33", [("Abrahamsenberget 33", 0.5)]),
        ("Solåsen 2B", [("Solåsen 2B", 0.5)]),
        ("pl. Partyzantów 456, 45-455 Żywiec", [("pl. Partyzantów 456", 0.5)]),
        ("ul. Długa 5", [("ul. Długa 5", 0.5)]),
        ("al. Rolna 02, 15-863 Bielawa", [("al. Rolna 02", 0.5)]),
    ],
)
def test_street_address(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("pattern", RECOGNIZER.patterns, ids=lambda p: p.name)
def test_prefilter_compiles_in_polars_and_keeps_every_match(pattern: Pattern) -> None:
    # Polars (Rust regex) runs the prefilter first: it must compile, and flag every value
    # the exact pattern (Python `regex`, Presidio's flags) matches.
    exact = regex.compile(pattern.regex, RECOGNIZER.global_regex_flags)
    matched = [v for v in [*WHOLE_VALUES, "rue Barbier"] if exact.search(v)]
    assert matched
    prefilter = own_prefilters(RECOGNIZER).get(pattern.name) or prefilter_regex(pattern.regex)
    flagged = pl.Series(matched, dtype=pl.String).str.contains(prefilter)
    assert flagged.all(), [v for v, f in zip(matched, flagged, strict=True) if not f]
