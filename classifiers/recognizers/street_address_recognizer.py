"""Recognizer for street addresses: a house number next to a street-type word."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class StreetAddressRecognizer(PatternRecognizer):
    """
    Recognize street addresses in English, German, Dutch, Spanish, Italian and French forms.

    Matching is case-insensitive, Presidio's default, for "123 MAIN STREET", except in
    `(?-i:...)` groups: a street name must start with a capital, which keeps prose such
    as "2 blocks down the street" or "place your 3 orders" out, and the type-first words
    (Via, Place, Avenue) must be capitalised because in lower case they are everyday
    English.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # [Flat 3,] 123 Main Street / 45B Baker St.: up to three name words, the first
        # capitalised; the dot is kept only after an abbreviation.
        Pattern(
            "number, name, street type (en)",
            r"\b(?:(?:flat|apt|apartment|unit|suite)\.?\s*\w+,?\s+)?\d{1,5}[a-z]?,?\s+"
            r"(?-i:[A-ZÀ-Þ])[\w'.-]*(?:\s+[\w'.-]+){0,2}\s+"
            r"(?:(?:street|avenue|road|lane|drive|boulevard|way|court|place|square|terrace)\b"
            r"|(?:st|ave|rd|ln|dr|blvd|ct|pl|sq)\b\.?)",
            0.5,
        ),
        # German and Dutch write the type as a suffix: Hauptstraße 12, Kerkstraat 7; or
        # after an "-er" adjective: Berliner Straße 5.
        Pattern(
            "street-type suffix, number (de/nl)",
            r"\b(?:(?-i:[A-ZÄÖÜ])[\w-]+er\s)?[\w-]*"
            r"(?:straße|strasse|str\.|weg|platz|allee|straat|laan|plein|gracht)"
            r"\s?\d{1,4}[a-z]?\b",
            0.5,
        ),
        # Calle Mayor 5, Via Roma, 10, Rue de Rivoli 25, Paseo de la Castellana 100:
        # type, up to two particles, a capitalised name of up to four words, number.
        Pattern(
            "street type, name, number (es/it/fr)",
            r"\b(?-i:Calle|Avenida|Plaza|Paseo|Via|Viale|Piazza|Corso"
            r"|Rue|Avenue|Boulevard|Chemin|Place)\s+"
            r"(?:(?:de|del|della|delle|dei|degli|di|du|des|la|le|los|las)\s+|[dl]['\u2019]){0,2}"
            r"(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*(?:\s+[^\W\d_][\w'\u2019.-]*){0,3}"
            r",?\s+\d{1,4}[a-z]?\b",
            0.5,
        ),
        # 25 rue de Rivoli, 10 avenue des Champs-Élysées, 3 bis quai d'Orsay:
        # number, type, particles, then one to three capitalised name words.
        Pattern(
            "number, street type, name (fr)",
            r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
            r"(?:rue|avenue|boulevard|bd|chemin|place|allée|impasse|quai)\s+"
            r"(?:(?:de|du|des|la|le)\s+|[dl]['\u2019]){0,2}"
            r"(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*(?:\s+(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*){0,2}",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "address",
        "street",
        "addr",
        "residence",
        "billing",
        "shipping",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "STREET_ADDRESS",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS if patterns is None else patterns,
            context=self.CONTEXT if context is None else context,
            supported_language=supported_language,
            name=name or type(self).__name__,
        )
