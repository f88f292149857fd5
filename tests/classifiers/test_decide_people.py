"""Names, places and NRP whatever the header says: evidence built by the engine on small frames
(gazetteers, value shapes, column names in many languages), then decided."""

from __future__ import annotations

import random

import polars as pl
import pytest
from faker import Faker

from classifiers.decide.column import Thresholds, decide_column
from classifiers.decide.table import decide_columns
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import ColumnFinding
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

ROWS = 60


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture(scope="module")
def engine(registry: Registry) -> PolarsEngine:
    return PolarsEngine(registry, None, EngineOptions())  # gazetteers work without spaCy


def _fake(locale: str, make: str) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(7)
    return [str(getattr(fake, make)()) for _ in range(ROWS)]


def _pick(values: list[str]) -> list[str]:
    rng = random.Random(7)
    return [rng.choice(values) for _ in range(ROWS)]


def _decide(
    engine: PolarsEngine, registry: Registry, name: str, values: list[str]
) -> ColumnFinding:
    evidence = engine.column_evidence(pl.Series(name, values))
    return decide_column(evidence, registry, Policy(), Thresholds())


PETS = [
    "Max", "Bella", "Charlie", "Luna", "Lucy", "Cooper", "Daisy", "Milo", "Bailey", "Sadie",
    "Molly", "Buddy", "Rocky", "Lola", "Jack", "Stella", "Toby", "Coco", "Bear", "Zoe",
]  # fmt: skip
SHIPS = [
    "Queen Mary", "Mary Rose", "Santa Maria", "Victoria", "Elizabeth", "Grace Harwar",
    "Ever Given", "Emma Maersk", "Anna Knudsen", "Sophia Jane", "Lucy Ashton", "Bella Ciao",
]  # fmt: skip
RELIGIONS = [
    "Catholic", "Muslim", "Protestant", "Jewish", "Hindu", "Buddhist", "Atheist", "Orthodox",
    "Sikh", "katholisch", "ateo", "musulmán",
]  # fmt: skip
NATIONALITIES = [
    "Deutsch", "Türkisch", "Polnisch", "Italienisch", "Griechisch", "Kroatisch", "Russisch",
    "Rumänisch", "Syrisch", "Spanisch", "Französisch", "Ungarisch",
]  # fmt: skip


HINDI_NAMES = [
    "अमित शर्मा", "प्रिया वर्मा", "राहुल गुप्ता", "सुनीता यादव", "विकास सिंह", "नेहा जोशी",
    "अनिल कुमार", "पूजा मिश्रा", "संजय पटेल", "कविता शुक्ला", "रोहित मेहता", "अंजलि चौहान",
]  # fmt: skip
GREEK_NAMES = [
    "Γιώργος Παπαδόπουλος", "Μαρία Νικολάου", "Δημήτρης Γεωργίου", "Ελένη Οικονόμου",
    "Νίκος Αντωνίου", "Κατερίνα Μακρή", "Κώστας Ιωάννου", "Σοφία Δημητρίου",
    "Γιάννης Βασιλείου", "Άννα Κωνσταντίνου", "Παύλος Σταθόπουλος", "Ειρήνη Λαμπράκη",
]  # fmt: skip


MEN = [f"{g} {f}" for g in ("Иван", "Сергей", "Дмитрий", "Алексей", "Андрей")
       for f in ("Петров", "Смирнов", "Попов", "Лебедев", "Новиков")]  # fmt: skip
WOMEN = [f"{g} {f}" for g in ("Мария", "Анна", "Елена", "Ольга", "Наталья")
         for f in ("Иванова", "Кузнецова", "Соколова", "Козлова", "Морозова")]  # fmt: skip
RUSSIAN = _pick(MEN + WOMEN)


