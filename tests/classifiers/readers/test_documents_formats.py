"""PDF, Word, PowerPoint, HTML and mail: generated here, sniffed by content, scanned in both
modes through the Scanner, locally and from Azurite."""

from __future__ import annotations

import io
import mailbox
import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import docx
import pptx
import pytest
from fpdf import FPDF
from PIL import Image

from classifiers.catalog.store import CatalogStore
from classifiers.config import AzureBlobSourceConfig, WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import DataFormat
from classifiers.readers import Sampling, detect_format, open_table
from classifiers.readers.base import Tally
from classifiers.readers.html_text import page_paragraphs
from classifiers.readers.office import docx_paragraphs, pptx_paragraphs
from classifiers.readers.parsed_reading import MAX_DEPTH, Reading
from classifiers.readers.rich_documents import attachment_paragraphs
from classifiers.rules import scan_rules
from classifiers.scan import ObjectSource, Scanner
from classifiers.sources.azure_blob import azure_source
from classifiers.sources.local import LocalSource
from tests.azurite import running_azurite
from tests.classifiers.readers.outlook_file import outlook_message

# Fictitious people; the phone numbers sit in ranges reserved for drama and examples.
PEOPLE = (
    ("Jane Fictitia", "jane.fictitia@example.com", "+44 20 7946 0958"),
    ("Omar Testwell", "omar.testwell@example.org", "+1 212 555 0147"),
    ("Lena Sampleton", "lena.sampleton@example.net", "+44 161 496 0712"),
    ("Piet Mockeridge", "piet.mockeridge@example.com", "+1 415 555 0193"),
)
SENTENCES = 12  # a document needs ten paragraphs or more to be judged (`min_values`)


def sentences(count: int = SENTENCES) -> list[str]:
    return [
        f"Clause {i + 1}: {name} may be reached at {email} or by telephone on {phone} "
        "for any notice given under this agreement."
        for i, (name, email, phone) in ((i, PEOPLE[i % len(PEOPLE)]) for i in range(count))
    ]


