"""Telling the text encoding of an object from its first bytes, and decoding lines with it."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

DETECT_BYTES = 64 * 1024  # what the encoding is told from: a bounded prefix, never the object
_BOMS = (  # UTF-32 LE before UTF-16 LE: its mark starts with the same two bytes
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_TIE = 0.02  # charset-normalizer chaos scores this close are a tie between code pages
_SYNTAX = '\n\r\t,;|"{}[]:'


@dataclass(frozen=True)
class TextHead:
    """The first bytes of an object's content and the encoding they were found to be in."""

    data: bytes
    encoding: str  # a Python codec name: utf-8, utf-16-le, cp1252, cp932...
    complete: bool  # the head is the whole content

    @property
    def text(self) -> str:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        return decoder.decode(self.data, final=self.complete).removeprefix("\ufeff")


def detect_encoding(head: bytes, complete: bool) -> str | None:
    """The encoding of a head of content, or None when it is not text in any encoding read.

    A byte order mark decides first; then UTF-16/32 without one (ASCII text shows NUL bytes
    at every other or three in four positions); then UTF-8 when the head decodes; else the
    code page charset-normalizer finds, preferring Windows-1252 on a tie between Latin code
    pages (it is by far the commonest, and short heads rarely tell them apart).
    """
    for mark, name in _BOMS:
        if head.startswith(mark):
            return name
    wide = _wide_unicode(head)
    if wide is not None:
        return wide
    if b"\x00" in head or _controls(head) > len(head) // 20:
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return _code_page(head)
    return "utf-8"


def byte_lines(encoding: str) -> bool:
    """Whether lines and separators are the ASCII bytes in this encoding, so byte windows
    and readline() on the raw bytes work (UTF-8, the code pages, Shift JIS, GB18030...)."""
    if encoding in _WIDE:
        return False
    try:
        return _SYNTAX.encode(encoding) == _SYNTAX.encode("ascii")
    except (UnicodeEncodeError, LookupError):
        return False


def unit_bytes(encoding: str) -> int:
    """The size of a code unit: where a seek into the bytes may land."""
    return 4 if encoding.startswith("utf-32") else 2 if encoding.startswith("utf-16") else 1


def decode_line(raw: bytes, encoding: str) -> tuple[str, bool]:
    """(text, repaired): a line in the object's encoding. A line that is not (a file mostly
    in UTF-8 with a few Windows-1252 lines, a cut character) is read as Windows-1252 when
    the object is UTF-8, else with U+FFFD for the bad bytes, and counted as repaired."""
    try:
        return raw.decode(encoding), False
    except UnicodeDecodeError:
        pass
    if encoding.startswith("utf-8"):
        return raw.decode("cp1252", errors="replace"), True
    return raw.decode(encoding, errors="replace"), True


def _controls(head: bytes) -> int:
    return sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))


def _wide_unicode(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the NUL bytes are."""
    if len(head) < 8 or b"\x00" not in head:
        return None
    for name, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        nul = [lane.count(0) / max(len(lane), 1) for lane in (head[i::unit] for i in range(unit))]
        if name.endswith("le"):
            nul.reverse()  # nul[0] is now the share of NULs in each code unit's top byte
        if unit == 4 and (nul[0] < 1.0 or nul[1] < 0.9):  # code points stop at U+10FFFF
            continue
        if unit == 2 and (nul[0] < 0.5 or nul[1] > 0.05):  # mostly Latin text, no NUL chars
            continue
        if _decodes_to_text(head[: len(head) // unit * unit], name):
            return name
    return None


def _decodes_to_text(head: bytes, encoding: str) -> bool:
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\f\r\x1b")
    return bool(text) and controls <= len(text) // 20


def _code_page(head: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(head)
    best = matches.best()
    if best is None:
        return None
    if "cp1252" in best.could_be_from_charset:  # the same text in either code page
        return "cp1252"
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    if (
        western is not None
        and western.chaos <= best.chaos + _TIE
        and _letters(str(western)) >= _letters(str(best))
    ):
        return "cp1252"
    name = codecs.lookup(best.encoding).name
    name = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(name, name)
    return name if byte_lines(name) or name in _WIDE else None


def _letters(text: str) -> int:
    """Non-ASCII letters: a wrong Latin code page turns some into symbols (Ł as £)."""
    return sum(1 for char in text if ord(char) > 127 and char.isalpha())
