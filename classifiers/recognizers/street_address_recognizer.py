"""Recognizer for street addresses: a house number next to a street-type word."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

# English street types (USPS Publication 28, C1) that are safe anywhere: they seldom
# follow "number + capitalised word" in prose. Plurals are written as `streets?`.
_EN_TYPES_SAFE = (
    "streets?|avenue|road|lane|drives?|boulevard|court|place|square|terrace|crescent"
    "|alley|parkways?|highway|expressway|freeway|motorway|turnpike|causeway|stravenue"
    "|trafficway|throughway|skyway|viaduct|overpass|underpass|circles?"
)
# Their standard abbreviations; a dot may follow. Codes that are also units, time zones
# or words (IS island, UN union, FT fort, MT mount, EST estate, EXT extension, ML mill,
# PR prairie, PT point ...) are left out: "10 AM EST" is not an address.
_EN_ABBREVIATIONS = (
    "st|ave|av|rd|ln|dr|blvd|ct|pl|sq|ter|cres|aly|anx|byu|bch|bnd|blfs?|btm|brg|brks?"
    "|byp|cyn|cpe|cswy|ctrs?|cirs?|clfs?|clb|cmns?|cors|crse|cts|cvs?|crk|crst|xing|xrds?"
    "|curv|drs|ests|expy|exts|fls|fry|flds?|flts?|frds?|frst|frgs?|frks?|fwy|gdns?|gtwy"
    "|glns?|grns?|grvs?|hbrs?|hvn|hts|hwy|holw|inlt|jcts?|knls?|lks?|lndg|lgts?|lcks?|ldg"
    "|mnrs?|mdws?|msn|mtwy|mtns?|nck|orch|opas|pkwys?|psge|pnes?|plns?|plz|prts?|radl"
    "|rnch|rpds?|rst|rdgs?|riv|rds|rte|shls?|shrs?|skwy|spgs?|smt|stra|strm|sts|trwy|trce"
    "|trak|trfy|trl|trlr|tunl|tpke|upas|vlys?|vlgs?|vws?"
)
# The rest of Publication 28 plus British forms (Close, Rise, Parade, Wharf). These are
# also everyday words ("500 Reward Points", "5 Easy Ways", "a 10 Minute Walk"), so they
# must be capitalised and end the address: see "what may follow" in the first pattern.
_EN_TYPES_COMMON = (
    "annex|arcade|bayou|beach|bend|bluffs?|bottom|branch|bridge|brooks?|burgs?|bypass"
    "|camp|canyon|cape|centers?|centres?|cliffs?|club|commons?|corners?|course|courts"
    "|coves?|creek|crest|crossing|crossroads?|curve|dale|dam|divide|estates?|extensions?"
    "|falls?|ferry|fields?|flats?|fords?|forest|forges?|forks?|fort|gardens?|gateway"
    "|glens?|greens?|groves?|harbou?rs?|haven|heights|hills?|hollow|inlet|islands?|isle"
    "|junctions?|keys?|knolls?|lakes?|land|landing|lights?|loaf|locks?|lodge|loop|mall"
    "|manors?|meadows?|mews|mills?|mission|mount|mountains?|neck|orchard|oval|parks?"
    "|pass|passage|path|pike|pines?|plains?|plaza|points?|ports?|prairie|radial|ramp"
    "|ranch|rapids?|rest|ridges?|river|roads|route|row|rue|run|shoals?|shores?|springs?"
    "|spurs?|squares|station|stream|summit|trace|track|trail|trailer|tunnel|unions?"
    "|valleys?|via|views?|villages?|ville|vista|walks?|wall|ways?|wells?"
    "|close|rise|parade|wharf"
)
# A unit before or after the street: "Flat 3,", "Studio 78u,", "Apt. 183", "Suite 131".
# The unit number has a digit or is one letter, so "Apartment complex, ..." stays out.
_EN_UNIT = r"(?:flat|studio|apartment|apt|unit|suite|ste)\.?\s*#?(?:\d{1,4}[a-z]?|[a-z]\d{0,3})\b"
# Words that start prose, never a street name, after a number: "Chapter 3 The Long Walk",
# "a 10 Minute Walk", "3 For Free Parking".
_NOT_A_NAME = (
    r"(?!(?:the|a|an|and|or|of|to|in|on|at|for|by|with|from|per|our|your|my|their|this"
    r"|that|these|those|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times"
    r"|miles?|km|percent)\b)"
)
# German, Dutch and Nordic street types written as the end of one compound word
# (Storgata, Drottninggatan, Kongens Gade, Parkveien, Jenssenringen, Vesterbrogade).
_DE_NL_SUFFIXES = (
    r"straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|steig|pfad|markt"
    r"|straat|laan|plein|gracht|kade|singel|dijk|hof|pad|baan|dreef|steeg|boulevard"
    r"|gata|gatan|gaten|gade|vägen|veien|vegen|vej|stien|plassen|torget|ringen|bakken"
    # Norwegian street names after the land they run through: Haugen, Dalen, Åsen, Svingen.
    r"|haugen|dalen|åsen|svingen|tunet|toppen|jordet|lunden|løkka|skogen|kollen|berget"
)
# English words that end in a suffix above and are followed by numbers in product and
# course names: "Spring 2024", "Engineering 101", "Keypad 2".
_DE_NL_ENGLISH = (
    r"(?!(?:spring|string|bring|during|offering|engineering|monitoring|catering|hiring"
    r"|sharing|scoring|tutoring|mentoring|recurring|featuring|wiring"
    r"|keypad|notepad|trackpad|touchpad|launchpad|scratchpad|mousepad|numpad|ipad)\b)"
)
# Street types written first, then the name: Spanish, Italian, French (capitalised).
_ES_TYPES = (
    r"Calle|(?<![A-Za-z]\s)C\.|Avenida|Avda\.|(?<![A-Za-z]\s)Av\.|Paseo|Plaza|Camino|Ronda"
    r"|Rambla|Pasaje|Pasadizo|Glorieta|Travesía|Callejón|Cañada|Urbanización|Vía|Vial"
    r"|Carrer|Carretera|Alameda|Cuesta|Acceso|Bajada"
)
_IT_TYPES = (
    r"Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Vico|Strada|Contrada|Borgo|Incrocio"
    r"|Rotonda|Canale|Stretto|Lungomare|Salita"
)
_FR_TYPES = r"Rue|Avenue|Boulevard|Chemin|Allée|Impasse|Place|Quai|Route|Cours"
# Polish: ulica, aleja, plac, osiedle, usually abbreviated in lower case (ul. Długa 5).
_PL_TYPES = r"[Uu]l\.|[Uu]lica|[Aa]l\.|[Aa]leja|[Pp]l\.|[Pp]lac|[Oo]s\.|[Oo]siedle"
# "de", "del", "de la", "della", "du", "des", "d'", "l'" ... between the type and the name.
_PARTICLES = (
    r"(?:(?:de|del|dels|della|delle|dei|degli|di|du|des|la|le|les|los|las)\s+"
    r"|[dl]['\u2019]){0,2}"
)
# The floor or door after a Spanish or Italian number: "Piso 7", "Puerta 4", "Apt. 81",
# "Piano 2", "Appartamento 75", "Interno 3".
_ES_IT_UNIT = (
    r"(?:,?\s+(?:piso|puerta|planta|apt\.?|apto\.?|esc\.|escalera|piano|appartamento"
    r"|interno|int\.|scala)\s*\d{1,3}[a-z]?\b)?"
)


# Russian, Ukrainian and Bulgarian street types, full or abbreviated (ул., пр-т, вул., бул.).
_CYRILLIC_TYPES = (
    r"ул\.|улица|пр-т|просп\.|проспект|пр\.|пер\.|переулок|наб\.|набережная|ш\.|шоссе"
    r"|пл\.|площадь|алл\.|аллея|бул\.|бульвар|б-р|туп\.|тупик|проезд|мкр\.|микрорайон"  # noqa: RUF001
    r"|вул\.|вулиця|пров\.|провулок|просп\.|майдан|узвіз"
)


class StreetAddressRecognizer(PatternRecognizer):
    """
    Recognize street addresses in English, German, Dutch, Nordic, Spanish, Italian, French
    and Polish forms.

    Matching is case-insensitive, Presidio's default, for "123 MAIN STREET", except in
    `(?-i:...)` groups: a street name must start with a capital, which keeps prose such
    as "2 blocks down the street" or "place your 3 orders" out, and the type-first words
    (Via, Place, Avenue) must be capitalised because in lower case they are everyday
    English. Lookarounds only narrow a match, so the Polars prefilter may drop them.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        # [Flat 3,] 123 Main Street [Apt. 4] / 45B Baker St. / Studio 20, Valerie Shore:
        # a unit and/or a house number, a name of up to three words (each capitalised or
        # a number such as 42nd), a street type. A dot is kept only after an abbreviation.
        # The everyday-word types must be capitalised and end the address (what may follow:
        # the end, punctuation, a unit, a capitalised word or a number), so "Earn 500
        # Reward Points today" stays out while "41847 Scott Hills Suite 131" is found.
        Pattern(
            "number, name, street type (en)",
            rf"\b(?:{_EN_UNIT},?\s+(?:\d{{1,5}}[a-z]?,?\s+)?|\d{{1,5}}[a-z]?,?\s+)"
            rf"{_NOT_A_NAME}(?-i:[A-ZÀ-Þ])[\w'.-]*(?:\s+(?-i:[A-ZÀ-Þ0-9])[\w'.-]*){{0,2}}\s+"
            rf"(?:(?:{_EN_TYPES_SAFE})\b|(?:{_EN_ABBREVIATIONS})\b\.?"
            rf"|(?=(?-i:[A-Z]))(?:{_EN_TYPES_COMMON})\b"
            r"(?=(?:,?\s+(?:apt|suite|ste|unit|#))|\s*(?:$|[,;.:)/])|\s+(?-i:[A-Z0-9])))"
            rf"(?:,?\s+{_EN_UNIT})?",
            0.5,
        ),
        # German and Dutch write the type as a suffix: Hauptstraße 12, Kerkstraat 7,
        # Biggenallee 4/9, Geißlerweg 6-7; after an "-er" adjective (Berliner Straße 5) or
        # a first name (Franz Josef-Haase-Allee 29) the type may be its own word. The
        # compound is capitalised, which keeps "during 2024" out.
        Pattern(
            "street-type suffix, number (de/nl)",
            r"\b(?:(?-i:[A-ZÄÖÜ])\w+(?:er\s|\s(?=(?-i:[A-ZÄÖÜ])\w+-))(?=(?-i:[A-ZÄÖÜ]))[\w-]*"
            rf"|{_DE_NL_ENGLISH}(?=(?-i:[A-ZÄÖÜ]))[\w-]+)(?:{_DE_NL_SUFFIXES})"
            r"\s?\d{1,4}[a-z]?(?:\s?[-/]\s?\d{1,4}[a-z]?)?\b",
            0.5,
        ),
        # Calle Mayor 5, Paseo de la Castellana 100 Piso 3, Via Roma, 10, Incrocio Cesare,
        # 923 Piano 2, Rue de Rivoli 25: type, up to two particles, a capitalised name of
        # up to four words, an optional comma, the number, an optional floor or door.
        Pattern(
            "street type, name, number (es/it/fr)",
            rf"\b(?-i:{_ES_TYPES}|{_IT_TYPES}|{_FR_TYPES}|{_PL_TYPES})\s+{_PARTICLES}"
            r"(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*(?:\s+[^\W\d_][\w'\u2019.-]*){0,3}"
            rf",?\s+\d{{1,4}}[a-z]?\b{_ES_IT_UNIT}",
            0.5,
        ),
        # 25 rue de Rivoli, 1, boulevard de Paris, 3 bis quai d'Orsay, 10, Via Roma:
        # number (French: optional comma; Italian: with a comma), type, particles, then
        # one to three name words, the first capitalised.
        Pattern(
            "number, street type, name (fr/it)",
            r"\b\d{1,4}(?:\s?(?:bis|ter))?(?:,?\s+"
            r"(?:rue|avenue|boulevard|bd|chemin|place|allée|impasse|quai|route|cours)"
            rf"|,\s+(?-i:{_IT_TYPES}))\s+{_PARTICLES}"
            r"(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*(?:\s+(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*){0,2}",
            0.5,
        ),
        # rue Barbier, chemin de Morvan, boulevard Lévêque: French street names without a
        # number are still an address line, but weaker evidence. Only the types that are
        # not English words ("route", "place", "cours") or are lower case in French use.
        Pattern(
            "street type, name, no number (fr, weak)",
            r"\b(?:(?-i:[Rr]ue|[Cc]hemin|[Ii]mpasse|[Aa]llée|[Qq]uai)|(?-i:avenue|boulevard))"
            rf"\s+{_PARTICLES}{_NOT_A_NAME}"
            r"(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*(?:\s+(?-i:[A-ZÀ-Þ])[\w'\u2019.-]*){0,2}",
            0.4,
        ),
        # ул. Ленина, д. 5 / пр-т Мира 10 / вулиця Шевченка, 12 / бул. Витоша 4: a Russian,
        # Ukrainian or Bulgarian street type, a name of up to four words, a house number.
        Pattern(
            "street type, name, number (ru/uk/bg)",
            rf"(?<!\w)(?:{_CYRILLIC_TYPES})\s*(?-i:[\u0410-\u042f\u0401\u0404\u0406\u0407\u0490"
            r"0-9])[\w'\u2019.-]*(?:\s+[\w'\u2019.-]+){0,3}?"
            r",?\s+(?:(?:д|дом|буд|б)\.?\s*)?\d{1,4}(?:\s?[-/]\s?\d{1,4})?[\u0430-\u044fa-z]?(?!\w)",  # noqa: RUF001
            0.5,
        ),
        # 丸の内1丁目2番3号, 千代田1-2-3 (ja); 人民路123号, 长安街12号 (zh): a place name in Han
        # or kana, then a block and house number in the forms each country writes.
        Pattern(
            "block and house number (ja/zh)",
            r"[\u3040-\u30ff\u4e00-\u9fff々]{1,16}(?:\d{1,3}丁目\d{1,4}(?:番地?|[-\u2010\u2212])\d{0,4}号?"
            r"|\d{1,4}[-\u2010\u2212]\d{1,4}(?:[-\u2010\u2212]\d{1,4})?"
            r"|(?:路|街|道|大道|巷|胡同|弄)\s?\d{1,5}\s?号)",
            0.5,
        ),
        # 테헤란로 123, 강남대로12길 3, 세종로 45-2 (ko): a road name ending in 로, 길 or 대로,
        # then the building number.
        Pattern(
            "road name, building number (ko)",
            r"[가-힣]{1,12}(?:\d{1,3})?(?:대로|로|길|번길)\s?\d{1,4}(?:-\d{1,4})?(?![\d가-힣])",
            0.5,
        ),
    ]

    # Prefilters in whole scripts for the patterns spelled with their letters (see
    # `registry.own_prefilters`): each matches a part of every match of its pattern.
    PREFILTERS: ClassVar[dict[str, str]] = {
        "street type, name, number (ru/uk/bg)": (
            r"[\u0400-\u04ff]{1,12}[.-]?[\u0400-\u04ff]{0,2}\.?\s*\w"
        ),
        "block and house number (ja/zh)": r"[\u3040-\u30ff\u3005\u4e00-\u9fff]\s?\d",
        "road name, building number (ko)": r"[\uac00-\ud7a3]\s?\d",
    }
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