@pytest.mark.parametrize(
    ("name", "values", "entity", "subtype", "words"),
    [
        # given names under an unhelpful header: found from the values alone
        ("field_12", _fake("en_US", "first_name"), "PERSON", None, ["given names"]),
        ("painter", _fake("fr_FR", "name"), "PERSON", None, ["names gazetteer"]),
        ("Forename", _fake("de_DE", "first_name"), "PERSON", None, ["English: first name"]),
        ("nom_de_famille", _fake("fr_FR", "last_name"), "PERSON", None, ["French: last name"]),
        ("apellido", _fake("es_ES", "last_name"), "PERSON", None, ["Spanish: last name"]),
        ("cognome", _fake("it_IT", "last_name"), "PERSON", None, ["Italian: last name"]),
        ("efternamn", _fake("sv_SE", "last_name"), "PERSON", None, ["Swedish: last name"]),
        ("x7", RUSSIAN, "PERSON", None, ["full names"]),  # Cyrillic, from the values alone
        ("ФИО", _fake("ru_RU", "name"), "PERSON", None, ["Russian: name"]),
        ("woonplaats", _fake("nl_NL", "city"), "LOCATION", "CITY", ["Dutch: city"]),
        ("ciudad", _pick(["Madrid", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza",
                          "Murcia", "Palma", "Vigo", "Gijón", "Córdoba", "Alicante"]),
         "LOCATION", "CITY", ["Spanish: city", "places gazetteer"]),
        ("col_3", _pick(["Lyon", "Marseille", "Toulouse", "Nantes", "Strasbourg", "Bordeaux",
                         "Lille", "Rennes", "Reims", "Grenoble", "Dijon", "Angers"]),
         "LOCATION", "CITY", ["cities"]),
        ("religion", _pick(RELIGIONS), "NRP", "RELIGION", ["English: religion"]),
        ("staatsangehoerigkeit", _pick(NATIONALITIES), "NRP", "NATIONALITY", ["German"]),
        ("x9", _pick(["Frans", "Iers", "Duits", "Spaans", "Italiaans", "Pools", "Turks",
                      "Grieks", "Zweeds", "Noors"]), "NRP", "NATIONALITY", ["NRP list"]),
        ("성", _pick(list("김이박최정강조윤장임한오서신권황안송")), "PERSON", None,
         ["Korean: last name"]),
        # names in scripts no names list holds: the column name and the shape decide
        ("name", _pick(HINDI_NAMES), "PERSON", None, ["English: name"]),
        ("Ονοματεπώνυμο", _pick(GREEK_NAMES), "PERSON", None, ["Greek: name"]),
        # demonyms no list holds, read from the country's name in the gazetteer
        ("x4", _pick(["Franzose", "Italienerin", "Portugiese", "Schwedin", "Kroatin",
                      "Griechin", "Österreicher", "Belgierin", "Finne", "Ungarin", "Polin",
                      "Litauer"]), "NRP", "NATIONALITY", ["nationalities"]),
        ("citoyennete", _pick(["Italienne", "Allemande", "Espagnole", "Portugaise", "Suédoise",
                               "Mexicaine", "Canadienne", "Autrichienne"]),
         "NRP", "NATIONALITY", ["French"]),
        ("громадянство", _pick(["Італієць", "Полька", "Литовець", "Грузинка", "Угорець",
                                "Австрієць", "Японка", "Мексиканець"]),
         "NRP", "NATIONALITY", ["Ukrainian"]),
        ("국적", _pick(["독일인", "프랑스인", "일본인", "캐나다인", "브라질인", "스페인인",
                        "이집트인", "멕시코인"]), "NRP", "NATIONALITY", ["Korean"]),
        ("nacionalidad", _pick(["Alemania", "Francia", "España", "Italia", "Portugal",
                                "México", "Perú", "Chile"]), "NRP", "NATIONALITY", ["Spanish"]),
    ],
)  # fmt: skip
def test_found(
    engine: PolarsEngine,
    registry: Registry,
    name: str,
    values: list[str],
    entity: str,
    subtype: str | None,
    words: list[str],
) -> None:
    finding = _decide(engine, registry, name, values)
    found = {(e.entity, e.subtype) for e in finding.entities}
    assert (entity, subtype) in found, finding.reasons
    reason = next(e.reason for e in finding.entities if e.entity == entity)
    assert all(w in reason for w in words), reason


