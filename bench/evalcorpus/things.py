"""Kinds of negative columns: business identifiers, hashes, things with names, system times."""

from __future__ import annotations

import string

from mimesis.enums import Algorithm

from bench.evalcorpus import context as ref
from bench.evalcorpus.context import Context
from bench.evalcorpus.kinds import Kind, Maker, register

# Public figures as the subjects of a catalogue (books, recordings), not as data subjects:
# documented in README.md as hard negatives.
AUTHORS = (
    "Jane Austen", "Charles Dickens", "Leo Tolstoy", "Fyodor Dostoevsky", "Victor Hugo",
    "Gustave Flaubert", "Thomas Mann", "Franz Kafka", "Miguel de Cervantes", "Dante Alighieri",
    "Virginia Woolf", "Mark Twain", "Herman Melville", "Emily Brontë", "George Eliot",
    "Johann Wolfgang von Goethe", "Selma Lagerlöf", "Henrik Ibsen", "Hans Christian Andersen",
    "Alexandre Dumas", "Honoré de Balzac", "Jules Verne", "Oscar Wilde", "Edgar Allan Poe",
    "Anton Chekhov", "Nikolai Gogol", "Benito Pérez Galdós", "Luigi Pirandello",
    "Multatuli", "Adam Mickiewicz", "Eça de Queirós", "Machado de Assis", "Natsume Sōseki",
    "Rabindranath Tagore", "Lu Xun", "Murasaki Shikibu",
)  # fmt: skip
COMPOSERS = (
    "Johann Sebastian Bach", "Ludwig van Beethoven", "Wolfgang Amadeus Mozart", "Frédéric Chopin",
    "Giuseppe Verdi", "Antonín Dvořák", "Pyotr Ilyich Tchaikovsky", "Claude Debussy",
    "Edvard Grieg", "Jean Sibelius", "Johannes Brahms", "Franz Schubert", "Richard Wagner",
    "Gustav Mahler", "Maurice Ravel", "Giacomo Puccini", "Manuel de Falla", "Béla Bartók",
)  # fmt: skip
PETS = (
    "Bella", "Max", "Luna", "Charlie", "Milo", "Coco", "Rocky", "Simba", "Nala", "Oscar",
    "Biscuit", "Pepper", "Shadow", "Ziggy", "Mochi", "Felix", "Bruno", "Kira", "Tiger", "Balu",
)  # fmt: skip
SHIP_PREFIXES = ("MV", "MS", "SS", "MT", "RV", "")
SHIP_WORDS = (
    "Northern Star", "Atlantic Spirit", "Ocean Pioneer", "Nordic Breeze", "Sea Falcon",
    "Baltic Trader", "Silver Wave", "Polar Light", "Pacific Dawn", "Cape Horizon",
)  # fmt: skip
SPECIES = ("dog", "cat", "rabbit", "horse", "parrot", "guinea pig", "hamster", "tortoise")
STATUSES = ("open", "closed", "pending", "shipped", "cancelled", "active", "archived")
DEPARTMENTS = ("Sales", "Finance", "Engineering", "Support", "Logistics", "Marketing", "Legal")
DOC_TYPES = ("passport", "id card", "residence permit", "tax card")
CATEGORIES = ("A", "B", "C", "TS", "1", "2", "3", "4", "5")


def _digits(ctx: Context, low: int, high: int) -> str:
    return "".join(ctx.rng.choice(string.digits) for _ in range(ctx.rng.randint(low, high)))


def _version(ctx: Context) -> str:
    parts = [ctx.rng.randint(0, 12) for _ in range(ctx.rng.choice((2, 3, 3, 4)))]
    return ".".join(map(str, parts)) + ctx.rng.choice(("", "", "-rc1", "-beta"))


def _licence_key(ctx: Context) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(ctx.rng.choice(alphabet) for _ in range(5)) for _ in range(5))


def _city(ctx: Context) -> dict:
    return ctx.rng.choice(ref.cities())


def _ship(ctx: Context) -> str:
    name = ctx.rng.choice(SHIP_WORDS) if ctx.rng.random() < 0.6 else ctx.fake.first_name()
    return f"{ctx.rng.choice(SHIP_PREFIXES)} {name}".strip()


def _isbn(ctx: Context) -> str:
    body = "978" + _digits(ctx, 9, 9)
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def _imo(ctx: Context) -> str:
    body = _digits(ctx, 6, 6)
    return body + str(sum(int(d) * (7 - i) for i, d in enumerate(body)) % 10)


# Reviews that name no person and no place, in the languages of the column names.
REVIEWS = (
    "Works as described, battery lasts about two days.", "Arrived quickly and well packed.",
    "The colour is darker than in the pictures.", "Stopped charging after a month, refund asked.",
    "Great value for the price, would buy again.", "The size runs small, order one up.",
    "Funktioniert einwandfrei, schnelle Lieferung.", "Die Verpackung war beschädigt.",
    "Très bon produit, conforme à la description.", "Livraison rapide, mais notice absente.",
    "Buena calidad, llegó antes de lo previsto.", "El tamaño es más pequeño de lo esperado.",
    "Ottimo rapporto qualità prezzo.", "Werkt prima, snel geleverd.",
    "Produto excelente, recomendo.", "Bra kvalitet men lite dyr.", "Produkt zgodny z opisem.",
)  # fmt: skip


def _clean_comment(ctx: Context) -> str:
    first = ctx.rng.choice(REVIEWS)
    return first if ctx.rng.random() < 0.6 else f"{first} {ctx.rng.choice(REVIEWS)}"


