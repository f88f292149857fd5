"""Gazetteers: names and places in many languages and scripts, common words left out."""

from __future__ import annotations

import pytest

from classifiers.gazetteers.counts import gazetteer_counts
from classifiers.gazetteers.lookup import gazetteers
from classifiers.gazetteers.normal import normalise


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        (" Ámélie ", "amelie"),
        ("Zoë", "zoe"),
        ("Søren", "soren"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("\uff2d\u00fcller", "muller"),  # full-width M
        ("Москва", "москва"),  # Cyrillic kept, lower-cased
        ("Ψυχή", "ψυχη"),  # Greek accents off
        ("北京", "北京"),
        ("कमलेश", "कमलेश"),  # Devanagari vowel signs are part of the letter: kept
        ("محمد", "محمد"),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Maria", "given"),
        ("Jürgen", "given"),
        ("Sébastien", "given"),
        ("Giulia", "given"),
        ("Małgorzata", "given"),
        ("Иван", "given"),
        ("Άννα", "given"),
        ("محمد", "given"),
        ("אביגיל", "given"),
        ("Nguyen", "family"),
        ("Müller", "family"),
        ("Kowalski", "family"),
        ("Јовановић", "family"),
        ("Maria Garcia", "full_name"),
        ("Garcia, Maria", "full_name"),
        ("Ludwig van Dijk", "full_name"),
        ("J. Smith", "full_name"),
        ("Иван Петров", "full_name"),
        ("王伟", "full_name"),
        ("김민준", "full_name"),
        ("London", "city"),
        ("München", "city"),
        ("Munich", "city"),
        ("Москва", "city"),
        ("北京", "city"),
        ("Rio de Janeiro", "city"),
        ("місто Київ", "city"),  # a settlement type before the name
        ("Nysa", "city"),  # a town of 40,000
        ("Ryglice", "town"),  # a town of 3,000
        ("김", "family"),  # one-character family names of Korea and China
        ("王", "family"),
        ("Bayern", "region"),
        ("Île-de-France", "region"),
        ("Deutschland", "country"),
        ("Allemagne", "country"),
        ("Германия", "country"),
        ("Catholic", "religion"),
        ("Musulmán", "religion"),
        ("Français", "nationality"),
        ("Brazilian", "nationality"),
    ],
)
def test_value_kinds(value: str, kind: str) -> None:
    assert kind in gazetteers().value_kinds(value)


@pytest.mark.parametrize(
    "word",
    # Everyday words of nine languages are no given names; the two commonest per language.
    ["the", "and", "Haus", "und", "maison", "avec", "casa", "para", "tavolo", "sono", "huis",
     "niet", "obrigado", "muito", "och", "inte", "jest", "nie", "Table", "Chair"],
)  # fmt: skip
def test_common_words_are_no_given_names(word: str) -> None:
    kinds = gazetteers().value_kinds(word)
    assert "given" not in kinds and "full_name" not in kinds


@pytest.mark.parametrize(
    "value",
    # A storm ("Hurricane Katrina") is shaped like a full name: its column is judged as a whole.
    [
        "Ergonomic Steel Chair",
        "Müller GmbH",
        "Smith, Jones and Brown",
        "SKU-1234",
        "v2.3.1",
        "lorem ipsum dolor",
    ],
)
def test_things_are_no_full_names(value: str) -> None:
    assert "full_name" not in gazetteers().value_kinds(value)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("I moved to Lyon last year.", {"city"}),
        ("Meeting in New York next week", {"city", "region"}),
        ("Wir fahren morgen nach Köln.", {"city"}),
        ("Elle habite à Marseille depuis 2019.", {"city"}),
        ("Shipping to Germany takes three days", {"country"}),
        ("Charlotte called about her order", set()),  # a given name, not the city
        ("Клиент живёт в г. Москва.", {"city"}),  # noqa: RUF001 (Cyrillic; "g." is a city)
        ("The printer is broken again, please help.", set()),
        ("Reading the manual did not help", set()),
    ],
)
def test_mentions_in_text(text: str, kinds: set[str]) -> None:
    assert gazetteers().mentions(text) == kinds


def test_counts_shapes_and_kinds() -> None:
    counts = gazetteer_counts(["Maria", "Anna Schmidt", "order 12", "London", "lower case"], False)
    assert counts.sampled == 5
    assert counts.name_like == 3  # "order 12" holds a digit, "lower case" is not capitalised
    assert counts.one_word == 2
    assert counts.with_digits == 1
    assert counts.kinds["person"] >= 2 and counts.kinds["city"] >= 1
    assert not counts.mentions


def test_counts_add_up() -> None:
    a = gazetteer_counts(["Maria", "Paris"], False)
    b = gazetteer_counts(["Lukas"], False)
    total = a + b
    assert total.sampled == 3
    assert total.kinds["given"] == a.kinds["given"] + b.kinds["given"]
    assert total.to_json()["kinds"]["given"] == total.kinds["given"]


def test_free_text_counts_mentions_not_kinds() -> None:
    counts = gazetteer_counts(["We met in Paris.", "Nothing here at all."], True)
    assert counts.mentions == {"city": 1, "place": 1}
    assert not counts.kinds


@pytest.mark.parametrize(
    "value",
    ["хутір Старий Крим", "село Тараща", "селище Дубровиця", "пгт Вознесенье", "渋谷区",
     "수원시", "海淀区", "山前镇", "가평군"],
)  # fmt: skip
def test_a_settlement_type_makes_an_unknown_name_a_place(value: str) -> None:
    # Villages no gazetteer holds: the settlement type written before or after says it.
    assert gazetteers().value_kinds(value) & {"town", "city", "region"}


@pytest.mark.parametrize("value", ["中村", "木村", "с утра", "село", "村上"])  # noqa: RUF001
def test_family_names_and_phrases_are_not_settlements(value: str) -> None:
    assert "town" not in gazetteers().value_kinds(value)


def test_a_settlement_type_does_not_spoil_the_name_shape() -> None:
    counts = gazetteer_counts(["село Тараща", "місто Зміїв", "хутір Старий Крим"], False)
    assert counts.name_like == 3 and counts.kinds.get("place") == 3