def pdf_bytes(pages: list[list[str]], password: str | None = None, owner: str = "") -> bytes:
    """A PDF of the given pages of paragraphs; an empty page is drawn, with no text layer."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    if password is not None or owner:
        pdf.set_encryption(owner_password=owner or "owner", user_password=password or "")
    for paragraphs in pages:
        pdf.add_page()
        if not paragraphs:
            pdf.rect(20, 20, 120, 80, style="F")  # a picture of a page: no text in it
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5, paragraph)
            pdf.ln(5)
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"Switchboard {PEOPLE[3][2]}"
    document.add_heading("Letter of engagement", 1)
    for text in sentences():
        document.add_paragraph(text)
    table = document.add_table(rows=len(PEOPLE), cols=3)
    for row, person in zip(table.rows, PEOPLE, strict=True):
        for cell, value in zip(row.cells, person, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    deck = pptx.Presentation()
    for text in sentences():
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = "Account team"
        slide.placeholders[1].text = text
        slide.notes_slide.notes_text_frame.text = f"Escalate to {PEOPLE[1][0]} on {PEOPLE[1][2]}"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def html_bytes() -> bytes:
    rows = "".join(
        f'<li><a href="mailto:{email}" title="Write to {name}">{name}</a>, '
        f'call <a href="tel:{phone.replace(" ", "")}">{phone}</a>. {clause}</li>'
        for clause, (name, email, phone) in zip(sentences(), PEOPLE * 3, strict=True)
    )
    return (
        "<!DOCTYPE html><html><head><title>Our team</title>"
        "<style>li { color: red }</style><script>var tracking = 'script-text';</script>"
        f"</head><body><h1>Contacts</h1><ul>{rows}</ul></body></html>"
    ).encode()


def message(body: str, attachment: tuple[bytes, str] | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"{PEOPLE[0][0]} <{PEOPLE[0][1]}>"
    mail["To"] = f"{PEOPLE[1][0]} <{PEOPLE[1][1]}>"
    mail["Cc"] = f"{PEOPLE[2][0]} <{PEOPLE[2][1]}>"
    mail["Subject"] = "The agreement"
    mail.set_content(body)
    mail.add_alternative(f"<html><body><p>{body}</p></body></html>", subtype="html")
    if attachment:
        data, name = attachment
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return mail


def mbox_bytes(folder: Path) -> bytes:
    path = folder / "build.mbox"
    box = mailbox.mbox(path)
    for text in sentences():
        box.add(message(text))
    box.close()
    return path.read_bytes()


def msg_bytes() -> bytes:
    """An Outlook message written by tests/classifiers/readers/outlook_file.py (no library
    writes .msg files): headers, the body, and the contract attached."""
    headers = {"From": f"{PEOPLE[0][0]} <{PEOPLE[0][1]}>", "To": f"{PEOPLE[1][0]} <{PEOPLE[1][1]}>",
               "Cc": PEOPLE[2][1], "Subject": "The agreement"}  # fmt: skip
    body = "\n\n".join(sentences())
    return outlook_message(headers, body, [("contract.pdf", pdf_bytes([sentences(4)]))])


def ole_junk() -> bytes:
    """OLE's magic bytes and nothing an OLE reader can follow."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"junk" * 1000


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("documents")
    (root / "contract.pdf").write_bytes(pdf_bytes([sentences()[:6], sentences()[6:]]))
    (root / "letter.docx").write_bytes(docx_bytes())
    (root / "deck.pptx").write_bytes(pptx_bytes())
    (root / "team.html").write_bytes(html_bytes())
    body = "\n\n".join(sentences())
    (root / "thread.eml").write_bytes(bytes(message(body)))
    (root / "inbox.mbox").write_bytes(mbox_bytes(tmp_path_factory.mktemp("build")))
    # The body says nothing; the people are in the attached PDF.
    attached = pdf_bytes([sentences()])
    (root / "forward.eml").write_bytes(bytes(message("See attached.", (attached, "c.pdf"))))
    (root / "locked.pdf").write_bytes(pdf_bytes([sentences()], password="s3cret"))
    (root / "scanned.pdf").write_bytes(pdf_bytes([[], []]))
    (root / "broken.msg").write_bytes(ole_junk())
    (root / "outlook.msg").write_bytes(msg_bytes())
    return root


@dataclass(frozen=True)
class Result:
    status: str
    error: str | None
    entities: tuple[str, ...]
    rows_read: int
    unreadable: int


def scan(tmp: Path, source: ObjectSource, mode: str) -> dict[str, Result]:
    store = CatalogStore.open(f"sqlite:///{tmp / f'catalog-{mode}.db'}")
    store.ensure_source(source.name, "test", "", False, [])
    rules = scan_rules(WardenConfig.default(), mode)
    Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options)).scan([source])
    return {
        d.row.path: Result(
            d.row.status,
            d.row.error,
            tuple(e for c in d.columns for e in c.entity_types),
            d.row.coverage.rows_read if d.row.coverage else 0,
            d.row.coverage.records_unreadable if d.row.coverage else 0,
        )
        for d in store.details(source.name)
    }


@pytest.fixture(scope="module", params=["sample", "full"])
def scanned(
    request: pytest.FixtureRequest, estate: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Result]:
    return scan(tmp_path_factory.mktemp("catalog"), LocalSource("docs", estate), request.param)


@pytest.mark.parametrize(
    "path",
    [
        "contract.pdf",
        "letter.docx",
        "deck.pptx",
        "team.html",
        "thread.eml",
        "inbox.mbox",
        "forward.eml",
        "outlook.msg",
    ],
)
def test_people_in_each_format_are_found(scanned: dict[str, Result], path: str) -> None:
    result = scanned[path]
    assert result.status == "ok", result.error
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= set(result.entities), result.entities
    assert result.rows_read >= SENTENCES


