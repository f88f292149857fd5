"""Text tables in the encodings real shares hold: BOMs, UTF-16/32, legacy single- and
double-byte code pages. Each header holds a non-ASCII column name, so a wrong decoding shows
as a column that is not found."""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path

from tests.corpus.cases import Case, classified
from tests.corpus.rows import csv_text, people, planted, write

ENTITIES = {"email": "EMAIL_ADDRESS", "iban": "IBAN_CODE", "card": "CREDIT_CARD"}


def _table(root: Path, relative: str, locale: str, header: dict[str, str], encoding: str) -> Case:
    """A CSV whose columns (name -> Person field) hold 60 people; its expected findings."""
    rows = people(relative, 60, locale)
    records = [[getattr(p, field) for field in header.values()] for p in rows]
    write(root, relative, _encoded(csv_text(list(header), records), encoding))
    expected = {name: ENTITIES[field] for name, field in header.items() if field in ENTITIES}
    fields = [f for f in header.values() if f in ENTITIES]
    return classified(relative, "", expected, planted(rows, *fields, "name"))


_BOMS = {
    "utf-16": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32": ("utf-32-le", codecs.BOM_UTF32_LE),
}


def _encoded(text: str, encoding: str) -> bytes:
    """The text's bytes; UTF-16/32 with an explicit BOM and byte order on every platform."""
    codec, bom = _BOMS.get(encoding, (encoding, b""))
    return bom + text.encode(codec)


def encoding_cases(root: Path) -> list[Case]:
    specs = [  # path, locale, header (name -> field), codec, what it checks
        ("encodings/utf8.csv", "en_GB",
         {"name": "name", "e_mail": "email", "iban": "iban", "city": "city"},
         "utf-8", "plain UTF-8, the baseline"),
        ("encodings/utf8_bom.csv", "de_DE",
         {"email": "email", "Geschäftskonto": "iban", "Name": "name", "Ort": "city"},
         "utf-8-sig",
         "UTF-8 with a BOM: the first column is 'email', not '\\ufeffemail'"),
        ("encodings/utf16le_bom.csv", "fr_FR",
         {"nom": "name", "adresse_électronique": "email", "iban": "iban", "ville": "city"},
         "utf-16", "UTF-16 LE with BOM"),
        ("encodings/utf16be_bom.csv", "es_ES",
         {"nombre": "name", "correo_electrónico": "email", "iban": "iban", "población": "city"},
         "utf-16-be", "UTF-16 BE with BOM"),
        ("encodings/utf32_bom.csv", "pl_PL",
         {"imię": "name", "e_mail": "email", "iban": "iban", "miejscowość": "city"},
         "utf-32", "UTF-32 LE with BOM (its BOM starts like UTF-16 LE's)"),
        ("encodings/latin1.csv", "fr_FR",
         {"prénom": "name", "adresse_électronique": "email", "iban": "iban", "ville": "city"},
         "latin-1", "ISO-8859-1 with French accents"),
        ("encodings/cp1251.csv", "ru_RU",
         {"имя": "name", "электронная_почта": "email", "счёт": "iban", "город": "city"},
         "cp1251", "Windows-1251 (Cyrillic)"),
        ("encodings/shift_jis.csv", "ja_JP",
         {"氏名": "name", "メールアドレス": "email", "口座番号": "iban", "住所": "city"},
         "shift_jis", "Shift-JIS (Japanese)"),
        ("encodings/cp1250.csv", "cs_CZ",
         {"příjmení": "name", "e-mailová_adresa": "email", "číslo_účtu": "iban", "obec": "city"},
         "cp1250", "Windows-1250 (Czech)"),
        ("encodings/cp1253.csv", "el_GR",
         {"όνομα": "name", "ηλεκτρονική_διεύθυνση": "email", "λογαριασμός": "iban",
          "πόλη": "city"}, "cp1253", "Windows-1253 (Greek)"),
        ("encodings/gbk.csv", "zh_CN",
         {"姓名": "name", "电子邮件": "email", "银行账号": "iban", "城市": "city"},
         "gbk", "GBK (Simplified Chinese)"),
        ("encodings/euc_kr.csv", "ko_KR",
         {"이름": "name", "이메일": "email", "계좌번호": "iban", "도시": "city"},
         "euc_kr", "EUC-KR (Korean)"),
    ]  # fmt: skip
    cases = [
        replace(_table(root, path, locale, header, codec), checks=checks, encoding=codec)
        for path, locale, header, codec, checks in specs
    ]  # fmt: skip
    return [*cases, _excel_unicode_text(root), _cp1252_excel(root), _bom_jsonl(root)]


def _excel_unicode_text(root: Path) -> Case:
    path = "encodings/excel_unicode_text.txt"
    header = ("Nachname", "E-Mail", "Kreditkarte", "Stadt")
    rows = people(path, 60, "de_DE")
    records = [(p.name, p.email, p.card, p.city) for p in rows]
    write(root, path, _encoded(csv_text(header, records, "\t", "\r\n"), "utf-16"))
    return classified(
        path,
        "Excel's 'Unicode text' export: UTF-16 LE, BOM, tabs, CRLF, .txt",
        {"E-Mail": "EMAIL_ADDRESS", "Kreditkarte": "CREDIT_CARD"},
        planted(rows, "email", "card", "name"),
        encoding="utf-16",
    )


def _cp1252_excel(root: Path) -> Case:
    """Excel's European CSV: Windows-1252 with bytes Latin-1 lacks (€, curly quotes), `;`."""
    path = "encodings/cp1252_excel.csv"
    header = ("Empfänger", "E-Mail-Adresse", "Geschäftskonto", "Betrag €", "Bemerkung")
    rows = people(path, 60, "de_DE")
    records = [
        (p.name, p.email, p.iban, f"{i * 7},50 €", f"„{p.city}“ \u2013 Überweisung")
        for i, p in enumerate(rows)
    ]
    write(root, path, csv_text(header, records, ";", "\r\n"), "cp1252")
    return classified(
        path,
        "Windows-1252 with € and typographic quotes, `;`, CRLF",
        {"E-Mail-Adresse": "EMAIL_ADDRESS", "Geschäftskonto": "IBAN_CODE"},
        planted(rows, "email", "iban", "name"),
        encoding="cp1252",
    )


def _bom_jsonl(root: Path) -> Case:
    path = "encodings/utf8_bom.jsonl"
    rows = people(path, 60, "it_IT")
    lines = [
        f'{{"nome": "{p.name}", "posta_elettronica": "{p.email}", "carta": "{p.card}"}}'
        for p in rows
    ]
    write(root, path, "\n".join(lines) + "\n", "utf-8-sig")
    return classified(
        path,
        "JSON Lines with a UTF-8 BOM",
        {"posta_elettronica": "EMAIL_ADDRESS", "carta": "CREDIT_CARD"},
        planted(rows, "email", "card", "name"),
        encoding="utf-8-sig",
    )
