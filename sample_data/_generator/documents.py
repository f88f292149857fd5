"""Text and Markdown documents for the RAG corpus, each with its true entity types."""

from __future__ import annotations

from dataclasses import dataclass

from .common import WORK_DOMAIN, Gen, join_entities


@dataclass
class Document:
    path: str
    text: str
    entities: str = ""
    note: str = ""


PRODUCT_FAQ = """# Product FAQ

## How do I pair my headphones?
Hold the power button for five seconds until the light flashes blue, then choose the
headphones in the Bluetooth menu of your phone or laptop.

## Why does my thermostat show a different temperature than my old one?
Sensors are calibrated at the factory and measure air at the device. Mounting it away from
radiators and direct sunlight gives the most stable reading.

## Can I use the router with my existing modem?
Yes. Connect the WAN port to your modem, open the companion app and follow the set-up
wizard. Most connections are detected automatically.

## How often are firmware updates released?
Security fixes ship as soon as they are ready; feature updates arrive roughly every quarter.
Updates install overnight unless you switch that off in the app.
"""

SHIPPING_FAQ = """# Shipping and Delivery FAQ

## How long does delivery take?
Standard delivery takes three to five working days. Express delivery arrives on the next
working day for orders placed before two in the afternoon.

## How much does shipping cost?
Standard shipping is free on orders above fifty euros. Express shipping is charged at a flat
rate shown at checkout.

## Can I change my delivery address after ordering?
You can change it from your account page until the parcel has been handed to the carrier.
After that, the carrier's own redirection service is the only option.

## What happens if I am not at home?
The carrier leaves a card and tries again on the next working day, or drops the parcel at a
nearby pickup point.
"""

RETURNS_POLICY = """# Returns Policy

We accept returns of unused products within thirty days of delivery. Items must be in their
original packaging with all accessories.

1. Start a return from the orders section of your account.
2. Print the prepaid label and attach it to the parcel.
3. Hand the parcel to any drop-off point of our carrier.

Refunds are issued to the original payment method within ten working days of the return
being received. Opened software, gift cards and personalised items cannot be returned.

Faulty products are covered by the warranty policy rather than by this returns policy.
"""

RETENTION_POLICY = """# Data Retention Policy

Purpose: define how long each category of record is kept and how it is disposed of.

| Record category        | Retention            | Disposal            |
|------------------------|----------------------|---------------------|
| Order records          | 7 years              | secure deletion     |
| Support tickets        | 3 years after close  | anonymisation       |
| Web analytics          | 14 months            | automatic expiry    |
| Job applications       | 6 months             | secure deletion     |
| Payroll records        | 7 years              | secure deletion     |

Owners of each system review retention settings once a year. Exceptions need written
approval from the data protection function and are logged in the exceptions register.
Backups follow the same schedule; restored data inherits the original retention period.
"""

HANDBOOK = """# Employee Handbook

## Working hours
Core hours run from ten in the morning to four in the afternoon. Outside core hours you are
free to organise your day, as long as your team knows how to reach you.

## Time off
Everyone receives twenty-eight days of paid leave per year, plus public holidays. Book leave
in the HR system at least two weeks ahead for absences longer than three days.

## Equipment
New starters receive a laptop, a headset and a monitor. Report lost or stolen equipment to the
service desk on the same day.

## Security basics
- Lock your screen whenever you step away.
- Never share passwords; use the company password manager.
- Report suspicious messages with the phishing button in the mail client.

## Expenses
Submit receipts within thirty days. Travel must be booked through the travel tool.
"""

ONBOARDING = """Onboarding checklist for new team members

Week one
- Collect your laptop and badge from the service desk.
- Complete the security awareness course.
- Read the employee handbook and the data retention policy.

Week two
- Shadow a support shift to learn how customers use our products.
- Set up your development environment following the engineering guide.

Week four
- Agree objectives for your first quarter with your manager.
- Give feedback on the onboarding process through the internal survey.
"""

