"""Kinds of machine and human text: tickets with embedded contacts, access logs, keys, codes."""

from __future__ import annotations

import string

from bench.evalcorpus.context import Context
from bench.evalcorpus.kinds import PER_COLUMN, Kind, register

# Each slot is filled in a share of rows (RATES, all well above MIN_SHARE), so the column is
# labelled with every slot's type; a test checks the shares drawn at the corpus's size.
MIN_SHARE = 0.10
_OPENINGS = {
    "en": ("Customer called about the late delivery.", "Follow-up on the refund request.",
           "Ticket reopened after the second complaint.", "Asked to update the account."),
    "de": ("Kunde hat wegen der Lieferung angerufen.", "Rückfrage zur Erstattung.",
           "Ticket nach erneuter Beschwerde wieder geöffnet."),
    "fr": ("Le client a appelé au sujet de la livraison.", "Relance sur le remboursement."),
    "es": ("El cliente llamó por el retraso del pedido.", "Seguimiento de la devolución."),
}  # fmt: skip
SLOTS = {
    "PERSON": ("Spoke with {}.", "Contact person: {}.", "{} confirmed the change."),
    "EMAIL_ADDRESS": ("Reply to {}.", "Their email is {}.", "Sent the form to {}."),
    "PHONE_NUMBER": ("Call back on {}.", "Phone: {}.", "Reachable at {} after 5pm."),
    "LOCATION": ("Lives in {}.", "Parcel stuck in the depot near {}.", "Moving to {} soon."),
}  # fmt: skip
RATES = {"PERSON": 0.45, "EMAIL_ADDRESS": 0.35, "PHONE_NUMBER": 0.3, "LOCATION": 0.3}
ICD10 = (
    "E11.9", "I10", "J45.909", "M54.5", "F32.9", "K21.9", "E78.5", "J06.9", "N39.0", "R51",
    "Z00.00", "G43.909", "L40.0", "H52.4", "S52.501A", "C50.911", "A09", "B34.9", "D64.9",
    "E03.9", "F41.1", "I25.10", "J18.9", "K58.9", "M17.11", "O80", "R10.9", "Z23",
)  # fmt: skip


def _slot_value(ctx: Context, entity: str) -> str:
    fake = ctx.fake
    return {
        "PERSON": fake.name,
        "EMAIL_ADDRESS": fake.email,
        "PHONE_NUMBER": fake.phone_number,
        "LOCATION": ctx.city,
    }[entity]()


def _tickets(ctx: Context, rows: int) -> tuple[list[str], tuple[str, ...]]:
    lang = ctx.locale.split("_")[0]
    openings = _OPENINGS.get(lang, _OPENINGS["en"])
    values = []
    for _ in range(rows):
        parts = [ctx.rng.choice(openings)]
        for entity, rate in RATES.items():
            if ctx.rng.random() < rate:
                parts.append(ctx.rng.choice(SLOTS[entity]).format(_slot_value(ctx, entity)))
        values.append(" ".join(parts))
    return values, tuple(sorted(e for e, rate in RATES.items() if rate >= MIN_SHARE))


def _access_log(ctx: Context) -> str:
    """A web server's combined-format line: client IP, request path, referrer URL, agent."""
    net = ctx.mim.internet
    when = ctx.moment().strftime("%d/%b/%Y:%H:%M:%S +0000")
    path = "/" + "/".join(ctx.fake.uri_path().split("/")[:3])
    referrer = ctx.fake.url() + ctx.fake.uri_path()
    status = ctx.rng.choice((200, 200, 200, 301, 404, 500))
    return (
        f'{net.ip_v4()} - - [{when}] "GET {path} HTTP/1.1" {status} {ctx.rng.randint(200, 90000)} '
        f'"{referrer}" "{net.user_agent()}"'
    )


def _app_log(ctx: Context) -> str:
    level = ctx.rng.choice(("INFO", "WARN", "ERROR"))
    stamp = ctx.moment().isoformat(timespec="milliseconds")
    return (
        f"{stamp} {level} gateway request from {ctx.mim.internet.ip_v4()} to "
        f"{ctx.fake.url()}api/v{ctx.rng.randint(1, 3)}/{ctx.fake.uri_path()} took "
        f"{ctx.rng.randint(3, 900)}ms"
    )


def _secret(ctx: Context) -> str:
    rng = ctx.rng
    choice = rng.random()
    if choice < 0.4:
        return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    if choice < 0.8:
        alnum = string.ascii_letters + string.digits
        return "ghp_" + "".join(rng.choice(alnum) for _ in range(36))
    return f"xoxb-{rng.randint(10**9, 10**10)}-" + ctx.mim.cryptographic.token_hex(12)


register(
    Kind("tickets", "notes", None, PER_COLUMN, make_column=_tickets),
    Kind("access_log", "log_line", _access_log, ("IP_ADDRESS", "URL")),
    Kind("app_log", "log_line", _app_log, ("IP_ADDRESS", "URL")),
    Kind("secret", "secret", _secret, ("SECRET_KEY",)),
    Kind("mrn", "mrn", lambda c: f"MRN-{c.rng.randint(10**6, 10**8)}",
         ("MEDICAL_RECORD_NUMBER",)),
    Kind("diagnosis", "diagnosis", lambda c: c.rng.choice(ICD10), ("ICD10_CODE",)),
)  # fmt: skip