@pytest.mark.parametrize(
    ("name", "values", "absent"),
    [
        ("pet_name", _pick(PETS), "PERSON"),  # pets are named like people
        ("vessel", _pick(SHIPS), "PERSON"),
        ("storm_name", [f"Hurricane {n}" for n in _fake("en_US", "first_name")], "PERSON"),
        ("product", _fake("en_US", "catch_phrase"), "PERSON"),
        ("sku", [f"AB-{i:05d}" for i in range(ROWS)], "PERSON"),
        ("country_code", _pick(["DE", "FR", "ES", "IT", "PL", "SE", "NL", "PT", "AT", "BE",
                                "DK", "FI"]), "LOCATION"),  # codes, not names
        ("region", _pick(["North", "South", "East", "West"]), "LOCATION"),  # a category
        ("status", _pick(["Active", "Inactive", "Pending"]), "PERSON"),
        ("product_name", _pick(["सूती कुर्ता", "चाय पत्ती", "पीतल दीया", "रेशमी साड़ी",
                                "मसाला डिब्बा", "लकड़ी खिलौना", "मिट्टी घड़ा", "ऊनी शॉल",
                                "तांबे लोटा", "कांच चूड़ी", "जूट थैला", "बांस टोकरी"]),
         "PERSON"),  # products in Devanagari: the name says things
        ("language", _pick(["French", "German", "Spanish", "Italian", "Polish", "Dutch",
                            "Swedish", "Greek"]), "NRP"),  # language names, not nationalities
    ],
)  # fmt: skip
def test_not_found(
    engine: PolarsEngine, registry: Registry, name: str, values: list[str], absent: str
) -> None:
    finding = _decide(engine, registry, name, values)
    assert absent not in finding.entity_types, finding.reasons


def test_thing_column_says_why(engine: PolarsEngine, registry: Registry) -> None:
    finding = _decide(engine, registry, "pet_name", _pick(PETS))
    assert any("names things, not people" in r for r in finding.reasons)


def _table(
    engine: PolarsEngine, registry: Registry, frame: pl.DataFrame
) -> dict[str, ColumnFinding]:
    evidence = engine.table_evidence(frame)
    findings = decide_columns(evidence, registry, Policy(), Thresholds())
    return {f.column: f for f in findings}


def test_places_without_people_are_reference_data(engine: PolarsEngine, registry: Registry) -> None:
    cities = _fake("de_DE", "city")
    frame = pl.DataFrame({"warehouse_city": cities, "stock": list(range(ROWS))})
    finding = _table(engine, registry, frame)["warehouse_city"]
    assert "LOCATION" not in finding.entity_types
    assert any("no column about people" in r for r in finding.reasons)


def test_places_beside_people_are_location(engine: PolarsEngine, registry: Registry) -> None:
    frame = pl.DataFrame({"kunde": _fake("de_DE", "name"), "stadt": _fake("de_DE", "city")})
    findings = _table(engine, registry, frame)
    assert "PERSON" in findings["kunde"].entity_types
    assert "LOCATION" in findings["stadt"].entity_types


TEXTS = [
    "I moved to Lyon last spring and the parcel never arrived.",
    "Please send the invoice to our office in Hamburg.",
    "Our team in Madrid cannot log in since Monday.",
    "The courier left the box at the depot near Rotterdam.",
    "Thanks for the quick answer, all good now.",
    "We are travelling from Vienna to Prague next week, can we pause the plan?",
    "The app crashes when I open the settings page.",
]