def test_an_encrypted_pdf_and_a_scan_are_recorded_and_the_scan_goes_on(
    scanned: dict[str, Result],
) -> None:
    assert scanned["locked.pdf"].status == "error"
    assert "encrypted PDF: a password is needed" in (scanned["locked.pdf"].error or "")
    assert scanned["scanned.pdf"].status == "error"
    assert "no text layer" in (scanned["scanned.pdf"].error or "")
    assert "not a readable Outlook message" in (scanned["broken.msg"].error or "")
    assert scanned["contract.pdf"].status == "ok"


def formats(path: Path) -> str:
    return detect_format(path)[0]


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [
        ("contract.dat", lambda _: pdf_bytes([["Hello"]]), DataFormat.PDF),
        ("letter.doc", lambda _: docx_bytes(), DataFormat.DOCX),
        ("deck", lambda _: pptx_bytes(), DataFormat.PPTX),
        ("page.txt", lambda _: html_bytes(), DataFormat.HTML),
        ("mail", lambda _: bytes(message("Hello")), DataFormat.EMAIL),
        ("box.txt", mbox_bytes, DataFormat.MBOX),
        ("outlook.dat", lambda _: msg_bytes(), DataFormat.MSG),
        ("fragment.html", lambda _: b"<div><p>Write to a.person@example.com</p></div>", "html"),
        ("fragment.txt", lambda _: b"<div><p>Write to a.person@example.com</p></div>", "text"),
        ("notes.txt", lambda _: b"Subject: notes\nAuthor: me\n\nHello there", DataFormat.TEXT),
    ],
)
def test_format_is_sniffed_from_content(
    tmp_path: Path, name: str, build: Callable[[Path], bytes], expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(build(tmp_path))
    assert formats(path) == expected


def test_a_zip_without_word_or_slides_stays_an_archive(tmp_path: Path) -> None:
    for members in (["a.csv"], ["[Content_Types].xml", "xl/workbook.xml"]):
        path = tmp_path / "pack.docx"
        with zipfile.ZipFile(path, "w") as archive:
            for member in members:
                archive.writestr(member, "<x/>")
        assert formats(path) not in (DataFormat.DOCX, DataFormat.PPTX)


def test_an_owner_password_alone_does_not_stop_reading(tmp_path: Path) -> None:
    path = tmp_path / "owner.pdf"
    path.write_bytes(pdf_bytes([sentences()], owner="only-the-owner"))
    table = open_table(path, DataFormat.PDF, None, Sampling())
    assert sum(frame.height for frame in table.batches()) >= 1


def test_pages_without_text_are_counted_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdf_bytes([sentences(), []]))
    table = open_table(path, DataFormat.PDF, None, Sampling())
    assert sum(frame.height for frame in table.batches()) >= 1
    assert table.coverage.records_unreadable == 1


def test_sample_mode_reads_a_spread_of_pages_and_full_mode_all(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_bytes([[f"Page {n} of the annual report."] for n in range(60)]))
    texts = {}
    for mode in ("sample", "full"):
        table = open_table(path, DataFormat.PDF, None, Sampling(mode=mode))
        texts[mode] = [t for f in table.batches() for t in f["content"].to_list()]
        coverage = table.coverage
    assert len(texts["full"]) == 60 and coverage.rows_total == 60
    assert 10 <= len(texts["sample"]) < 60
    assert texts["sample"][0].startswith("Page 0 ") and texts["sample"][-1].startswith("Page 59")


