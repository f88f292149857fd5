"""Recognizer for a whole value that is a gender, in many languages (`Féminin`, `Kvinna`,
`Erkek`, `여자`, `Жін.`), for the columns forms fill in."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

# Words that name a gender, in the languages of forms; written as forms write them, with
# their accents (nothing is folded: `nő` is Hungarian for woman, `no` is a refusal).
GENDER_WORDS = frozenset(
    """
    male female man woman masculine feminine masc fem boy girl
    non-binary nonbinary non_binary intersex transgender genderqueer agender genderfluid
    männlich maennlich weiblich mann frau divers diverse
    masculin féminin feminin homme femme
    masculino femenino masculina femenina hombre mujer varón varon
    maschio femmina maschile femminile uomo donna
    feminino homem mulher
    mannelijk vrouwelijk vrouw
    manlig kvinnlig kvinna mand kvinde mann kvinne
    mies nainen
    mężczyzna mezczyzna kobieta męski żeński meski zenski
    muž žena mužský ženský muz zena
    férfi nő
    erkek kadın kadin
    мужской женский мужчина женщина муж. жен. муж жен
    чоловік жінка чоловіча жіноча чол. жін.
    άνδρας γυναίκα άρρεν θήλυ
    ذكر أنثى
    पुरुष महिला स्त्री
    男 女 男性 女性
    남 여 남자 여자 남성 여성
    nam nữ laki-laki perempuan pria wanita lelaki babae lalaki
    """.split()  # noqa: RUF001 (Turkish dotless i, Cyrillic letters)
)
# Answers a gender question has besides the genders (`other`, `Diğer`, `기타`): a gender
# column holds them, a column of them alone is not one.
OTHER_ANSWERS = frozenset(
    """
    other others unknown unspecified undisclosed withheld
    autre otro otra altro altra outro outra anders andere annat annet andet muu inna inne
    jiné jiný egyéb diğer другой другое інше інша άλλο अन्य 其他 その他 기타 onzijdig
    """.split()
)
# One-letter codes: M, F; W and D (German), H (French), K (Polish), V (Dutch), X, U, and
# their Cyrillic forms. Read only in company of the words or under a gender column name.
GENDER_CODES = frozenset("M F W D H K V X U М Ж Ч".split())  # noqa: RUF001 (Cyrillic Em)

_PHRASES = ("non binary", "prefer not to say", "not specified", "third gender")


def _alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    """Longest first, so `female` is tried before `fem`."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _whole(body: str) -> str:
    # The entire value (surrounding blanks allowed): never a word inside a sentence. (?-m:)
    # makes ^ and $ the value's ends under Presidio's MULTILINE; the lookahead makes Python's
    # $ agree with Rust's (no final newline), so the prefilter stays a superset.
    return rf"(?-m:^\s*(?i:{body})\s*$(?!\n))"


class GenderValueRecognizer(PatternRecognizer):
    """
    Recognize a value that is entirely a gender word, a gender code or another answer.

    Words are confirmed by `validate_result` (a vocabulary look-up, not a checksum); codes
    and other answers only count towards the share of the column that reads as gender, so a
    column of codes or of "other" alone needs its column name to be reported.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("gender word (whole value)", _whole(_alternation(GENDER_WORDS)), 0.5),
        Pattern(
            "gender answer or code (whole value)",
            _whole(_alternation(OTHER_ANSWERS | GENDER_CODES | frozenset(_PHRASES))),
            0.25,  # a column needs a third of its values to be words (mean score 0.5)
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["gender", "sex"]
    CHECKSUM: ClassVar[bool] = False  # the validator is a vocabulary, not a check digit

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "GENDER",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """True for a gender word; None (the pattern's own weak score) for codes and other
        answers."""
        value = pattern_text.strip()
        return True if value in _WORDS_FOLDED or value.casefold() in _WORDS_FOLDED else None


_WORDS_FOLDED = frozenset(w.casefold() for w in GENDER_WORDS) | frozenset(_PHRASES[:1])