def test_free_text_places(engine: PolarsEngine, registry: Registry) -> None:
    finding = _decide(engine, registry, "body", _pick(TEXTS))
    assert finding.free_text
    location = [e for e in finding.entities if e.entity == "LOCATION"]
    assert location and "places gazetteer" in location[0].reason


def test_free_text_without_places(engine: PolarsEngine, registry: Registry) -> None:
    texts = [
        "The app crashes when I open the settings page again today.",
        "Reading the manual did not help me with the printer setup.",
        "Thanks for the quick answer, all good now with the account.",
        "Charlotte said the export button is greyed out for her.",
    ]
    finding = _decide(engine, registry, "body", _pick(texts))
    assert "LOCATION" not in finding.entity_types


def test_weak_thing_word_is_weighed_by_the_table(engine: PolarsEngine, registry: Registry) -> None:
    """`item` is no ship or pet: beside emails its given names are people's."""
    names = _fake("de_DE", "first_name")
    people = pl.DataFrame({"item": names, "email": _fake("de_DE", "email")})
    things = pl.DataFrame({"item": names, "warehouse": [f"W{i % 4}" for i in range(ROWS)]})
    assert "PERSON" in _table(engine, registry, people)["item"].entity_types
    assert "PERSON" not in _table(engine, registry, things)["item"].entity_types


NORDIC_STREETS = [
    "Fjellvika 12", "Bjørkelia 3B", "Sandmoen 41", "Eikegrenda 7", "Granbråten 19",
    "Lyngholtet 2", "Furuveien 88", "Solgløtt 5C", "Kirkebakken 14", "Åsgårdstykket 6",
]  # fmt: skip
CZECH_STREETS = [
    "Na Příkopě 12", "Vodičkova 681/14", "Karlova 3", "Nerudova 211/5", "U Nemocnice 499/2",
    "Husova 7", "Dlouhá 730/4", "Lidická 22", "Jindřišská 16", "Štěpánská 61",
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "values"),
    [("gateadresse", NORDIC_STREETS), ("ulice", CZECH_STREETS), ("Street", NORDIC_STREETS)],
)
def test_street_lines_under_a_street_name(
    engine: PolarsEngine, registry: Registry, name: str, values: list[str]
) -> None:
    """A name and a house number in any language is a street line when the column name says
    the column holds addresses."""
    finding = _decide(engine, registry, name, _pick(values))
    found = {(e.entity, e.subtype) for e in finding.entities}
    assert ("LOCATION", "STREET_ADDRESS") in found, finding.reasons


@pytest.mark.parametrize("name", ["model", "col_4", "room"])
def test_name_and_number_alone_is_no_address(
    engine: PolarsEngine, registry: Registry, name: str
) -> None:
    values = _pick([f"{w} {n}" for w in ("Model", "Room", "Gate", "Level", "Series")
                    for n in (1, 2, 3, 12, 40)])  # fmt: skip
    finding = _decide(engine, registry, name, values)
    assert "LOCATION" not in finding.entity_types, finding.reasons


DIAGNOSES = [
    "K35.80", "N18.3", "I48.91", "E66.9", "G47.33", "M79.7", "R07.9", "J44.1", "F33.1",
    "L03.115", "H40.11", "T78.40XA", "Z79.4", "I50.9", "D50.9", "K57.30",
]  # fmt: skip


@pytest.mark.parametrize(("people", "codes", "found"), [
    (True, DIAGNOSES, True),  # ICD-10 codes beside patients' names, under a name saying nothing
    (False, DIAGNOSES, False),  # the same codes in a table about no one: a code list
    (True, [f"{r}{n}" for r in "ABCD" for n in (10, 12, 14, 21)], False),  # seats, not codes
])  # fmt: skip
def test_diagnosis_codes_in_a_table_about_people(
    engine: PolarsEngine, registry: Registry, people: bool, codes: list[str], found: bool
) -> None:
    frame = pl.DataFrame({"x3": _pick(codes), "qty": list(range(ROWS))})
    if people:
        frame = frame.with_columns(pl.Series("patient", _fake("en_US", "name")))
    finding = _table(engine, registry, frame)["x3"]
    assert ("ICD10_CODE" in finding.entity_types) is found, finding.reasons
    if found:
        assert any("in a table about people" in r for r in finding.reasons)