def test_sample_mode_stays_near_the_byte_bound_of_a_large_pdf(tmp_path: Path) -> None:
    """Pages with pictures (noise, which does not compress): the lenient open would read
    every object; sample mode stops picking pages at the object's byte bound."""
    noise = random.Random(7)
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for n in range(40):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {n}: contact {PEOPLE[0][1]}.")
        pdf.image(Image.frombytes("L", (160, 160), noise.randbytes(160 * 160)), w=40)
    path = tmp_path / "pictures.pdf"
    path.write_bytes(bytes(pdf.output()))
    size = path.stat().st_size
    bound = size // 8
    table = open_table(path, DataFormat.PDF, None, Sampling(max_object_bytes=bound))
    assert sum(frame.height for frame in table.batches()) >= 1
    # Opening reads the tail (cross-references, page tree): 64 KiB buffers around each object.
    assert table.coverage.bytes_read < size // 2, (table.coverage.bytes_read, size)
    assert table.coverage.rows_total is None  # pages were left unread
    full = open_table(path, DataFormat.PDF, None, Sampling(mode="full"))
    assert sum(frame.height for frame in full.batches()) == 40


def words(rng: random.Random, count: int) -> str:
    """Text that does not compress away, so the parts are as large as real prose."""
    return " ".join(
        "".join(rng.choices("abcdefghijklmnop", k=rng.randint(3, 9))) for _ in range(count)
    )


def test_sample_mode_reads_office_text_within_the_byte_bound(tmp_path: Path) -> None:
    rng = random.Random(3)
    document = docx.Document()
    for n in range(5_000):
        document.add_paragraph(f"Paragraph {n}: {words(rng, 20)}")
    deck = pptx.Presentation()
    for n in range(80):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"Slide {n}"
        slide.placeholders[1].text = words(rng, 150)
    document.save(str(tmp_path / "long.docx"))
    deck.save(str(tmp_path / "long.pptx"))
    for name, fmt in (("long.docx", DataFormat.DOCX), ("long.pptx", DataFormat.PPTX)):
        path = tmp_path / name
        bound = path.stat().st_size // 5
        sample = open_table(path, fmt, None, Sampling(max_object_bytes=bound))
        texts = [t for f in sample.batches() for t in f["content"].to_list()]
        full = open_table(path, fmt, None, Sampling(mode="full"))
        every = [t for f in full.batches() for t in f["content"].to_list()]
        assert 0 < len(texts) < len(every) / 2, name
        assert sample.coverage.rows_total is None and full.coverage.rows_total == len(every)
        if fmt == DataFormat.DOCX:  # a deck this small is read in 64 KiB buffers around slides
            assert sample.coverage.bytes_read < path.stat().st_size / 2
    assert any(t.startswith("Slide 79") for t in texts)  # slides picked across the deck


