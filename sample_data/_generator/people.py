"""Tables about people: CRM, support, HR, health and marketing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from stdnum import iban as iban_check
from stdnum.es import nif
from stdnum.it import codicefiscale

from .common import COUNTRY, WORK_DOMAIN, Gen, Mentions, Rows, Table

CUSTOMER_WEIGHTS = {
    "en_US": 3,
    "en_GB": 2,
    "de_DE": 1,
    "es_ES": 1,
    "it_IT": 1,
    "fr_FR": 1,
    "nl_NL": 1,
}
EU_WEIGHTS = {"es_ES": 2, "it_IT": 2, "de_DE": 1, "fr_FR": 1, "nl_NL": 1}
FIRST_CUSTOMER = 100001
CUSTOMERS = 400
PRODUCTS = (
    "Aurora Headphones",
    "SmartThermo X2",
    "Nimbus Router",
    "Pulse Fitness Band",
    "Lumen Desk Lamp",
    "Orbit Vacuum",
    "Cascade Coffee Maker",
    "Vertex Keyboard",
)
ADDRESS_LABELS = {
    "street": "LOCATION/STREET_ADDRESS",  # Presidio's LOCATION, Warden's finer kind
    "city": "LOCATION",
    "postcode": "LOCATION/POSTCODE",
    "country": "LOCATION",
}


def customers() -> Table:
    gen = Gen("crm/customers")
    rows = Rows(
        "customer_id",
        "full_name",
        "email",
        "phone",
        "date_of_birth",
        "street_address",
        "city",
        "postcode",
        "country",
        "signup_ts",
        "is_email_verified",
    )
    for n in range(CUSTOMERS):
        loc = gen.locale(CUSTOMER_WEIGHTS)
        first, last = gen.person(loc)
        fake = gen.fake(loc)
        rows.add(
            FIRST_CUSTOMER + n,
            f"{first} {last}",
            gen.email(first, last),
            gen.phone(loc),
            gen.day(date(1945, 1, 1), date(2005, 12, 31)),
            gen.street(loc),
            fake.city(),
            fake.postcode(),
            COUNTRY[loc],
            gen.moment(datetime(2019, 1, 1), datetime(2024, 12, 31)),
            gen.rng.random() < 0.8,
        )
    labels = {
        "full_name": "PERSON",
        "email": "EMAIL_ADDRESS",
        "phone": "PHONE_NUMBER",
        "date_of_birth": "DATE_TIME",
        "street_address": "LOCATION/STREET_ADDRESS",
        "city": "LOCATION",
        "postcode": "LOCATION/POSTCODE",
        "country": "LOCATION",
    }
    notes = {
        "phone": "national and international formats from 7 countries",
        "signup_ts": "event timestamp, not a personal date",
    }
    return Table("crm/customers.csv", rows.columns, labels, notes)


def _national_id(gen: Gen, locale: str) -> tuple[str | None, str | None]:
    if locale == "es_ES":
        value = gen.fake(locale).nif()
        assert nif.is_valid(value)
        return value, "ES_NIF"
    if locale == "it_IT":
        value = gen.fake(locale).ssn()
        assert codicefiscale.is_valid(value)
        return value, "IT_CODICE_FISCALE"
    return None, None


def customers_eu() -> Table:
    gen = Gen("crm/customers_eu")
    rows = Rows(
        "customer_id",
        "full_name",
        "email",
        "country",
        "iban",
        "national_id",
        "national_id_type",
        "created_at",
    )
    for n in range(300):
        loc = gen.locale(EU_WEIGHTS)
        first, last = gen.person(loc)
        iban = gen.fake(loc).iban()
        assert iban_check.is_valid(iban)
        national_id, id_type = _national_id(gen, loc)
        rows.add(
            200001 + n,
            f"{first} {last}",
            gen.email(first, last),
            COUNTRY[loc],
            iban,
            national_id,
            id_type,
            gen.moment(datetime(2020, 1, 1), datetime(2024, 12, 31)),
        )
    labels = {
        "full_name": "PERSON",
        "email": "EMAIL_ADDRESS",
        "country": "LOCATION",
        "iban": "IBAN_CODE",
        "national_id": "ES_NIF;IT_FISCAL_CODE",
    }
    notes = {
        "national_id": "Spanish NIF or Italian codice fiscale (checksum-valid); null "
        "for other countries",
        "iban": "checksum-valid IBANs for ES, IT, DE, FR, NL",
    }
    return Table("crm/customers_eu.parquet", rows.columns, labels, notes)


def addresses() -> Table:
    gen = Gen("crm/addresses")
    rows = Rows(
        "address_id",
        "customer_id",
        "address_type",
        "street",
        "city",
        "postcode",
        "country",
        "is_primary",
    )
    for n in range(350):
        loc = gen.locale(CUSTOMER_WEIGHTS)
        fake = gen.fake(loc)
        rows.add(
            f"ADDR-{n + 1:05d}",
            gen.rng.randrange(FIRST_CUSTOMER, FIRST_CUSTOMER + CUSTOMERS),
            gen.rng.choice(("billing", "shipping")),
            gen.street(loc),
            fake.city(),
            fake.postcode(),
            COUNTRY[loc],
            gen.rng.random() < 0.6,
        )
    return Table("crm/addresses.json", rows.columns, dict(ADDRESS_LABELS))


TICKET_SUBJECTS = (
    "Device will not turn on",
    "Refund request",
    "Bluetooth keeps dropping",
    "Missing parts in delivery",
    "App login problem",
    "Firmware update failed",
    "Question about warranty",
    "Order arrived damaged",
)
TICKET_BODIES = (
    "My {product} stopped working after two days. I have tried a reset but nothing happens.",
    "I would like to return the {product} from order {order}. It is not what I expected.",
    "The {product} disconnects every few minutes. Is there a fix for this?",
    "Order {order} arrived without the power adapter for the {product}.",
    "I cannot sign in to the companion app for my {product}; it says my session expired.",
    "The latest firmware update bricked my {product}. The status light just blinks red.",
    "How long is the warranty on the {product}, and does it cover accidental damage?",
    "The box for order {order} was crushed and the {product} has a cracked case.",
)


def _ticket_body(gen: Gen, topic: int, product: str, mentions: Mentions) -> str:
    body = TICKET_BODIES[topic].format(product=product, order=f"ORD-{gen.digits(6)}")
    loc = gen.locale(CUSTOMER_WEIGHTS)
    first, last = gen.person(loc)
    roll = gen.rng.random()
    if roll < 0.10:
        mentions.add("EMAIL_ADDRESS")
        return f"{body} Please reply to {gen.email(first, last)} rather than the old address."
    if roll < 0.20:
        mentions.add("PHONE_NUMBER")
        return f"{body} You can reach me on {gen.phone(loc)} during office hours."
    if roll < 0.30:
        mentions.add("PERSON")
        return f"{body} My colleague {first} {last} had the same problem last week."
    mentions.add()
    return body


def tickets() -> Table:
    gen = Gen("support/tickets")
    mentions = Mentions()
    rows = Rows("ticket_id", "created_at", "product", "priority", "subject", "body", "status")
    for n in range(500):
        product, topic = gen.rng.choice(PRODUCTS), gen.rng.randrange(len(TICKET_SUBJECTS))
        rows.add(
            f"TCK-{n + 1:06d}",
            gen.moment(datetime(2024, 1, 1), datetime(2024, 12, 31)),
            product,
            gen.rng.choice(("low", "normal", "high", "urgent")),
            TICKET_SUBJECTS[topic],
            _ticket_body(gen, topic, product, mentions),
            gen.rng.choice(("open", "pending", "solved", "closed")),
        )
    notes = {"body": "free text; about 30% of rows embed an email, a phone or a name"}
    return Table("support/tickets.jsonl", rows.columns, {"body": mentions.label()}, notes)


def _transcript(gen: Gen, agent_first: str, mentions: Mentions) -> str:
    loc = gen.locale(CUSTOMER_WEIGHTS)
    first, last = gen.person(loc)
    lines = [
        f"Agent: Hi, my name is {agent_first}. How can I help you today?",
        f"Customer: I need help with my {gen.rng.choice(PRODUCTS)}: "
        f"{gen.rng.choice(TICKET_SUBJECTS).lower()}.",
    ]
    found = ["PERSON"]
    roll = gen.rng.random()
    if roll < 0.25:
        lines.append(f"Customer: You can email me at {gen.email(first, last)}.")
        found.append("EMAIL_ADDRESS")
    elif roll < 0.40:
        lines.append(f"Customer: Please call me back on {gen.phone(loc)}.")
        found.append("PHONE_NUMBER")
    else:
        lines.append("Customer: I would rather keep everything in this chat.")
    lines.append("Agent: Thanks, I have logged this and a specialist will follow up.")
    mentions.add(*found)
    return "\n".join(lines)


def chat_transcripts() -> Table:
    gen = Gen("support/chat_transcripts")
    mentions = Mentions()
    rows = Rows(
        "chat_id", "started_at", "channel", "agent_name", "customer_id", "csat_score", "transcript"
    )
    agents = [gen.person("en_GB") for _ in range(12)]
    for n in range(250):
        first, last = gen.rng.choice(agents)
        csat = gen.rng.randint(1, 5) if gen.rng.random() < 0.7 else None
        rows.add(
            f"CHAT-{n + 1:05d}",
            gen.moment(datetime(2024, 3, 1), datetime(2024, 12, 31)),
            gen.rng.choice(("web", "mobile", "whatsapp")),
            f"{first} {last}",
            gen.rng.randrange(FIRST_CUSTOMER, FIRST_CUSTOMER + CUSTOMERS),
            csat,
            _transcript(gen, first, mentions),
        )
    labels = {"agent_name": "PERSON", "transcript": mentions.label()}
    notes = {"transcript": "multi-line free text; the agent's first name is in every row"}
    return Table("support/chat_transcripts.json", rows.columns, labels, notes)


DEPARTMENTS = ("Engineering", "Finance", "Sales", "Marketing", "Support", "People", "Legal")


def employee_ids() -> list[str]:
    gen = Gen("hr/employee_ids")
    return [f"EMP-{n}" for n in gen.rng.sample(range(100000, 1000000), 300)]


def employees() -> Table:
    gen = Gen("hr/employees")
    managers = [f"{f} {la}" for f, la in (gen.person() for _ in range(15))]
    rows = Rows(
        "employee_id",
        "full_name",
        "work_email",
        "ssn",
        "salary",
        "hire_date",
        "department",
        "manager_name",
    )
    for emp_id in employee_ids():
        first, last = gen.person()
        rows.add(
            emp_id,
            f"{first} {last}",
            gen.email(first, last, WORK_DOMAIN),
            gen.ssn(),
            gen.rng.randrange(48, 210) * 1000,
            gen.day(date(2012, 1, 1), date(2024, 12, 1)),
            gen.rng.choice(DEPARTMENTS),
            gen.rng.choice(managers),
        )
    labels = {
        "employee_id": "EMPLOYEE_ID",
        "full_name": "PERSON",
        "work_email": "EMAIL_ADDRESS",
        "ssn": "US_SSN",
        "hire_date": "DATE_TIME",
        "manager_name": "PERSON",
    }
    notes = {"hire_date": "an employee's hire date: a person-linked date (quasi-identifier)"}
    return Table("hr/employees.csv", rows.columns, labels, notes)


def payroll() -> Table:
    gen = Gen("hr/payroll")
    rows = Rows(
        "employee_id", "pay_date", "account_number", "routing_number", "gross_amount", "amount"
    )
    for emp_id in employee_ids():
        account, routing = gen.digits(gen.rng.randint(9, 12)), gen.fake().aba()
        gross = gen.money(3500, 16000)
        for pay_date in (date(2024, 11, 29), date(2024, 12, 31)):
            rows.add(emp_id, pay_date, account, routing, gross, round(gross * 0.71, 2))
    labels = {
        "employee_id": "EMPLOYEE_ID",
        "account_number": "US_BANK_NUMBER",
        "routing_number": "ABA_ROUTING_NUMBER",
    }
    notes = {
        "routing_number": "ABA check digit valid (Faker aba())",
        "account_number": "9-12 digit US account numbers, stored as text",
        "amount": "net pay deposited to the account",
    }
    return Table("hr/payroll.parquet", rows.columns, labels, notes)


ROLES = (
    "Data Engineer",
    "Product Designer",
    "Account Executive",
    "Support Specialist",
    "Financial Analyst",
    "Backend Developer",
    "People Partner",
)
SKILLS = (
    "Python and SQL",
    "stakeholder management",
    "Figma and user research",
    "customer onboarding",
    "forecasting and budgeting",
    "Go and Kubernetes",
    "employment law basics",
)


def _resume(gen: Gen, loc: str, email: str, phone: str, mentions: Mentions) -> str:
    fake = gen.fake(loc)
    parts = [
        f"{gen.rng.choice(ROLES)} with {gen.rng.randint(2, 15)} years of experience, "
        f"currently based in {fake.city()}.",
        f"Previously at {fake.company()}; strong in {gen.rng.choice(SKILLS)}.",
    ]
    found = ["LOCATION"]
    if gen.rng.random() < 0.4:
        ref_first, ref_last = gen.person(loc)
        parts.append(f"References available from {ref_first} {ref_last}.")
        found.append("PERSON")
    roll = gen.rng.random()
    if roll < 0.25:
        parts.append(f"Contact: {email}")
        found.append("EMAIL_ADDRESS")
    elif roll < 0.45:
        parts.append(f"Mobile: {phone}")
        found.append("PHONE_NUMBER")
    mentions.add(*found)
    return " ".join(parts)


def candidates() -> Table:
    gen = Gen("hr/candidates")
    mentions = Mentions()
    rows = Rows(
        "candidate_id", "applied_role", "applied_at", "full_name", "email", "phone", "resume_text"
    )
    for n in range(200):
        loc = gen.locale(CUSTOMER_WEIGHTS)
        first, last = gen.person(loc)
        email, phone = gen.email(first, last), gen.phone(loc)
        rows.add(
            f"CAND-{n + 1:05d}",
            gen.rng.choice(ROLES),
            gen.moment(datetime(2024, 6, 1), datetime(2024, 12, 31)),
            f"{first} {last}",
            email,
            phone,
            _resume(gen, loc, email, phone, mentions),
        )
    labels = {
        "full_name": "PERSON",
        "email": "EMAIL_ADDRESS",
        "phone": "PHONE_NUMBER",
        "resume_text": mentions.label(),
    }
    notes = {"resume_text": "resume-like free text; company names are not persons"}
    return Table("hr/candidates.jsonl", rows.columns, labels, notes)


ICD10 = (
    "E11.9",
    "I10",
    "J45.909",
    "E78.5",
    "K21.9",
    "M54.5",
    "F32.9",
    "N39.0",
    "J06.9",
    "I48.91",
    "E03.9",
    "G43.909",
    "R51.9",
    "Z00.00",
    "C50.911",
    "L40.0",
    "K58.9",
    "F41.1",
    "M17.11",
    "E66.9",
)
BLOOD_TYPES = ("O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-")


def patient_mrns() -> list[str]:
    gen = Gen("health/mrns")
    return [f"MRN-{n}" for n in gen.rng.sample(range(1000000, 10000000), 300)]


def patients() -> Table:
    gen = Gen("health/patients")
    doctors = [f"Dr {f} {la}" for f, la in (gen.person("en_GB") for _ in range(10))]
    rows = Rows(
        "mrn",
        "patient_name",
        "date_of_birth",
        "nhs_number",
        "icd10_code",
        "blood_type",
        "physician_name",
    )
    for mrn in patient_mrns():
        first, last = gen.person("en_GB")
        dob = gen.day(date(1935, 1, 1), date(2020, 12, 31))
        rows.add(
            mrn,
            f"{first} {last}",
            dob.strftime("%d/%m/%Y"),
            gen.nhs_number(),
            gen.rng.choice(ICD10),
            gen.rng.choice(BLOOD_TYPES),
            gen.rng.choice(doctors),
        )
    labels = {
        "mrn": "MEDICAL_RECORD_NUMBER",
        "patient_name": "PERSON",
        "date_of_birth": "DATE_TIME",
        "nhs_number": "UK_NHS",
        "icd10_code": "ICD10_CODE",
        "physician_name": "PERSON",
    }
    notes = {
        "date_of_birth": "UK format dd/mm/yyyy",
        "nhs_number": "modulus-11 check digit valid, printed 3-3-4",
    }
    return Table("health/patients.csv", rows.columns, labels, notes)


LAB_TESTS = (
    ("2345-7", "Glucose", "mg/dL", 70, 180),
    ("4548-4", "HbA1c", "%", 4.5, 10.5),
    ("2093-3", "Cholesterol", "mg/dL", 120, 290),
    ("718-7", "Hemoglobin", "g/dL", 10, 18),
    ("2160-0", "Creatinine", "mg/dL", 0.5, 1.8),
    ("6690-2", "WBC", "10*3/uL", 3, 12),
)


def lab_results() -> Table:
    gen = Gen("health/lab_results")
    mrns = patient_mrns()
    rows = Rows("patient_mrn", "test_code", "test_name", "value", "unit", "collected_at")
    for _ in range(600):
        code, name, unit, low, high = gen.rng.choice(LAB_TESTS)
        rows.add(
            gen.rng.choice(mrns),
            code,
            name,
            round(gen.rng.uniform(low, high), 1),
            unit,
            gen.moment(datetime(2024, 1, 1), datetime(2024, 12, 31)),
        )
    notes = {"test_code": "LOINC codes, not ICD-10"}
    return Table(
        "health/lab_results.parquet", rows.columns, {"patient_mrn": "MEDICAL_RECORD_NUMBER"}, notes
    )


CAMPAIGNS = (
    "spring-launch",
    "black-friday",
    "webinar-ai-governance",
    "newsletter-q3",
    "trade-show-berlin",
)


def campaign_leads() -> Table:
    gen = Gen("marketing/campaign_leads")
    rows = Rows(
        "lead_id",
        "first_name",
        "last_name",
        "email",
        "company",
        "job_title",
        "lead_score",
        "consent",
        "campaign",
    )
    for n in range(400):
        loc = gen.locale(CUSTOMER_WEIGHTS)
        first, last = gen.person(loc)
        fake = gen.fake(loc)
        rows.add(
            f"LEAD-{n + 1:05d}",
            first,
            last,
            gen.email(first, last),
            fake.company(),
            fake.job(),
            gen.rng.randint(0, 100),
            gen.rng.random() < 0.7,
            gen.rng.choice(CAMPAIGNS),
        )
    labels = {"first_name": "PERSON", "last_name": "PERSON", "email": "EMAIL_ADDRESS"}
    notes = {"company": "company names, some built from surnames; not persons"}
    return Table("marketing/campaign_leads.csv.gz", rows.columns, labels, notes)


def email_events() -> Table:
    gen = Gen("marketing/email_events")
    recipients = [gen.email(*gen.person(gen.locale(CUSTOMER_WEIGHTS))) for _ in range(150)]
    rows = Rows("event_id", "recipient_email", "campaign", "event_type", "link_url", "ts")
    start = datetime(2024, 9, 1)
    for _ in range(600):
        kind = gen.rng.choice(("delivered", "open", "open", "click", "bounce"))
        campaign = gen.rng.choice(CAMPAIGNS)
        link = (
            f"https://www.example.com/campaigns/{campaign}?utm_medium=email"
            if kind == "click"
            else None
        )
        rows.add(
            gen.fake().uuid4(),
            gen.rng.choice(recipients),
            campaign,
            kind,
            link,
            start + timedelta(minutes=gen.rng.randrange(60 * 24 * 90)),
        )
    labels = {"event_id": "UUID", "recipient_email": "EMAIL_ADDRESS", "link_url": "URL"}
    return Table(
        "marketing/email_events.jsonl.gz",
        rows.columns,
        labels,
        {"link_url": "null except for click events"},
    )


TABLES = (
    customers,
    customers_eu,
    addresses,
    tickets,
    chat_transcripts,
    employees,
    payroll,
    candidates,
    patients,
    lab_results,
    campaign_leads,
    email_events,
)