SURNAMES = [
    "Bauer", "Krüger", "Wolff", "Zimmermann", "Hartmann", "Lange", "Schmitt", "Werner",
    "Gumprich", "Austermühle", "Trautwein", "Kiesewetter", "Obermaier", "Pfisterer",
    "Wendtland", "Haselhorst", "Rosenkötter", "Quandtner",
]  # fmt: skip
DEPARTMENTS = [
    "Finance", "Marketing", "Logistics", "Procurement", "Engineering", "Research",
    "Support", "Legal", "Facilities", "Security", "Training", "Compliance",
]  # fmt: skip


@pytest.mark.parametrize(("people", "values", "found"), [
    (True, SURNAMES, True),  # half of them unknown family names, beside emails
    (False, SURNAMES, False),  # the values alone fall short of the share they need
    (True, DEPARTMENTS, False),  # words of a table about people, but no names
])  # fmt: skip
def test_names_beside_columns_about_people(
    engine: PolarsEngine, registry: Registry, people: bool, values: list[str], found: bool
) -> None:
    frame = pl.DataFrame({"misc": _pick(values), "qty": list(range(ROWS))})
    if people:
        frame = frame.with_columns(pl.Series("e_mail", _fake("de_DE", "email")))
    finding = _table(engine, registry, frame)["misc"]
    assert ("PERSON" in finding.entity_types) is found, finding.reasons
    if found:
        assert any("in a table about people" in r for r in finding.reasons)


@pytest.mark.parametrize(("people", "values", "found"), [
    (True, [f"{s.split()[0]} {n}" for s in NORDIC_STREETS[:6] for n in range(1, 11)], True),
    (False, [f"{s.split()[0]} {n}" for s in NORDIC_STREETS[:6] for n in range(1, 11)], False),
    (True, [f"Premium Plan {n}" for n in (1, 2, 3)], False),  # repeats: plans, not homes
])  # fmt: skip
def test_street_lines_beside_columns_about_people(
    engine: PolarsEngine, registry: Registry, people: bool, values: list[str], found: bool
) -> None:
    rng = random.Random(5)
    frame = pl.DataFrame({"x5": rng.sample(values, len(values)) if found else _pick(values)})
    if people:
        frame = frame.with_columns(pl.Series("e_mail", _fake("no_NO", "email")[: frame.height]))
    finding = _table(engine, registry, frame)["x5"]
    assert ("LOCATION" in finding.entity_types) is found, finding.reasons


COMPOSERS = [
    "Johann Sebastian Bach", "Ludwig van Beethoven", "Franz Schubert", "Richard Wagner",
    "Johannes Brahms", "Antonín Dvořák", "Claude Debussy", "Maurice Ravel", "Edvard Grieg",
    "Gustav Mahler", "Frédéric Chopin", "Robert Schumann",
]  # fmt: skip


@pytest.mark.parametrize(("people", "found"), [(False, False), (True, True)])
def test_creators_of_works_are_public_figures_without_people(
    engine: PolarsEngine, registry: Registry, people: bool, found: bool
) -> None:
    frame = pl.DataFrame({"composer": _pick(COMPOSERS), "year": list(range(1900, 1900 + ROWS))})
    if people:  # a commission: the client's email makes the table about people
        frame = frame.with_columns(pl.Series("client_email", _fake("de_DE", "email")))
    finding = _table(engine, registry, frame)["composer"]
    assert ("PERSON" in finding.entity_types) is found, finding.reasons
    if not found:
        assert any("creators of works" in r for r in finding.reasons)
