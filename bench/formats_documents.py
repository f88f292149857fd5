"""Read throughput of the document formats (PDF, DOCX, PPTX, HTML, .eml, mbox) in both modes:
`python -m bench.formats_documents`, or one section of `make bench`."""

from __future__ import annotations

import argparse
import io
import mailbox
import sys
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from functools import partial
from pathlib import Path

import docx
import pptx
from fpdf import FPDF
from rich.console import Console

from bench.report import Report
from bench.timing import best_of
from classifiers.readers import Sampling, detect_format, open_table

OUT = Path(__file__).resolve().parent / "out" / "documents"
SECTION = "Document formats: read throughput (read into text chunks, not classified)"
LINE = (
    "Clause {n}: the supplier delivers the quarterly report to the customer within ten working "
    "days of the end of each quarter, and answers questions about it within five."
)


def _lines(count: int) -> list[str]:
    return [LINE.format(n=n) for n in range(count)]


def _pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    lines = _lines(4_000)
    for start in range(0, len(lines), 20):  # 200 pages of 20 paragraphs
        pdf.add_page()
        for line in lines[start : start + 20]:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _docx(path: Path) -> None:
    document = docx.Document()
    for line in _lines(4_000):
        document.add_paragraph(line)
    document.save(str(path))


def _pptx(path: Path) -> None:
    deck = pptx.Presentation()
    for n, line in enumerate(_lines(400)):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"Slide {n}"
        slide.placeholders[1].text = line
        slide.notes_slide.notes_text_frame.text = line
    deck.save(str(path))


def _html(path: Path) -> None:
    body = "".join(
        f"<p>{line} <a href='mailto:desk@example.com'>desk</a></p>" for line in _lines(20_000)
    )
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def _message(body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@example.com", "team@example.com", "Report"
    mail.set_content(body)
    return mail


def _eml(path: Path) -> None:
    mail = _message("\n\n".join(_lines(4_000)))
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    mail.add_attachment(buffer.getvalue(), maintype="application", subtype="octet-stream",
                        filename="empty.docx")  # fmt: skip
    path.write_bytes(bytes(mail))


def _mbox(path: Path) -> None:
    box = mailbox.mbox(path)
    for line in _lines(8_000):
        box.add(_message(line))
    box.close()


WRITERS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "PDF (200 pages)": ("report.pdf", _pdf),
    "DOCX (4,000 paragraphs)": ("report.docx", _docx),
    "PPTX (400 slides)": ("deck.pptx", _pptx),
    "HTML (20,000 paragraphs)": ("page.html", _html),
    "e-mail .eml (4,000 paragraphs)": ("message.eml", _eml),
    "mbox (8,000 messages)": ("inbox.mbox", _mbox),
}


def _read(path: Path, mode: str) -> tuple[int, int]:
    """(chunks, bytes read) of one read of the file as a scan reads it."""
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, Sampling(mode=mode))
    chunks = sum(frame.height for frame in table.batches())
    return chunks, table.coverage.bytes_read


def measure_documents(report: Report, console: Console, out: Path = OUT) -> None:
    """One line per format and mode: stored MB read per second, and chunks."""
    out.mkdir(parents=True, exist_ok=True)
    for label, (name, write) in WRITERS.items():
        path = out / name
        if not path.exists():
            console.log(f"documents: writing {name}")
            write(path)
        size = path.stat().st_size
        for mode in ("sample", "full"):
            timed = best_of(2, partial(_read, path, mode))
            chunks, read = timed.result
            rate = read / 1e6 / timed.seconds if timed.seconds else None
            report.add(
                SECTION,
                f"{label}, {size / 1e6:.2f} MB, {mode}",
                rate,
                unit="MB/s",
                text=f"{rate or 0:,.1f} MB/s, {chunks / timed.seconds:,.0f} chunks/s ({chunks:,} "
                f"chunks, {read / 1e6:.2f} MB read, {timed.seconds:.2f} s)",
                how=timed.how,
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats_documents", description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    console = Console() if sys.stdout.isatty() else Console(width=160)
    report = Report()
    measure_documents(report, console, args.out)
    report.render(console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
