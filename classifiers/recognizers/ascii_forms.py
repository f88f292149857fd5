"""ASCII forms of widened prefilters, and ASCII spellings of shapes that are not ASCII.

Rust's regex crate runs its fast engines (literal search, lazy DFA) only where it can decide a
Unicode word boundary, which on non-ASCII text it cannot: there every widened prefilter falls
back to a slow engine, and a few thousand accented names cost more than a million ASCII
shapes. So shapes are matched as ASCII text, exactly:

- A shape holds `a`, `0` and ASCII punctuation, space and control characters (the alphabet).
  Each set of each widened prefilter is asked (by Rust itself, so its Unicode classes and case
  folding are Rust's) which alphabet characters it holds, and the ASCII form of the prefilter
  spells the set as those characters, with ASCII word boundaries and no case folding.
- A non-ASCII character of a shape is spelled with an ASCII character that every set holds or
  not exactly as it holds the original: an alphabet character when one behaves the same, else,
  for a word character, a stand-in (`A`-`Z`, `b`-`z`, `1`-`9`, which no shape holds) that the
  sets holding it are given. A character with neither keeps its shape on the full form.

So the ASCII form matches an ASCII spelling exactly where the widened prefilter matches the
shape: flags do not change, and the engines still agree.
"""

from __future__ import annotations

import hashlib
import string
import threading
from collections.abc import Iterable
from typing import Any

import polars as pl

from classifiers.recognizers.widen import (
    WidenError,
    ascii_shape_regex,
    char_text,
    shape_sets,
)

ALPHABET = "a0" + "".join(chr(c) for c in range(128) if not chr(c).isalnum())
STAND_INS = string.ascii_uppercase + string.ascii_lowercase[1:] + string.digits[1:]
_NOTHING = r"[^\x00-\x{10FFFF}]"  # a set no character is in
_WORD = (r"\w", False)

Signature = tuple[bool, ...]


