"""What a column name says in many languages: `prenom` is a French first name, `woonplaats` a
Dutch place of residence, `staatsangehörigkeit` a German nationality.

Words are matched on the column name's tokens (`names.name_tokens`: camelCase, snake_case,
accents off), whole tokens only, so `nom` is never found inside `nominal`. Phrases match as
consecutive tokens or as one joined token (`nom_de_famille`, `nomDeFamille`, `nomdefamille`).
In the languages that write compounds as one word (de, nl, sv, da, no, fi) a word of five
letters or more also matches the end of a token: `Kundenvorname`, `klantachternaam`,
`Lieferadresse`; shorter ones (`ort`, `naam`) do not, or `Passwort` would be a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from classifiers.gazetteers.normal import normalise

LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "sv": "Swedish", "pl": "Polish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "ru": "Russian", "ko": "Korean", "zh": "Chinese",
    "ja": "Japanese", "cs": "Czech", "hu": "Hungarian", "tr": "Turkish", "uk": "Ukrainian",
    "el": "Greek",
}  # fmt: skip
_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "fi"})
_UNSPACED = frozenset({"zh", "ja", "ko"})  # words are found inside longer tokens
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_UNSPACED = 6  # the longest word of those languages in the vocabulary
_MIN_SUFFIX = 5

# (entity, subtype, meaning, {language: "word|phrase|..."}). Subtypes say what kind of
# LOCATION or PERSON value the name announces; every word is written without accents.
_TABLE: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("PERSON", "GIVEN_NAME", "first name", {
        "en": "first name|firstname|given name|givenname|forename|fname|first nm|middle name",
        "de": "vorname|rufname|zweitname", "fr": "prenom|prenoms", "es": "nombre de pila",
        "it": "nome proprio", "nl": "voornaam|roepnaam|voornamen", "pt": "primeiro nome",
        "sv": "fornamn|tilltalsnamn", "pl": "imie|imiona", "da": "fornavn", "no": "fornavn",
        "fi": "etunimi", "ru": "имя|отчество", "ko": "이름", "zh": "名字", "ja": "名前|下の名前"}),
    ("PERSON", "FAMILY_NAME", "last name", {
        "en": "last name|lastname|surname|family name|familyname|lname|last nm",
        "de": "nachname|familienname|zuname|geburtsname", "fr": "nom de famille|nom|nom usage",
        "es": "apellido|apellidos|primer apellido|segundo apellido", "it": "cognome",
        "nl": "achternaam|familienaam|geslachtsnaam", "pt": "sobrenome|apelido|ultimo nome",
        "sv": "efternamn", "pl": "nazwisko", "da": "efternavn", "no": "etternavn",
        "fi": "sukunimi", "ru": "фамилия", "ko": "성|성씨", "zh": "姓|姓氏", "ja": "苗字|名字|姓"}),
    ("PERSON", "FULL_NAME", "name", {
        "en": "full name|fullname|name|person name|display name|contact name",
        "de": "vollstandiger name|name", "fr": "nom complet|nom prenom",
        "es": "nombre|nombre completo", "it": "nome|nome completo|nominativo",
        "nl": "naam|volledige naam", "pt": "nome|nome completo", "sv": "namn|fullstandigt namn",
        "pl": "imie i nazwisko", "da": "navn", "no": "navn", "fi": "nimi", "ru": "фио|имя фамилия",
        "ko": "성명|고객명|환자명", "zh": "姓名|客户名|联系人", "ja": "氏名|お名前|顧客名"}),
    ("LOCATION", "CITY", "city", {
        "en": "city|cty|town|municipality|locality|place of birth|birthplace|hometown",
        "de": "stadt|ort|wohnort|gemeinde|geburtsort|ortschaft", "fr": "ville|commune|localite",
        "es": "ciudad|localidad|municipio|poblacion", "it": "citta|comune|localita",
        "nl": "stad|plaats|woonplaats|gemeente|geboorteplaats", "pt": "cidade|localidade",
        "sv": "stad|ort|kommun|postort|hemort", "pl": "miasto|miejscowosc",
        "da": "by|bynavn", "no": "by|poststed", "fi": "kaupunki|kunta",
        "ru": "город|населенный пункт|место рождения", "ko": "도시|시군구",
        "zh": "城市|所在城市|出生地", "ja": "市区町村|都市|出生地"}),
    ("LOCATION", "REGION", "region", {
        "en": "region|state|province|county", "de": "bundesland|kanton|landkreis|region",
        "fr": "region|departement|province", "es": "provincia|region|comunidad autonoma",
        "it": "regione|provincia", "nl": "provincie|regio", "pt": "estado|regiao|distrito",
        "sv": "lan|landskap", "pl": "wojewodztwo|region", "fi": "maakunta",
        "ru": "регион|область|край", "ko": "시도|지역", "zh": "省份|地区", "ja": "都道府県"}),
    ("LOCATION", "COUNTRY", "country", {
        "en": "country|country of birth|country of residence", "de": "land|herkunftsland",
        "fr": "pays", "es": "pais", "it": "paese|nazione", "nl": "land", "pt": "pais",
        "sv": "land", "pl": "kraj|panstwo", "fi": "maa", "ru": "страна", "ko": "국가|나라",
        "zh": "国家", "ja": "国名"}),
    ("LOCATION", "STREET_ADDRESS", "street address", {
        "en": "address|addr|street|street address|address line|address1|address2",
        "de": "adresse|anschrift|strasse|hausnummer|wohnadresse", "fr": "adresse|rue|voie",
        "es": "direccion|calle|domicilio", "it": "indirizzo|via|domicilio",
        "nl": "adres|straat|straatnaam|huisnummer", "pt": "endereco|morada|rua|logradouro",
        "sv": "adress|gata|gatuadress", "pl": "adres|ulica", "da": "adresse|gade",
        "no": "adresse|gate", "fi": "osoite|katu", "ru": "адрес|улица|дом",
        "ko": "주소|도로명", "zh": "地址|街道|住址", "ja": "住所|番地"}),
    ("LOCATION", "POSTCODE", "postcode", {
        "en": "postcode|post code|zip|zip code|zipcode|postal code|postalcode",
        "de": "plz|postleitzahl", "fr": "cp|code postal", "es": "cp|codigo postal",
        "it": "cap", "nl": "postcode", "pt": "cep|codigo postal", "sv": "postnummer",
        "pl": "kod pocztowy", "da": "postnummer", "no": "postnummer", "fi": "postinumero",
        "ru": "индекс|почтовый индекс", "ko": "우편번호", "zh": "邮编|邮政编码",
        "ja": "郵便番号"}),
    ("NRP", "NATIONALITY", "nationality", {
        "en": "nationality|natl|citizenship|ethnicity|ethnic group|race",
        "de": "staatsangehorigkeit|staatsangehoerigkeit|nationalitat|staatsburgerschaft",
        "fr": "nationalite|citoyennete|ethnie", "es": "nacionalidad|ciudadania|etnia",
        "it": "nazionalita|cittadinanza|etnia", "nl": "nationaliteit|etniciteit",
        "pt": "nacionalidade|cidadania|etnia", "sv": "nationalitet|medborgarskap",
        "pl": "narodowosc|obywatelstwo", "da": "nationalitet|statsborgerskab",
        "no": "nasjonalitet|statsborgerskap", "fi": "kansalaisuus",
        "ru": "гражданство|национальность", "ko": "국적", "zh": "国籍", "ja": "国籍"}),
    ("NRP", "RELIGION", "religion", {
        "en": "religion|faith|denomination|religious affiliation",
        "de": "religion|konfession|glaube|religionszugehorigkeit|bekenntnis",
        "fr": "religion|confession", "es": "religion|credo", "it": "religione|fede",
        "nl": "religie|geloof|kerkgenootschap", "pt": "religiao|credo",
        "sv": "religion|trosuppfattning", "pl": "religia|wyznanie", "fi": "uskonto",
        "ru": "религия", "ko": "종교", "zh": "宗教", "ja": "宗教"}),
    ("NRP", "POLITICAL_GROUP", "political party", {
        "en": "political party|party affiliation|political affiliation|politics",
        "de": "partei|parteizugehorigkeit", "fr": "parti politique", "es": "partido politico",
        "it": "partito|partito politico", "nl": "partij|politieke partij",
        "pt": "partido|partido politico", "sv": "parti|politiskt parti", "pl": "partia"}),
    ("PHONE_NUMBER", "", "phone", {
        "en": "phone|tel|telephone|mobile|cell|fax|phone number|msisdn",
        "de": "telefon|telefonnummer|handy|mobil|mobilnummer|rufnummer|festnetz",
        "fr": "telephone|portable|tel|mobile", "es": "telefono|movil|celular",
        "it": "telefono|cellulare|cell", "nl": "telefoon|telefoonnummer|mobiel|gsm",
        "pt": "telefone|celular|telemovel", "sv": "telefon|mobil|telefonnummer|mobilnummer",
        "pl": "telefon|komorka|numer telefonu", "da": "telefon|mobil", "no": "telefon|mobil",
        "fi": "puhelin|puhelinnumero", "ru": "телефон|номер телефона|мобильный",
        "ko": "전화|전화번호|휴대폰|연락처", "zh": "电话|手机|联系电话", "ja": "電話|携帯"}),
    ("EMAIL_ADDRESS", "", "email", {
        "en": "email|mail|e-mail|email address", "de": "email|mailadresse|emailadresse",
        "fr": "courriel|adresse mail|mel", "es": "correo|correo electronico",
        "it": "posta elettronica", "nl": "mailadres|emailadres", "pt": "correio eletronico",
        "sv": "epost|e-post|mejl", "pl": "poczta|adres email", "fi": "sahkoposti",
        "ru": "почта|электронная почта", "ko": "이메일|메일", "zh": "邮箱|电子邮件|邮件",
        "ja": "メール|メールアドレス"}),
    ("DATE_TIME", "DATE_OF_BIRTH", "date of birth", {
        "en": "date of birth|dob|birthdate|birthday|birth date|born",
        "de": "geburtsdatum|geburtstag|geboren|geb datum", "fr": "date de naissance|naissance",
        "es": "fecha de nacimiento|nacimiento|fecha nacimiento",
        "it": "data di nascita|nascita", "nl": "geboortedatum|geboren", "sv": "fodelsedatum|fodd",
        "pt": "data de nascimento|nascimento", "pl": "data urodzenia|urodzenia|urodzony",
        "da": "fodselsdato", "no": "fodselsdato", "fi": "syntymaaika", "ru": "дата рождения",
        "ko": "생년월일|생일", "zh": "出生日期|生日", "ja": "生年月日|誕生日"}),
)  # fmt: skip


# The same meanings in Czech, Hungarian, Turkish, Ukrainian and Greek, by (entity, subtype).
# Two-letter words that are common elsewhere (Turkish `ad`, `il`; Hungarian `nem`) are left out.
_MORE: dict[tuple[str, str], dict[str, str]] = {
    ("PERSON", "GIVEN_NAME"): {
        "cs": "jmeno|krestni jmeno", "hu": "keresztnev|utonev", "tr": "isim|adi",
        "uk": "імя|ім'я|по батькові", "el": "ονομα"},
    ("PERSON", "FAMILY_NAME"): {
        "cs": "prijmeni", "hu": "vezeteknev|csaladnev", "tr": "soyad|soyadi",
        "uk": "прізвище", "el": "επωνυμο"},
    ("PERSON", "FULL_NAME"): {
        "cs": "jmeno a prijmeni|cele jmeno", "hu": "nev|teljes nev", "tr": "ad soyad|adi soyadi",
        "uk": "піб|повне ім'я", "el": "ονοματεπωνυμο"},
    ("LOCATION", "CITY"): {
        "cs": "mesto|obec|misto narozeni", "hu": "varos|telepules|szuletesi hely",
        "tr": "sehir|ilce|dogum yeri", "uk": "місто|населений пункт|місце народження",
        "el": "πολη|δημος|τοπος γεννησης"},
    ("LOCATION", "REGION"): {
        "cs": "kraj|okres", "hu": "megye", "tr": "bolge", "uk": "область|регіон",
        "el": "περιφερεια|νομος"},
    ("LOCATION", "COUNTRY"): {
        "cs": "zeme|stat", "hu": "orszag", "tr": "ulke", "uk": "країна", "el": "χωρα"},
    ("LOCATION", "STREET_ADDRESS"): {
        "cs": "adresa|ulice|bydliste", "hu": "lakcim|utca", "tr": "adres|sokak|cadde",
        "uk": "адреса|вулиця", "el": "διευθυνση|οδος"},
    ("LOCATION", "POSTCODE"): {
        "cs": "psc", "hu": "iranyitoszam", "tr": "posta kodu", "uk": "індекс|поштовий індекс",
        "el": "ταχυδρομικος κωδικας"},
    ("NRP", "NATIONALITY"): {
        "cs": "narodnost|obcanstvi|statni obcanstvi", "hu": "allampolgarsag|nemzetiseg",
        "tr": "uyruk|vatandaslik|milliyet", "uk": "громадянство|національність",
        "el": "εθνικοτητα|υπηκοοτητα|ιθαγενεια"},
    ("NRP", "RELIGION"): {
        "cs": "nabozenstvi|vyznani", "hu": "vallas|felekezet", "tr": "din|inanc",
        "uk": "релігія|віросповідання", "el": "θρησκευμα|θρησκεια"},
    ("PHONE_NUMBER", ""): {
        "cs": "telefon|mobil|telefonni cislo", "hu": "telefon|telefonszam|mobil",
        "tr": "telefon|cep telefonu|gsm", "uk": "телефон|номер телефону|мобільний",
        "el": "τηλεφωνο|κινητο"},
    ("EMAIL_ADDRESS", ""): {
        "cs": "email|e-mail", "hu": "email|e-mail", "tr": "e-posta|eposta",
        "uk": "електронна пошта|пошта", "el": "ηλεκτρονικο ταχυδρομειο"},
    ("DATE_TIME", "DATE_OF_BIRTH"): {
        "cs": "datum narozeni", "hu": "szuletesi datum|szuletesi ido", "tr": "dogum tarihi",
        "uk": "дата народження", "el": "ημερομηνια γεννησης"},
}  # fmt: skip


@dataclass(frozen=True)
class NameWord:
    """One word of the vocabulary: what it announces and in which language."""

    phrase: tuple[str, ...]  # normalised tokens
    entity: str
    subtype: str
    meaning: str
    language: str

    def describe(self, column: str) -> str:
        """ "column name 'prenom' (French: first name)"."""
        return f"column name '{column}' ({LANGUAGES[self.language]}: {self.meaning})"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[NameWord, ...]:
    words = []
    for entity, subtype, meaning, by_language in _TABLE:
        for language, spelled in (by_language | _MORE.get((entity, subtype), {})).items():
            for phrase in spelled.split("|"):
                tokens = tuple(normalise(phrase).replace("-", " ").split())
                words.append(NameWord(tokens, entity, subtype, meaning, language))
    # Longest phrases first: "nom de famille" is read before "nom".
    return tuple(sorted(words, key=lambda w: -len(w.phrase)))


# Tokens that make "address" a network or mail address (`ip_address`, `IP-Adresse`).
_NOT_STREET = frozenset({"ip", "mac", "mail", "email", "e", "web", "url", "server", "host",
                         "wallet", "btc", "eth", "crypto", "billing email"})  # fmt: skip
# Words that mean just "name": next to a word for a place (`city_name`) they name that.
_GENERIC_NAME = frozenset({"name", "nom", "nombre", "nome", "naam", "namn", "navn", "nimi"})


def _found(word: NameWord, tokens: tuple[str, ...]) -> int:
    """2 where the word is whole tokens, 1 where it ends a compound token (or, in the scripts
    written without spaces, stands anywhere inside one: `顧客電話番号`), 0 elsewhere."""
    n = len(word.phrase)
    joined = "".join(word.phrase)
    if joined in tokens or any(tokens[i : i + n] == word.phrase for i in range(len(tokens))):
        return 2
    if word.language in _UNSPACED and len(joined) >= 2:
        return 1 if any(joined in token for token in tokens) else 0
    if word.language in _COMPOUNDING and len(joined) >= _MIN_SUFFIX:
        for token in tokens:
            head = token[: -len(joined)]
            if token.endswith(joined) and head and head not in _NOT_STREET:
                return 1
    return 0


@lru_cache(maxsize=1)
def _by_spelling() -> dict[str, frozenset[NameWord]]:
    """Each word under its first token and under its tokens joined (`nomdefamille`), so a
    column name looks up only the words it can hold instead of trying the whole vocabulary."""
    index: dict[str, set[NameWord]] = {}
    for word in vocabulary():
        index.setdefault(word.phrase[0], set()).add(word)
        index.setdefault("".join(word.phrase), set()).add(word)
    return {key: frozenset(words) for key, words in index.items()}


def _candidates(tokens: tuple[str, ...]) -> frozenset[NameWord]:
    """Words that start at a token, are a whole token, or end one (compounds)."""
    index = _by_spelling()
    found: set[NameWord] = set()
    for token in tokens:
        for start in range(len(token)):
            found |= index.get(token[start:], frozenset())
            if _CJK.match(token[start]):  # every piece of an unspaced token (short ones)
                for end in range(start + 2, min(len(token), start + _MAX_UNSPACED) + 1):
                    found |= index.get(token[start:end], frozenset())
    return frozenset(found)


@lru_cache(maxsize=65536)
def column_words(tokens: tuple[str, ...]) -> tuple[NameWord, ...]:
    """The vocabulary words a column name's tokens (in order, normalised) hold: one per
    entity and subtype, whole tokens before compounds, longest first; a word inside a longer
    match is left out ("nom" of "nom de famille")."""
    held: dict[tuple[str, str], tuple[int, NameWord]] = {}
    candidates = _candidates(tokens)
    for word in (w for w in vocabulary() if w in candidates):
        how = _found(word, tokens)
        key = (word.entity, word.subtype)
        if not how or how <= held.get(key, (0, word))[0]:
            continue
        if any(set(word.phrase) < set(w.phrase) for _, w in held.values()):
            continue
        held[key] = (how, word)
    found = tuple(w for _, w in held.values())
    if set(tokens) & _NOT_STREET:
        found = tuple(w for w in found if w.subtype != "STREET_ADDRESS")
    if any(w.entity == "LOCATION" for w in found):
        found = tuple(w for w in found if w.phrase[-1] not in _GENERIC_NAME)
    return found


def generic_name(word: NameWord) -> bool:
    """The word means just "name" (`nom`, `nombre`): a thing's as well as a person's."""
    return len(word.phrase) == 1 and word.phrase[0] in _GENERIC_NAME
