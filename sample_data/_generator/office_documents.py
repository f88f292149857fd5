"""A PDF contract and a Word letter with fictitious people, written byte-identically."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from fpdf import FPDF

from .common import WORK_DOMAIN, Gen, join_entities
from .documents import Document

FIXED_TIME = datetime(2024, 6, 11, 9, 0, tzinfo=UTC)
ZIP_TIME = (2024, 6, 11, 9, 0, 0)


def _contract() -> tuple[Document, bytes]:
    gen = Gen("legal/service-agreement.pdf")
    first, last = gen.person("en_GB")
    name, email, phone = f"{first} {last}", gen.email(first, last), gen.phone("en_GB")
    ours, our_email = "Northwind Traders Ltd", f"contracts@{WORK_DOMAIN}"
    clauses = [
        f"This service agreement is made between {ours} (the customer) and {name} (the "
        f"Contractor), who may be reached at {email} and on {phone}.",
        "1. Services. The Contractor will review the data retention settings of the customer "
        "analytics platform and report on them monthly.",
        "2. Term. The agreement starts on the first of July and runs for twelve months unless "
        "either party ends it with thirty days' written notice.",
        f"3. Fees. The customer pays the Contractor a monthly fee within thirty days of invoice. "
        f"Invoices are sent to {our_email}.",
        "4. Confidentiality. The Contractor keeps every document and record of the customer "
        "confidential during the agreement and for five years after it ends.",
        "5. Data protection. Personal data is processed only on the customer's instructions and "
        "is deleted or returned when the agreement ends.",
        f"6. Notices. Notices to the Contractor go to {name}, {email}, telephone {phone}; "
        f"notices to the customer go to {our_email}.",
        "7. Liability. Neither party is liable for indirect loss. Total liability is capped at "
        "the fees paid in the twelve months before the claim.",
        "8. Governing law. The agreement is governed by the law of the country where the customer "
        "is registered.",
        f"Signed for the customer by the head of procurement. Signed by {name}, Contractor.",
        f"Questions about this agreement: {name} ({phone}) or the customer at {our_email}.",
    ]
    pdf = FPDF()
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_title("Service agreement")
    pdf.set_font("helvetica", size=11)
    for page in (clauses[:6], clauses[6:]):
        pdf.add_page()
        for clause in page:
            pdf.multi_cell(0, 6, clause)
            pdf.ln(4)
    entities = join_entities({"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"})
    document = Document("legal/service-agreement.pdf", "\n\n".join(clauses), entities)
    return document, bytes(pdf.output())


def _letter() -> tuple[Document, bytes]:
    gen = Gen("hr/offer-letter")
    first, last = gen.person("en_US")
    name, email, phone = f"{first} {last}", gen.email(first, last), gen.phone("en_US")
    hf, hl = gen.person("en_US")
    hiring, hiring_email = f"{hf} {hl}", gen.email(hf, hl, WORK_DOMAIN)
    paragraphs = [
        f"Dear {name},",
        "We are delighted to offer you the position of data analyst in the customer insights "
        "team, starting on the first Monday of next month.",
        "Your base salary and benefits are set out in the attached schedule. The offer is "
        "subject to the usual reference checks.",
        f"Please confirm that you accept this offer by replying to {hiring_email} within ten "
        "working days.",
        f"We have your contact details as {email} and {phone}; tell us if they change before "
        "your first day.",
        "On your first day, please bring proof of your right to work and your bank details for "
        "payroll.",
        "Your manager will send you the onboarding checklist and the employee handbook in the "
        "week before you start.",
        f"If you have questions about the offer, call {hiring} on the number below or write to "
        f"{hiring_email}.",
        "We look forward to welcoming you to the team.",
        f"Yours sincerely, {hiring}, Talent acquisition",
    ]
    letter = docx.Document()
    letter.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    letter.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    letter.sections[0].header.paragraphs[0].text = f"Northwind Traders - {hiring_email}"
    for paragraph in paragraphs:
        letter.add_paragraph(paragraph)
    table = letter.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows, (("Candidate", name), ("Phone", phone)), strict=True
    ):
        row.cells[0].text, row.cells[1].text = label, value
    buffer = io.BytesIO()
    letter.save(buffer)
    entities = join_entities({"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"})
    document = Document("hr/offer-letter.docx", "\n\n".join(paragraphs), entities)
    return document, _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The package again with fixed member times, so a rerun writes the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def office_documents() -> list[tuple[Document, bytes]]:
    """(labelled document, file bytes) for the binary documents of the estate."""
    return [_contract(), _letter()]