def test_large_mailboxes_and_pages_are_sampled_by_windows(tmp_path: Path) -> None:
    """Over the whole-read size, whole messages (and parsed page fragments) inside evenly
    spaced windows are read, within the object's byte bound."""
    (tmp_path / "big.mbox").write_text(
        "".join(
            f"From desk@example.com Mon Jun 10 09:00:00 2024\nFrom: desk@example.com\n"
            f"Subject: note {n}\n\nMessage {n}: {sentences(1)[0]}\n\n"
            for n in range(5_000)
        )
    )
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body>" + b"".join(
        f"<p>Paragraph {n}: {sentences(1)[0]}</p>".encode() for n in range(8_000)
    ) + b"</body></html>")  # fmt: skip
    for path, fmt, first, last in (
        (tmp_path / "big.mbox", DataFormat.MBOX, "Message 0:", "Message 4999:"),
        (page, DataFormat.HTML, "Paragraph 0:", "Paragraph 7999:"),
    ):
        size = path.stat().st_size
        sampling = Sampling(max_object_bytes=size // 10)
        table = open_table(path, fmt, None, sampling)
        texts = [t for f in table.batches() for t in f["content"].to_list()]
        # Each window is read through a 64 KiB buffer: far less than the file, more than 1/10.
        assert table.coverage.bytes_read < size // 2, path.name
        assert any(t.startswith(first) for t in texts), path.name
        assert any(t.startswith(last) for t in texts), path.name
        assert any(PEOPLE[0][1] in t for t in texts) and table.coverage.rows_total is None


def test_html_visible_text_and_contact_links_not_scripts() -> None:
    paragraphs = page_paragraphs(
        b"<html><head><script>var secret = 'in-script';</script><style>p{}</style></head>"
        b'<body><p>Write to <a href="mailto:a.person@example.com?subject=Hi">us</a></p>'
        b'<img src="x.png" alt="Portrait of Jane Fictitia"><p>Second <b>bold</b> line</p></body>'
    )
    text = "\n".join(paragraphs)
    assert "in-script" not in text and "p{}" not in text
    assert "a.person@example.com" in text and "Portrait of Jane Fictitia" in text
    assert "Second bold line" in paragraphs


def reading(mode: str = "sample", depth: int = 0) -> Reading:
    return Reading(Sampling(mode=mode), Tally(), depth, attached=attachment_paragraphs)


def test_word_tables_and_headers_and_slide_notes_are_read() -> None:
    words = list(docx_paragraphs(io.BytesIO(docx_bytes()), reading()))
    assert " | ".join(PEOPLE[0]) in words  # a table row
    assert f"Switchboard {PEOPLE[3][2]}" in words  # the page header
    slides = list(pptx_paragraphs(io.BytesIO(pptx_bytes()), reading()))
    assert f"Escalate to {PEOPLE[1][0]} on {PEOPLE[1][2]}" in slides  # speaker notes


def test_attachments_are_read_to_a_depth_limit() -> None:
    inner = bytes(message("\n\n".join(sentences(2))))
    assert any(PEOPLE[0][1] in p for p in attachment_paragraphs(inner, "a.eml", reading()))
    deep = reading(depth=MAX_DEPTH)
    assert list(attachment_paragraphs(inner, "a.eml", deep)) == []
    assert deep.tally.records_unreadable == 1 and "deeper" in (deep.tally.first_problem or "")
    forwarded = message("See below.")
    original = EmailMessage()
    original["From"] = f"{PEOPLE[3][0]} <{PEOPLE[3][1]}>"
    original.set_content("The original note.")
    forwarded.add_attachment(original)  # message/rfc822: its headers are read too
    assert any(PEOPLE[3][1] in p for p in attachment_paragraphs(bytes(forwarded), "f", reading()))
    broken = reading()
    assert list(attachment_paragraphs(b"%PDF-1.4 junk", "x.pdf", broken)) == []
    assert broken.tally.records_unreadable == 1


@pytest.fixture(scope="module")
def blob_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObjectSource]:
    folder = tmp_path_factory.mktemp("azurite")
    with running_azurite(folder) as server:
        container = server.client().create_container("docs")
        container.upload_blob("legal/contract.pdf", pdf_bytes([sentences()[:6], sentences()[6:]]))
        container.upload_blob("legal/letter", docx_bytes())  # no extension: told by content
        container.upload_blob("sales/deck.pptx", pptx_bytes())
        container.upload_blob("web/team.html", html_bytes())
        container.upload_blob("mail/thread.eml", bytes(message("\n\n".join(sentences()))))
        container.upload_blob("mail/inbox.mbox", mbox_bytes(tmp_path_factory.mktemp("box")))
        container.upload_blob("mail/outlook.msg", msg_bytes())
        config = AzureBlobSourceConfig.model_validate(
            {
                "kind": "azure_blob",
                "name": "lake",
                "connection_string_env": "CS",
                "containers": ["docs"],
            }
        )
        yield azure_source(config, {"CS": server.connection_string})


@pytest.mark.azurite
@pytest.mark.parametrize("mode", ["sample", "full"])
def test_every_document_format_is_read_from_azure(
    blob_source: ObjectSource, tmp_path: Path, mode: str
) -> None:
    found = scan(tmp_path, blob_source, mode)
    assert set(found) == {
        "docs/legal/contract.pdf", "docs/legal/letter", "docs/sales/deck.pptx",
        "docs/web/team.html", "docs/mail/thread.eml", "docs/mail/inbox.mbox",
        "docs/mail/outlook.msg",
    }, found  # fmt: skip
    for path, result in found.items():
        assert result.status == "ok", (path, result.error)
        assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= set(result.entities), path
