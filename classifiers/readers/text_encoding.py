"""Telling the text encoding of an object from its first bytes, and decoding lines with it."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a head is not UTF-8 or marked: most objects never need it
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
# Latin code pages a short head rarely tells apart (Western, Central European, Baltic,
# Turkish): the candidates _code_page weighs against each other.
_LATIN = ("cp1252", "cp1250", "cp1257", "cp1254", "iso8859-15", "iso8859-2")
_SYNTAX = '\n\r\t,;|"{}[]:'


@dataclass(frozen=True)
class TextHead:
    """The first bytes of an object's content and the encoding they were found to be in."""

    data: bytes
    encoding: str  # a Python codec name: utf-8, utf-16-le, cp1252, cp932...
    complete: bool  # the head is the whole content

    @property
    def cr_only(self) -> bool:
        """Lines end in CR alone (old Mac files): no byte window can find a line start."""
        return b"\r" in self.data and b"\n" not in self.data

    @property
    def text(self) -> str:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        return decoder.decode(self.data, final=self.complete).removeprefix("\ufeff")


def detect_encoding(head: bytes, complete: bool) -> str | None:
    """The encoding of a head of content, or None when it is not text in any encoding read.

    A byte order mark decides first; then UTF-16/32 without one (ASCII text shows NUL bytes
    at every other or three in four positions); then UTF-8 when the head decodes; else the
    code page charset-normalizer finds (`_code_page`).
    """
    for mark, name in _BOMS:
        if head.startswith(mark):
            return name
    wide = _wide_unicode(head)
    if wide is not None:
        return wide
    if head.count(0) > len(head) // 100 or _controls(head) > len(head) // 20:
        return None  # a few NULs (padding in some cells) are damage; more are not text
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


_CONTROLS = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27))


def _controls(head: bytes) -> int:
    """Control bytes other than NUL and whitespace (counted in C: heads are 64 KiB)."""
    return len(head) - len(head.translate(None, _CONTROLS))


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
        if unit == 2 and (nul[0] < 0.3 or nul[1] > 0.01):  # ASCII (digits, separators,
            continue  # spaces, line breaks) shows as NUL high bytes; text has no NUL char
        if _decodes_to_text(head[: len(head) // unit * unit], name):
            return name
    return None


def _decodes_to_text(head: bytes, encoding: str) -> bool:
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\f\r\x1b")
    printable = sum(1 for char in text if char.isprintable() or char.isspace())
    return bool(text) and controls <= len(text) // 20 and printable >= 0.95 * len(text)


def _code_page(head: bytes) -> str | None:
    """charset-normalizer's pick, corrected where it is weakest: Latin code pages, which a
    short head rarely tells apart. When it picks one, the Latin code page that decodes the
    head with the fewest misreadings wins (cp1252 reads Polish `Łódź` as `£ódŸ`, cp1250
    reads `£12` as `Ł12`), Windows-1252 (by far the commonest) first on a tie, then its pick.
    A cp949 reading that needs UHC's rare extension syllables (what Shift JIS bytes become)
    gives way to the next candidate."""
    import charset_normalizer

    matches = [m for m in charset_normalizer.from_bytes(head) if not _rare_korean(m)]
    if not matches:
        return None
    name = codecs.lookup(matches[0].encoding).name
    if name in _LATIN or "cp1252" in matches[0].could_be_from_charset:
        texts = {page: _decoded(head, page) for page in dict.fromkeys(("cp1252", name, *_LATIN))}
        readable = [page for page, text in texts.items() if text is not None]
        name = min(readable, key=lambda page: _misreadings(texts[page] or ""))
    name = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(name, name)
    return name if byte_lines(name) or name in _WIDE else None


def _decoded(head: bytes, encoding: str) -> str | None:
    try:
        return head.decode(encoding)
    except UnicodeDecodeError:
        return None


def _rare_korean(match: charset_normalizer.CharsetMatch) -> bool:
    return match.encoding == "cp949" and "euc_kr" not in match.could_be_from_charset


def _misreadings(text: str) -> int:
    """Characters a wrong Latin code page tends to produce: a letter glued to a digit (`Ł12`),
    a symbol before a small letter (`£ukasz`, `¯ó`), a sign between two letters (`ó³æ`).
    Punctuation and units (`¿Qué?`, `«ici»`, `20°C`, `m²`) are ordinary."""
    count = 0
    for index, char in enumerate(text):
        if ord(char) < 128:
            continue
        before, after = text[index - 1 : index], text[index + 1 : index + 2]
        kind = unicodedata.category(char)[0]
        if char.isalpha():
            count += (before + after).isascii() and any(c in "0123456789" for c in before + after)
        elif kind == "S" and after.islower():
            count += 1
        elif kind in "SN" and before.isalpha() and after.isalpha():
            count += 1
    return count
