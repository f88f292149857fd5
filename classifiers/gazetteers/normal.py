"""One spelling for matching names: casefolded, NFKC, accents off Latin, Greek and Cyrillic."""

from __future__ import annotations

import re
import unicodedata

# Scripts whose accents are marks on a base letter that readers drop freely ("Zoë", "Ψυχή"):
# Latin, Greek and Cyrillic end at U+052F. Marks of other scripts (Devanagari vowel signs,
# Arabic harakat) are part of the letter and are kept.
_STRIP_BELOW = 0x0530
_SPLIT = re.compile(r"[\s,;/|()\"]+")
# Latin letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "\u0131": "i", "œ": "oe"})


def normalise(text: str) -> str:
    """`" Ámélie "` -> `"amelie"`; `"Москва"` -> `"москва"`; `"北京"` stays."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    kept = []
    base = 0
    for char in decomposed:
        if unicodedata.combining(char):
            if base < _STRIP_BELOW:
                continue
        else:
            base = ord(char)
        kept.append(char)
    return unicodedata.normalize("NFKC", "".join(kept)).casefold().translate(_FOLD)


def tokens(value: str) -> list[str]:
    """The words of a value, split on white space and list punctuation (hyphens stay)."""
    return [t.strip(".'\u2019-") for t in _SPLIT.split(value) if t.strip(".'\u2019-")]