# A house number: digits and an optional letter, an optional second part (4/9, 12-14, 3B).
_HOUSE_NUMBER = r"\d{1,5}[A-Za-z]?(?:\s?[-/]\s?(?:\d{1,5}[A-Za-z]?|[A-Za-z]))?"
# A name word in any script: a letter first, then anything but blanks (marks of Indic
# scripts and apostrophes included).
_NAME_WORDS = r"[^\W\d_]\S*(?:\s+[^\W\d_]\S*){0,4}"


class HouseNumberLineRecognizer(PatternRecognizer):
    """
    Recognize a whole value shaped as a street line in any language: name words, then a
    house number (Olsenvika 4, Na Příkopě 12, Kossuth Lajos utca 3/B), or a house number,
    then name words (46/687 दीपक नाथ, 12 Rue X). The shape alone says little ("Model 3",
    "Room 12"), so the score is below what a column needs: a column is reported only when
    its name says it holds addresses (`street`, `adresse`, `ulica`, `住所`).

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param name: Name of this recognizer (defaults to the class name)
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "name words and house number (whole value, any language)",
            rf"(?-m:^\s*(?:{_NAME_WORDS},?\s+(?:(?:no|nr)\.?\s*)?{_HOUSE_NUMBER}"
            rf"|{_HOUSE_NUMBER},?\s+{_NAME_WORDS})\s*$(?!\n))",
            0.2,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["street", "address", "addr"]

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