def _pick_company(ctx: Context) -> str:
    """Company names, many built from family names ("Smith, Jones and Brown"): not persons."""
    return str(ctx.fake.company() if ctx.use_faker else ctx.mim.finance.company())


def _hard(key: str, concept: str, make: Maker) -> Kind:
    return Kind(key, concept, make, hard=True)


register(
    Kind("record_id", "record_id", lambda c: c.rng.randint(1, 10**6)),
    _hard("sku", "sku", lambda c: f"{c.fake.lexify('???').upper()}-{_digits(c, 4, 6)}"
          + c.rng.choice(("", "-XL", "-S", "-BLK"))),
    _hard("order_no", "order_no", lambda c: _digits(c, 8, 11)),
    _hard("ticket_no", "ticket_no", lambda c: c.rng.choice(("INC", "CS-", "")) + _digits(c, 6, 9)),
    _hard("invoice_no", "invoice_no", lambda c: f"INV-{c.rng.randint(2019, 2025)}-"
          + _digits(c, 6, 6)),
    _hard("version", "version", _version),
    _hard("md5", "md5", lambda c: c.mim.cryptographic.hash(_algo("MD5"))),
    _hard("sha1", "sha1", lambda c: c.mim.cryptographic.hash(_algo("SHA1"))),
    _hard("sha256", "sha256", lambda c: c.mim.cryptographic.hash(_algo("SHA256"))),
    _hard("author", "author", lambda c: c.rng.choice(AUTHORS)),
    _hard("composer", "composer", lambda c: c.rng.choice(COMPOSERS)),
    _hard("book_title", "book_title", lambda c: c.fake.catch_phrase()),
    _hard("warehouse_city", "warehouse_city", lambda c: _city(c)["name"]),
    _hard("station", "station", lambda c: _city(c)["name"]
          + c.rng.choice(("", " Airport", " Harbour", " Observatory", "-Nord"))),
    _hard("airport_city", "airport_city", lambda c: _city(c)["name"]),
    _hard("ship", "ship", _ship),
    _hard("storm", "storm", lambda c: c.fake.first_name()),
    _hard("product", "product", lambda c: c.rng.choice((c.mim.food.dish, c.mim.hardware.phone_model,
          c.mim.food.fruit))()),
    _hard("pet", "pet", lambda c: c.rng.choice(PETS)),
    _hard("created_at", "created_at", lambda c: c.moment()),
    _hard("updated_at", "updated_at", lambda c: c.moment()),
    _hard("event_time", "event_time", lambda c: c.moment(2024, 2025)),
    _hard("expiry", "expiry", lambda c: c.day(2026, 2034)),
    _hard("licence_key", "licence_key", _licence_key),
    _hard("timezone", "timezone", lambda c: c.rng.choice(ref.timezones())),
    _hard("reference_country", "reference_country", lambda c: c.rng.choice(ref.countries())[0]),
    _hard("language_name", "language_name", lambda c: c.rng.choice(ref.languages())),
    _hard("imo", "imo", _imo),
    _hard("isbn", "isbn", _isbn),
    _hard("comment_clean", "comment_clean", _clean_comment),
    _hard("status", "status", lambda c: c.rng.choice(STATUSES)),
    Kind("amount", "amount", lambda c: round(c.rng.uniform(1, 5000), 2)),
    Kind("quantity", "quantity", lambda c: c.rng.randint(1, 500)),
    Kind("flag", "flag", lambda c: c.rng.random() < 0.5),
    Kind("http_status", "http_status", lambda c: c.rng.choice((200, 201, 301, 404, 500))),
    Kind("currency", "currency", lambda c: c.rng.choice(ref.currencies())[0]),
    Kind("currency_name", "currency_name", lambda c: c.rng.choice(ref.currencies())[1]),
    Kind("country_code", "country_code", lambda c: c.rng.choice(ref.countries())[1]),
    Kind("population", "population", lambda c: _city(c)["population"]),
    Kind("latitude", "latitude", lambda c: round(c.rng.uniform(-60, 70), 5)),
    Kind("longitude", "longitude", lambda c: round(c.rng.uniform(-180, 180), 5)),
    Kind("measurement", "measurement", lambda c: round(c.rng.gauss(12, 8), 1)),
    Kind("year", "year", lambda c: c.rng.randint(1850, 2024)),
    Kind("category", "category", lambda c: c.rng.choice(CATEGORIES)),
    Kind("species", "species", lambda c: c.rng.choice(SPECIES)),
    Kind("firmware", "firmware", _version),
    Kind("department", "department", lambda c: c.rng.choice(DEPARTMENTS)),
    Kind("document_type", "document_type", lambda c: c.rng.choice(DOC_TYPES)),
    Kind("seats", "seats", lambda c: c.rng.choice((5, 10, 25, 50, 100, 250))),
    Kind("bytes", "bytes", lambda c: c.rng.randint(200, 10**6)),
    Kind("tonnage", "tonnage", lambda c: c.rng.randint(500, 220000)),
    Kind("wind", "wind", lambda c: c.rng.randint(35, 160)),
    Kind("device_id", "device_id", lambda c: c.mim.cryptographic.uuid(), ("UUID",)),
    _hard("company", "company", lambda c: _pick_company(c)),
    _hard("flight_no", "flight_no", lambda c: f"{c.fake.lexify('??').upper()}{_digits(c, 3, 4)}"),
    _hard("departure", "departure", lambda c: c.moment(2024, 2025)),
    _hard("course_code", "course_code",
          lambda c: f"{c.rng.choice(('MATH', 'CS', 'BIO', 'ECON', 'HIST'))}-{_digits(c, 3, 3)}"),
)  # fmt: skip


def _algo(name: str) -> Algorithm:
    return Algorithm[name]
