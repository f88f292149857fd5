"""Tables about things: finance, web, products, ML, weather, legal, IoT, ops and public data."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from stdnum import iban as iban_check

from .common import Gen, Rows, Table, unique

CURRENCIES = ("EUR", "GBP", "USD")


def payments() -> Table:
    gen = Gen("finance/payments")
    merchants = [
        gen.fake(loc).company() for loc in ("en_US", "en_GB", "de_DE", "fr_FR") for _ in range(5)
    ]
    rows = Rows(
        "payment_id",
        "customer_id",
        "card_number",
        "card_expiry",
        "amount",
        "currency",
        "merchant",
        "paid_at",
    )
    for n in range(500):
        expiry = f"{gen.rng.randint(1, 12):02d}/{gen.rng.randint(25, 31)}"
        rows.add(
            f"PAY-{n + 1:08d}",
            gen.rng.randrange(100001, 100401),
            gen.card(),
            expiry,
            gen.money(3, 900),
            gen.rng.choice(CURRENCIES),
            gen.rng.choice(merchants),
            gen.moment(datetime(2024, 1, 1), datetime(2024, 12, 31)),
        )
    notes = {
        "card_number": "Luhn-valid (Faker credit_card_number), digits only, 13-19 long",
        "merchant": "company names; not persons",
    }
    return Table("finance/payments.csv", rows.columns, {"card_number": "CREDIT_CARD"}, notes)


def transactions() -> Table:
    gen = Gen("finance/transactions")
    rows = Rows("transaction_ref", "booked_at", "amount", "currency", "direction", "description")
    for _ in range(600):
        booked = gen.moment(datetime(2024, 1, 1), datetime(2024, 12, 31))
        rows.add(
            gen.non_luhn_ref(booked.date()),
            booked,
            gen.money(1, 25000),
            gen.rng.choice(CURRENCIES),
            gen.rng.choice(("debit", "credit")),
            gen.rng.choice(
                ("Card settlement", "SEPA transfer", "Direct debit", "Fee", "Refund", "Interest")
            ),
        )
    notes = {"transaction_ref": "hard negative: 16 digits, deliberately NOT Luhn-valid"}
    return Table("finance/transactions.tsv", rows.columns, {}, notes)


def supplier_invoices() -> Table:
    gen = Gen("finance/supplier_invoices")
    rows = Rows(
        "invoice_id",
        "supplier",
        "contact_name",
        "contact_email",
        "payee_iban",
        "issue_date",
        "due_date",
        "amount",
        "currency",
        "status",
    )
    for n in range(250):
        loc = gen.rng.choice(("de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "en_GB"))
        first, last = gen.person(loc)
        iban = gen.fake(loc).iban()
        assert iban_check.is_valid(iban)
        issued = gen.day(date(2024, 1, 1), date(2024, 12, 1))
        rows.add(
            f"INV-2024-{n + 1:04d}",
            gen.fake(loc).company(),
            f"{first} {last}",
            gen.email(first, last),
            iban,
            issued,
            issued + timedelta(days=30),
            gen.money(120, 48000),
            gen.rng.choice(("EUR", "GBP")),
            gen.rng.choice(("paid", "open", "overdue")),
        )
    labels = {"contact_name": "PERSON", "contact_email": "EMAIL_ADDRESS", "payee_iban": "IBAN_CODE"}
    return Table(
        "finance/supplier_invoices.json",
        rows.columns,
        labels,
        {"supplier": "company names; not persons"},
    )


USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
)
PAGES = (
    "/",
    "/products",
    "/products/sku-10045-bl",
    "/products/sku-20817-gr",
    "/cart",
    "/checkout",
    "/account",
    "/search?q=desk+lamp",
    "/help/returns",
    "/blog/setup-guide",
)
SHOP = "https://shop.example.com"


def _ip(gen: Gen) -> str:
    fake = gen.fake()
    return fake.ipv6() if gen.rng.random() < 0.15 else fake.ipv4_public()


def clickstream() -> Table:
    gen = Gen("web/clickstream")
    rows = Rows("session_id", "ip_address", "user_agent", "ts", "event", "page", "url")
    total = 5000
    while len(rows.columns["session_id"]) < total:
        session, ip, agent = gen.fake().uuid4(), _ip(gen), gen.rng.choice(USER_AGENTS)
        ts = gen.moment(datetime(2024, 11, 1), datetime(2024, 12, 1))
        for _ in range(min(gen.rng.randint(1, 12), total - len(rows.columns["session_id"]))):
            page = gen.rng.choice(PAGES)
            ts += timedelta(seconds=gen.rng.randint(3, 240))
            url = SHOP + page + ("" if gen.rng.random() < 0.7 else "?utm_source=newsletter")
            rows.add(
                session, ip, agent, ts, gen.rng.choice(("page_view", "click", "scroll")), page, url
            )
    labels = {"session_id": "UUID", "ip_address": "IP_ADDRESS", "url": "URL"}
    notes = {"ip_address": "public IPv4, about 15% IPv6", "page": "URL path only"}
    return Table("web/clickstream.parquet", rows.columns, labels, notes)


def access_log() -> Table:
    gen = Gen("web/access_log_sample")
    rows = Rows(
        "ts", "client_ip", "method", "path", "status", "bytes_sent", "referer", "user_agent"
    )
    for _ in range(400):
        referer = (SHOP + gen.rng.choice(PAGES)) if gen.rng.random() < 0.4 else "-"
        rows.add(
            gen.moment(datetime(2024, 12, 1), datetime(2024, 12, 2)),
            _ip(gen),
            gen.rng.choice(("GET", "GET", "GET", "POST", "HEAD")),
            gen.rng.choice(PAGES),
            gen.rng.choice((200, 200, 200, 301, 304, 404, 500)),
            gen.rng.randint(200, 90000),
            referer,
            gen.rng.choice(USER_AGENTS),
        )
    return Table(
        "web/access_log_sample.csv.gz",
        rows.columns,
        {"client_ip": "IP_ADDRESS", "referer": "URL"},
        {"referer": "full URL in about 40% of rows, '-' otherwise"},
    )


ADJECTIVES = (
    "Ergonomic",
    "Rustic",
    "Sleek",
    "Handcrafted",
    "Practical",
    "Intelligent",
    "Durable",
    "Compact",
    "Refined",
    "Incredible",
)
MATERIALS = (
    "Steel",
    "Oak",
    "Cotton",
    "Granite",
    "Bamboo",
    "Leather",
    "Aluminium",
    "Ceramic",
    "Wool",
    "Glass",
)
PRODUCT_NOUNS = (
    "Chair",
    "Desk",
    "Lamp",
    "Table",
    "Shelf",
    "Mug",
    "Bag",
    "Keyboard",
    "Stool",
    "Bench",
    "Clock",
    "Vase",
)
USES = (
    "home offices",
    "small flats",
    "busy kitchens",
    "weekend trips",
    "studios",
    "shared workspaces",
)
COLOURS = ("BL", "GR", "RD", "BK", "WH", "NV", "OL")


def skus() -> list[str]:
    gen = Gen("products/skus")
    return unique(lambda: f"SKU-{gen.rng.randint(10000, 99999)}-{gen.rng.choice(COLOURS)}", 300)


def catalog() -> Table:
    gen = Gen("products/catalog")
    rows = Rows("sku", "name", "category", "price", "description", "ean13")
    for sku in skus():
        adj, material, noun = (gen.rng.choice(x) for x in (ADJECTIVES, MATERIALS, PRODUCT_NOUNS))
        article = "An" if adj[0] in "AEIOU" else "A"
        description = (
            f"{article} {adj.lower()} {noun.lower()} made from {material.lower()}, "
            f"ideal for {gen.rng.choice(USES)}."
        )
        rows.add(
            sku,
            f"{adj} {material} {noun}",
            gen.rng.choice(("Furniture", "Home", "Office")),
            gen.money(9, 899),
            description,
            gen.fake().ean13(),
        )
    notes = {"name": "product names, NOT persons", "ean13": "valid EAN-13 barcodes"}
    return Table("products/catalog.csv", rows.columns, {}, notes)


WAREHOUSES = ("WH-AMS-01", "WH-FRA-02", "WH-MAD-01", "WH-LDS-01")


def inventory() -> Table:
    gen = Gen("products/inventory")
    rows = Rows("sku", "warehouse", "quantity", "content_sha256", "updated_at")
    for sku in skus():
        for warehouse in gen.rng.sample(WAREHOUSES, 2):
            quantity = gen.rng.randint(0, 1200)
            digest = hashlib.sha256(f"{sku}|{warehouse}|{quantity}".encode()).hexdigest()
            rows.add(
                sku,
                warehouse,
                quantity,
                digest,
                gen.moment(datetime(2024, 12, 1), datetime(2024, 12, 31)),
            )
    return Table(
        "products/inventory.parquet",
        rows.columns,
        {},
        {"content_sha256": "hard negative: sha256 hex digests"},
    )


def churn_features() -> Table:
    gen = Gen("ml/features_customer_churn")
    rows = Rows(
        "customer_id",
        "tenure_months",
        "monthly_spend",
        "support_tickets_90d",
        "avg_session_minutes",
        "days_since_last_login",
        "user_hash",
        "label",
    )
    for customer_id in range(100001, 100401):
        user_hash = hashlib.sha256(f"warden-salt:{customer_id}".encode()).hexdigest()[:32]
        rows.add(
            customer_id,
            gen.rng.randint(1, 72),
            gen.money(5, 250),
            gen.rng.randint(0, 9),
            round(gen.rng.uniform(0.5, 45), 1),
            gen.rng.randint(0, 120),
            user_hash,
            int(gen.rng.random() < 0.18),
        )
    return Table(
        "ml/features_customer_churn.parquet",
        rows.columns,
        {},
        {"user_hash": "pseudonymised id (truncated salted sha256 hex)"},
    )


def embeddings_meta() -> Table:
    gen = Gen("ml/embeddings_meta")
    rows = Rows("doc_id", "chunk_id", "source_uri", "token_count", "embedding_model")
    doc = 0
    while len(rows.columns["doc_id"]) < 400:
        doc += 1
        slug = gen.rng.choice(("faq", "policy", "handbook", "guide", "release-notes"))
        uri = f"https://intranet.example.com/docs/{slug}-{doc:04d}.html"
        for chunk in range(min(gen.rng.randint(1, 9), 400 - len(rows.columns["doc_id"]))):
            rows.add(
                f"DOC-{doc:06d}", chunk, uri, gen.rng.randint(64, 512), "text-embedding-3-small"
            )
    return Table("ml/embeddings_meta.jsonl", rows.columns, {"source_uri": "URL"})


# (kind, name, basin, approximate start date): real storms; the track points are invented.
STORMS = (
    ("Hurricane", "Katrina", "North Atlantic", date(2005, 8, 23)),
    ("Hurricane", "Sandy", "North Atlantic", date(2012, 10, 22)),
    ("Hurricane", "Harvey", "North Atlantic", date(2017, 8, 17)),
    ("Hurricane", "Irma", "North Atlantic", date(2017, 8, 30)),
    ("Hurricane", "Maria", "North Atlantic", date(2017, 9, 16)),
    ("Hurricane", "Michael", "North Atlantic", date(2018, 10, 7)),
    ("Hurricane", "Florence", "North Atlantic", date(2018, 8, 31)),
    ("Hurricane", "Dorian", "North Atlantic", date(2019, 8, 24)),
    ("Hurricane", "Ida", "North Atlantic", date(2021, 8, 26)),
    ("Hurricane", "Ian", "North Atlantic", date(2022, 9, 23)),
    ("Hurricane", "Beryl", "North Atlantic", date(2024, 6, 28)),
    ("Hurricane", "Milton", "North Atlantic", date(2024, 10, 5)),
    ("Hurricane", "Otis", "East Pacific", date(2023, 10, 22)),
    ("Storm", "Ciara", "North East Atlantic", date(2020, 2, 8)),
    ("Storm", "Dennis", "North East Atlantic", date(2020, 2, 13)),
    ("Storm", "Arwen", "North East Atlantic", date(2021, 11, 26)),
    ("Storm", "Eunice", "North East Atlantic", date(2022, 2, 18)),
    ("Storm", "Babet", "North East Atlantic", date(2023, 10, 18)),
    ("Storm", "Isha", "North East Atlantic", date(2024, 1, 21)),
    ("Storm", "Darragh", "North East Atlantic", date(2024, 12, 6)),
    ("Typhoon", "Haiyan", "West Pacific", date(2013, 11, 3)),
    ("Typhoon", "Mangkhut", "West Pacific", date(2018, 9, 7)),
    ("Typhoon", "Hagibis", "West Pacific", date(2019, 10, 4)),
    ("Typhoon", "Doksuri", "West Pacific", date(2023, 7, 20)),
    ("Cyclone", "Idai", "South Indian", date(2019, 3, 4)),
    ("Cyclone", "Amphan", "North Indian", date(2020, 5, 16)),
    ("Cyclone", "Freddy", "South Indian", date(2023, 2, 6)),
    ("Cyclone", "Mocha", "North Indian", date(2023, 5, 9)),
)
BASIN_BOX = {
    "North Atlantic": (15, 30, -80, -55),
    "East Pacific": (10, 16, -105, -98),
    "North East Atlantic": (48, 56, -20, -8),
    "West Pacific": (10, 25, 120, 145),
    "South Indian": (-22, -12, 40, 60),
    "North Indian": (10, 18, 84, 92),
}


def _track(gen: Gen, storm: tuple, points: int) -> list[tuple]:
    """A daily track drifting north-west (south-west below the equator)."""
    kind, _name, basin, start = storm
    lat0, lat1, lon0, lon1 = BASIN_BOX[basin]
    lat, lon = gen.rng.uniform(lat0, lat1), gen.rng.uniform(lon0, lon1)
    step = 1 if lat > 0 else -1
    category, track = gen.rng.randint(1, 3), []
    for day in range(points):
        if kind != "Storm":
            category = max(1, min(5, category + gen.rng.choice((-1, 0, 1, 1))))
        track.append(
            (
                0 if kind == "Storm" else category,
                round(lat, 2),
                round(lon, 2),
                start + timedelta(days=day),
            )
        )
        lat += step * gen.rng.uniform(0.5, 1.5)
        lon += gen.rng.uniform(-2.0, 0.5) if basin != "North East Atlantic" else 2.5
    return track


def storms() -> Table:
    gen = Gen("weather/storms")
    rows = Rows("storm_id", "name", "basin", "category", "lat", "lon", "date")
    for index, storm in enumerate(STORMS):
        points = 200 // len(STORMS) + (index < 200 % len(STORMS))
        for point in _track(gen, storm, points):
            rows.add(f"ST-{index + 1:03d}", f"{storm[0]} {storm[1]}", storm[2], *point)
    notes = {
        "name": "storm names such as Hurricane Katrina, NOT persons",
        "date": "observation date; tracks are invented",
    }
    return Table("weather/storms.csv", rows.columns, {}, notes)


def contracts() -> Table:
    gen = Gen("legal/contracts_index")
    rows = Rows("contract_id", "counterparty", "contract_type", "signed_date", "value", "currency")
    for n in range(200):
        company = gen.fake(gen.rng.choice(("en_US", "en_GB", "de_DE", "nl_NL"))).company()
        rows.add(
            f"CTR-{2019 + n % 6}-{n + 1:04d}",
            company,
            gen.rng.choice(("MSA", "NDA", "DPA", "SOW", "Lease", "Licence")),
            gen.day(date(2019, 1, 1), date(2024, 12, 31)),
            gen.money(1000, 2500000),
            gen.rng.choice(CURRENCIES),
        )
    return Table(
        "legal/contracts_index.tsv",
        rows.columns,
        {},
        {"counterparty": "company names, some built from surnames; not persons"},
    )


SENSORS = (
    ("temperature", "C", 15, 32),
    ("humidity", "%", 20, 80),
    ("co2", "ppm", 400, 1600),
    ("power", "W", 0, 3500),
)


def sensor_readings() -> Table:
    gen = Gen("iot/sensor_readings")
    devices = []
    for n in range(40):
        mac = gen.fake().mac_address()
        devices.append(
            (
                f"dev-{n + 1:04d}",
                mac.upper().replace(":", "-") if n % 4 == 0 else mac,
                gen.rng.choice(SENSORS),
            )
        )
    rows = Rows("device_id", "mac_address", "sensor_type", "reading", "unit", "ts")
    for _ in range(500):
        device, mac, (kind, unit, low, high) = gen.rng.choice(devices)
        rows.add(
            device,
            mac,
            kind,
            round(gen.rng.uniform(low, high), 2),
            unit,
            gen.moment(datetime(2024, 12, 1), datetime(2024, 12, 8)),
        )
    return Table(
        "iot/sensor_readings.csv",
        rows.columns,
        {"mac_address": "MAC_ADDRESS"},
        {"mac_address": "colon lower-case, every 4th device dash upper-case"},
    )


CLEAN_NOTES = (
    "ok",
    "checked",
    "follow up next quarter",
    "duplicate",
    "n/a",
    "migrated",
    "awaiting approval",
    "archived",
    "",
)


def _card_formatted(gen: Gen) -> str:
    number = gen.card()
    if gen.rng.random() < 0.5 or len(number) != 16:
        return number
    sep = gen.rng.choice((" ", "-"))
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def unhelpful_names() -> Table:
    gen = Gen("ops/unhelpful_names")
    rows = Rows("col_a", "field_7", "x3", "misc", "c5", "notes")
    for _ in range(300):
        first, last = gen.person()
        loc = gen.rng.choice(("en_US", "en_GB"))
        ssn = gen.ssn()
        rows.add(
            gen.email(first, last),
            gen.phone(loc),
            _card_formatted(gen),
            ssn if gen.rng.random() < 0.7 else ssn.replace("-", " "),
            gen.rng.randint(0, 99999),
            gen.rng.choice(CLEAN_NOTES),
        )
    labels = {
        "col_a": "EMAIL_ADDRESS",
        "field_7": "PHONE_NUMBER",
        "x3": "CREDIT_CARD",
        "misc": "US_SSN",
    }
    notes = {
        "x3": "Luhn-valid; some 16-digit numbers grouped by spaces or dashes",
        "misc": "US SSNs, 30% with spaces instead of dashes",
    }
    return Table("ops/unhelpful_names.csv", rows.columns, labels, notes)


def partner_export() -> Table:
    """A partner system's export without a header row: Warden reads the first record as
    data and names the columns column_1, column_2..."""
    gen = Gen("marketing/partner_export")
    rows = Rows("column_1", "column_2", "column_3", "column_4")
    for _ in range(200):
        first, last = gen.person()
        rows.add(
            gen.email(first, last),
            gen.phone(gen.rng.choice(("en_US", "en_GB"))),
            round(gen.rng.uniform(5, 900), 2),
            gen.rng.choice(("subscribed", "unsubscribed", "bounced")),
        )
    return Table(
        "marketing/partner_export.csv",
        rows.columns,
        {"column_1": "EMAIL_ADDRESS", "column_2": "PHONE_NUMBER"},
        {"column_1": "no header row: the first record is data"},
        header=False,
    )


def booleans() -> Table:
    gen = Gen("ops/booleans")
    rows = Rows(
        "record_id",
        "has_ssn",
        "email_opt_in",
        "phone_verified",
        "credit_card_on_file",
        "ssn_check_count",
    )
    for n in range(300):
        rows.add(n + 1, *(gen.rng.random() < 0.5 for _ in range(4)), gen.rng.randint(0, 5))
    return Table(
        "ops/booleans.parquet",
        rows.columns,
        {},
        {"has_ssn": "hard negative: PII-sounding names over booleans and counters"},
    )


# Rounded, approximate figures (population in millions, GDP in USD billions).
COUNTRIES = (
    ("United States", 335.0, 27360),
    ("China", 1410.7, 17795),
    ("Germany", 84.5, 4456),
    ("Japan", 124.5, 4213),
    ("India", 1428.6, 3550),
    ("United Kingdom", 68.3, 3340),
    ("France", 68.2, 3031),
    ("Italy", 58.9, 2255),
    ("Brazil", 216.4, 2174),
    ("Canada", 40.1, 2140),
    ("Russia", 143.8, 2021),
    ("Mexico", 128.5, 1789),
    ("Australia", 26.6, 1724),
    ("South Korea", 51.7, 1713),
    ("Spain", 48.4, 1581),
    ("Indonesia", 277.5, 1371),
    ("Netherlands", 17.9, 1118),
    ("Turkey", 85.3, 1108),
    ("Saudi Arabia", 36.9, 1068),
    ("Switzerland", 8.8, 885),
    ("Poland", 36.7, 811),
    ("Argentina", 46.7, 641),
    ("Belgium", 11.8, 632),
    ("Sweden", 10.5, 593),
    ("Ireland", 5.3, 545),
    ("Austria", 9.1, 516),
    ("Norway", 5.5, 485),
    ("Israel", 9.8, 509),
    ("Singapore", 5.9, 501),
    ("Denmark", 5.9, 404),
    ("South Africa", 60.4, 377),
    ("Egypt", 112.7, 396),
    ("Philippines", 117.3, 437),
    ("Vietnam", 98.9, 430),
    ("Portugal", 10.5, 287),
    ("Finland", 5.6, 300),
    ("Greece", 10.4, 243),
    ("New Zealand", 5.2, 253),
    ("Chile", 19.6, 335),
    ("Kenya", 55.1, 108),
)


def country_stats() -> Table:
    rows = Rows("country", "population_millions", "gdp_usd_billions", "year")
    for name, population, gdp in COUNTRIES:
        rows.add(name, population, gdp, 2023)
    return Table(
        "public/country_stats.csv",
        rows.columns,
        {"country": "LOCATION"},
        {"country": "public reference data"},
    )


TABLES = (
    payments,
    transactions,
    supplier_invoices,
    clickstream,
    access_log,
    catalog,
    inventory,
    churn_features,
    embeddings_meta,
    storms,
    contracts,
    sensor_readings,
    unhelpful_names,
    partner_export,
    booleans,
    country_stats,
)
