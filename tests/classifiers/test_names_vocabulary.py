"""Column names in many languages and naming habits: what each announces, in which language."""

from __future__ import annotations

import pytest

from classifiers.names import hinted_entities, vocabulary_words


@pytest.mark.parametrize(
    ("column", "entity", "subtype", "language"),
    [
        ("first_name", "PERSON", "GIVEN_NAME", "en"),
        ("Forename", "PERSON", "GIVEN_NAME", "en"),
        ("fname", "PERSON", "GIVEN_NAME", "en"),
        ("lname", "PERSON", "FAMILY_NAME", "en"),
        ("prenom", "PERSON", "GIVEN_NAME", "fr"),
        ("Prénom", "PERSON", "GIVEN_NAME", "fr"),
        ("nom_de_famille", "PERSON", "FAMILY_NAME", "fr"),
        ("nomDeFamille", "PERSON", "FAMILY_NAME", "fr"),
        ("vorname", "PERSON", "GIVEN_NAME", "de"),
        ("KundenVorname", "PERSON", "GIVEN_NAME", "de"),
        ("kundennachname", "PERSON", "FAMILY_NAME", "de"),  # a German compound
        ("apellido", "PERSON", "FAMILY_NAME", "es"),
        ("cognome", "PERSON", "FAMILY_NAME", "it"),
        ("voornaam", "PERSON", "GIVEN_NAME", "nl"),
        ("achternaam", "PERSON", "FAMILY_NAME", "nl"),
        ("sobrenome", "PERSON", "FAMILY_NAME", "pt"),
        ("efternamn", "PERSON", "FAMILY_NAME", "sv"),
        ("fornavn", "PERSON", "GIVEN_NAME", "da"),
        ("imie", "PERSON", "GIVEN_NAME", "pl"),
        ("nazwisko", "PERSON", "FAMILY_NAME", "pl"),
        ("Фамилия", "PERSON", "FAMILY_NAME", "ru"),
        ("ville", "LOCATION", "CITY", "fr"),
        ("Stadt", "LOCATION", "CITY", "de"),
        ("wohnort", "LOCATION", "CITY", "de"),
        ("ciudad", "LOCATION", "CITY", "es"),
        ("citta", "LOCATION", "CITY", "it"),
        ("città", "LOCATION", "CITY", "it"),
        ("woonplaats", "LOCATION", "CITY", "nl"),
        ("cidade", "LOCATION", "CITY", "pt"),
        ("miasto", "LOCATION", "CITY", "pl"),
        ("strasse", "LOCATION", "STREET_ADDRESS", "de"),
        ("Straße", "LOCATION", "STREET_ADDRESS", "de"),
        ("Lieferadresse", "LOCATION", "STREET_ADDRESS", "de"),
        ("rue", "LOCATION", "STREET_ADDRESS", "fr"),
        ("calle", "LOCATION", "STREET_ADDRESS", "es"),
        ("straat", "LOCATION", "STREET_ADDRESS", "nl"),
        ("ulica", "LOCATION", "STREET_ADDRESS", "pl"),
        ("plz", "LOCATION", "POSTCODE", "de"),
        ("cap", "LOCATION", "POSTCODE", "it"),
        ("codigo_postal", "LOCATION", "POSTCODE", "es"),
        ("pays", "LOCATION", "COUNTRY", "fr"),
        ("religion", "NRP", "RELIGION", "en"),
        ("Konfession", "NRP", "RELIGION", "de"),
        ("nacionalidad", "NRP", "NATIONALITY", "es"),
        ("staatsangehoerigkeit", "NRP", "NATIONALITY", "de"),
        ("Staatsangehörigkeit", "NRP", "NATIONALITY", "de"),
        ("nationalite", "NRP", "NATIONALITY", "fr"),
        ("cittadinanza", "NRP", "NATIONALITY", "it"),
        ("partido_politico", "NRP", "POLITICAL_GROUP", "es"),
        ("telefono", "PHONE_NUMBER", "", "es"),
        ("Handy", "PHONE_NUMBER", "", "de"),
        ("portable", "PHONE_NUMBER", "", "fr"),
        ("correo", "EMAIL_ADDRESS", "", "es"),
        ("geburtsdatum", "DATE_TIME", "DATE_OF_BIRTH", "de"),
        ("date_de_naissance", "DATE_TIME", "DATE_OF_BIRTH", "fr"),
        ("fecha_nacimiento", "DATE_TIME", "DATE_OF_BIRTH", "es"),
        ("data_di_nascita", "DATE_TIME", "DATE_OF_BIRTH", "it"),
        ("geboortedatum", "DATE_TIME", "DATE_OF_BIRTH", "nl"),
        ("födelsedatum", "DATE_TIME", "DATE_OF_BIRTH", "sv"),
        ("data_urodzenia", "DATE_TIME", "DATE_OF_BIRTH", "pl"),
        ("DOB", "DATE_TIME", "DATE_OF_BIRTH", "en"),
    ],
)
def test_column_words(column: str, entity: str, subtype: str, language: str) -> None:
    found = {(w.entity, w.subtype, w.language) for w in vocabulary_words(column)}
    assert (entity, subtype, language) in found
    assert entity in hinted_entities(column)


@pytest.mark.parametrize(
    ("column", "absent"),
    [
        ("nominal", "PERSON"),  # `nom` only as a whole token
        ("nominal_value", "PERSON"),
        ("Passwort", "LOCATION"),  # `ort` is too short to end a compound
        ("ip_address", "LOCATION"),
        ("IP-Adresse", "LOCATION"),
        ("mailadresse", "LOCATION"),
        ("capacity", "LOCATION"),  # `cap` only as a whole token
        ("nom_produit", "PERSON"),  # a product's name
        ("ship_name", "PERSON"),
        ("pet_name", "PERSON"),
        ("field_12", "PERSON"),
        ("telemetry", "PHONE_NUMBER"),
        ("city_name", "PERSON"),  # the name of a city
    ],
)
def test_no_false_words(column: str, absent: str) -> None:
    assert absent not in {w.entity for w in vocabulary_words(column)}


def test_reason_names_language_and_meaning() -> None:
    (word,) = vocabulary_words("prenom")
    assert word.describe("prenom") == "column name 'prenom' (French: first name)"


def test_one_word_per_kind_longest_first() -> None:
    words = vocabulary_words("nom_de_famille")
    assert [w.phrase for w in words] == [("nom", "de", "famille")]


@pytest.mark.parametrize(
    ("column", "entity", "subtype"),
    [
        ("顧客電話番号", "PHONE_NUMBER", ""),  # a word inside a longer Japanese name
        ("メールアドレス", "EMAIL_ADDRESS", ""),
        ("电话号码", "PHONE_NUMBER", ""),
        ("邮政编码", "LOCATION", "POSTCODE"),
        ("고객 전화번호", "PHONE_NUMBER", ""),
        ("환자명", "PERSON", "FULL_NAME"),
        ("номер_телефона", "PHONE_NUMBER", ""),
        ("почтовый_индекс", "LOCATION", "POSTCODE"),
    ],
)
def test_unspaced_scripts_and_russian_phrases(column: str, entity: str, subtype: str) -> None:
    assert (entity, subtype) in {(w.entity, w.subtype) for w in vocabulary_words(column)}


@pytest.mark.parametrize("column", ["市場価格", "商品コード", "статус", "지역코드값"])
def test_unspaced_names_without_a_word_announce_nothing(column: str) -> None:
    assert not {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"} & hinted_entities(column)