MODELS_README = """# Model artifacts

These files are written byte by byte by the generator; none holds a real model.

- `churn_model.pkl`: a pickle header then a byte that is no opcode, so it is not loadable.
- `embeddings.faiss`: a placeholder vector index of random bytes.
- `scoring_weights.pkl`: a pickle of a dict of floats that imports nothing.
- `untrusted_upload.pkl`: opcodes that would run an `echo` through `os.system` if unpickled.
- `churn_torch.pt`: a zip laid out like a PyTorch checkpoint around a harmless pickle.
- `support_adapter.safetensors`: two small tensors of zeros and a metadata header.
- `support_llm.gguf`: a GGUF header with a small vocabulary and one tensor of zeros.

Crawlers must never unpickle or load them: a scanner has to flag the dangerous one from its
opcodes alone.
"""


def _meeting_notes() -> Document:
    gen = Gen("rag_corpus/meeting-notes")
    people = [gen.person(loc) for loc in ("en_GB", "de_DE", "nl_NL", "fr_FR")]
    emails = [gen.email(f, la, WORK_DOMAIN) for f, la in people]
    names = [f"{f} {la}" for f, la in people]
    attendees = "\n".join(f"- {n} <{e}>" for n, e in zip(names, emails, strict=True))
    text = f"""# Weekly data platform sync

Attendees:
{attendees}

## Notes
- {names[0]} reported that the nightly customer export finished late twice this week.
- {names[1]} will move the churn feature pipeline to the new scheduler.
- {names[2]} asked for read access to the support ticket archive; approval pending.

## Actions
- {names[1]}: share the scheduler migration plan (send questions to {emails[1]}).
- {names[3]}: review the retention settings for web analytics.
- {names[0]}: follow up with the vendor; copy {emails[0]} on the thread.
"""
    return Document("rag_corpus/meeting-notes.md", text, join_entities({"PERSON", "EMAIL_ADDRESS"}))


INCIDENT_REPORT = """INCIDENT REPORT  INC-2024-0193
Severity: SEV-2
Status: resolved

Summary
Between 02:10 and 03:45 UTC the public API returned elevated 5xx errors. Traffic from
203.0.113.45 issued about 40,000 requests per minute against the search endpoint, which
exhausted the connection pool.

Timeline
02:10  Alerting fired for error rate above 5 percent.
02:18  On-call engineer joined the bridge line +44 118 496 0123.
02:35  Rate limit applied to 203.0.113.45; a second source, 198.51.100.23, was also blocked.
03:10  Connection pool size raised; error rate back to normal.
03:45  Incident closed. Vendor support was reached on +1 212-555-0142.

Follow-up actions
- Add per-client rate limits to the search endpoint.
- Review the escalation path: the bridge line +44 118 496 0123 was busy for six minutes.
- Ask the vendor (+1 212-555-0142) for a post-incident report.
"""


def _billing_dispute() -> Document:
    gen = Gen("rag_corpus/billing-dispute")
    number = next(n for n in iter(gen.card, None) if len(n) == 16)
    grouped = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    text = f"""Billing dispute summary (case BD-4471)

The customer says the annual subscription was charged twice to the card {grouped} in the
same billing cycle, and asks for the duplicate charge to be refunded.

Checks done: the payment processor shows two captures with identical amounts four minutes
apart; the second capture came from a retried checkout request.

Outcome: the duplicate capture was refunded to card number {number} and the customer was
told to expect the credit within five working days.
"""
    return Document(
        "rag_corpus/billing-dispute.txt",
        text,
        "CREDIT_CARD",
        "Luhn-valid card number inside sentences (grouped and plain)",
    )


def documents() -> list[Document]:
    return [
        Document("rag_corpus/product-faq.md", PRODUCT_FAQ),
        Document("rag_corpus/shipping-faq.md", SHIPPING_FAQ),
        Document("rag_corpus/returns-policy.md", RETURNS_POLICY),
        Document("rag_corpus/data-retention-policy.md", RETENTION_POLICY),
        Document("rag_corpus/handbook.md", HANDBOOK),
        Document("rag_corpus/onboarding-checklist.txt", ONBOARDING),
        _meeting_notes(),
        Document(
            "rag_corpus/incident-report.txt",
            INCIDENT_REPORT,
            join_entities({"IP_ADDRESS", "PHONE_NUMBER"}),
            "IPs from documentation ranges; event times are not personal dates",
        ),
        _billing_dispute(),
        Document("models/README.md", MODELS_README),
    ]