class AsciiForms:
    """The ASCII forms of a set of widened prefilters, learning characters as shapes bring
    them."""

    def __init__(self, regexes: Iterable[str]) -> None:
        found: set[tuple[str, bool]] = set()
        for regex in regexes:
            try:
                found |= shape_sets(regex)
            except WidenError:
                continue
        self._sets = [_WORD, *sorted(found - {_WORD})]
        self._index = {key: i for i, key in enumerate(self._sets)}
        self._alphabet = dict(zip(ALPHABET, self._signatures(ALPHABET), strict=True))
        self._twins = {sig: char for char, sig in reversed(self._alphabet.items())}
        self._stand_ins: dict[Signature, str] = {}
        self._spelling: dict[str, str | None] = {}
        self._forms: dict[str, str] = {}
        self._widened = {"": self._forms}  # the forms built for each set of stand-ins
        self._unsaved = False
        # Engines on several threads share one instance: a form is never built from fewer
        # stand-ins than a spelling made before it used.
        self._lock = threading.RLock()

    def state(self) -> dict[str, Any]:
        """What the constructor learned from Rust and the forms built so far, as JSON data
        (the startup cache keeps it): valid only before any stand-in is handed out."""
        with self._lock:
            if self._stand_ins:
                raise ValueError("the forms of shapes already spelled depend on them")
            return {
                "sets": [[text, ignore_case] for text, ignore_case in self._sets],
                "alphabet": [_bits(sig) for sig in self._alphabet.values()],
                "forms": dict(self._forms),
            }

    @classmethod
    def restored(cls, state: dict[str, Any]) -> AsciiForms:
        """The instance `state()` described, built without asking Rust again."""
        forms = cls.__new__(cls)
        forms._sets = [(str(text), bool(ignore_case)) for text, ignore_case in state["sets"]]
        forms._index = {key: i for i, key in enumerate(forms._sets)}
        signatures = [tuple(c == "1" for c in sig) for sig in state["alphabet"]]
        if len(signatures) != len(ALPHABET) or any(len(s) != len(forms._sets) for s in signatures):
            raise ValueError("the stored alphabet does not fit the stored sets")
        forms._alphabet = dict(zip(ALPHABET, signatures, strict=True))
        forms._twins = {sig: char for char, sig in reversed(forms._alphabet.items())}
        forms._stand_ins, forms._spelling = {}, {}
        forms._forms = {str(k): str(v) for k, v in state["forms"].items()}
        forms._widened, forms._unsaved = {"": forms._forms}, False
        forms._lock = threading.RLock()
        return forms

    def _signatures(self, chars: str | list[str]) -> list[Signature]:
        """Which sets hold each character, as Rust decides."""
        # One query for all the sets: each call into Polars gives up the interpreter, and while
        # another thread holds it (Presidio's import, `warm`) each wait for it back can take
        # a switch interval (5 ms): three hundred calls took 0.6 to 1 s there, one takes 0.05.
        frame = pl.DataFrame({"c": list(chars)}, schema={"c": pl.String})
        held = frame.select(
            pl.col("c").str.contains(f"^(?{'i' if ignore_case else ''}:{text})$").alias(str(i))
            for i, (text, ignore_case) in enumerate(self._sets)
        )
        return [tuple(bool(h) for h in row) for row in held.iter_rows()]

    def _learn(self, chars: Iterable[str]) -> None:
        """Find a spelling for each new non-ASCII character."""
        new = sorted({c for c in chars if c not in self._spelling and not c.isascii()})
        if not new:
            return
        for char, sig in zip(new, self._signatures(new), strict=True):
            spelled = self._twins.get(sig) or self._stand_ins.get(sig)
            if spelled is None and sig[0] and len(self._stand_ins) < len(STAND_INS):
                spelled = STAND_INS[len(self._stand_ins)]
                self._stand_ins[sig] = spelled
                # Sets that hold it now spell it: the forms are those of this set of stand-ins
                # (built before, here or by an earlier process, or built anew).
                self._forms = self._widened.setdefault(self._stand_ins_key(), {})
            self._spelling[char] = spelled

    def spell(self, shapes: list[str]) -> list[str | None]:
        """Each shape in ASCII, or None when one of its characters has no spelling."""
        with self._lock:
            self._learn(set().union(*map(set, shapes)) if shapes else ())
            table = str.maketrans({c: s for c, s in self._spelling.items() if s is not None})
        out: list[str | None] = []
        for shape in shapes:
            spelled = shape.translate(table)
            out.append(spelled if spelled.isascii() else None)
        return out

    def form(self, regex: str) -> str:
        """The ASCII form of a prefilter ("" matches everything, as for one not widened)."""
        with self._lock:
            if regex not in self._forms:
                try:
                    self._forms[regex] = ascii_shape_regex(regex, self._ascii_set)
                except WidenError:
                    self._forms[regex] = ""
                self._unsaved = self._unsaved or bool(self._stand_ins)
            return self._forms[regex]

    def _stand_ins_key(self) -> str:
        """Names a set of stand-ins: the signatures they were handed out for, in order (the
        stand-in of each is then its place in `STAND_INS`)."""
        signatures = ",".join(_bits(sig) for sig in self._stand_ins)
        return hashlib.sha256(signatures.encode()).hexdigest()[:32]

    @property
    def unsaved(self) -> bool:
        """Forms were built for some stand-ins since `widened()` was last read."""
        return self._unsaved

    def widened(self) -> dict[str, dict[str, str]]:
        """The forms built for each set of stand-ins, as JSON data (the startup cache keeps
        it, so the next process that meets the same letters need not build them again)."""
        with self._lock:
            self._unsaved = False
            return {key: dict(forms) for key, forms in self._widened.items() if key}

    def know_widened(self, widened: dict[str, dict[str, str]]) -> None:
        """Forms an earlier process built for sets of stand-ins (`widened()`); a form built
        here is kept."""
        with self._lock:
            for key, forms in widened.items():
                if key:
                    known = self._widened.setdefault(str(key), {})
                    for regex, form in forms.items():
                        known.setdefault(str(regex), str(form))

    def _ascii_set(self, text: str, ignore_case: bool) -> str:
        i = self._index[(text, ignore_case)]
        held = [c for c, sig in self._alphabet.items() if sig[i]]
        held += [c for sig, c in self._stand_ins.items() if sig[i]]
        if not held:
            return _NOTHING
        spelled = "".join(char_text(c) for c in held)
        return spelled if len(held) == 1 else f"[{spelled}]"


def _bits(signature: Signature) -> str:
    return "".join("1" if held else "0" for held in signature)
