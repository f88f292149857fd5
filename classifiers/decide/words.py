"""Column-name words the decisions weigh, in many languages: dates about people, record-keeping
times, business identifiers, people and things.

Words are matched on the column name's tokens (camelCase, snake_case, spaces), lower-cased and
with accents folded (`födelsedatum` -> `fodelsedatum`). A word of four letters or more may
start a token and one of five or more end it, so compounds are found (`geburtsdatum`,
`eintrittsdatum`, `mobiltelefon`); a shorter word must be a whole token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[^\W\d_])(?=\d)")  # fooBar, ean13
_SPLIT = re.compile(r"[\W_]+")
# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "\u0131": "i", "œ": "oe"}
)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().translate(_FOLD)


@dataclass(frozen=True)
class Words:
    """A vocabulary: `stems` match as described above, `exact` only as whole tokens."""

    stems: frozenset[str]
    exact: frozenset[str] = frozenset()

    @property
    def longest_first(self) -> list[str]:
        """The stems, longest first: `indiensttreding` is `indienst`, not `dienst`."""
        return sorted(self.stems, key=_longest_first)

    @property
    def unspaced(self) -> tuple[str, ...]:
        """Words of the scripts written without spaces (Chinese, Japanese, Korean): found
        anywhere inside a token (`診断コード`)."""
        return _unspaced(self.stems | self.exact)

    def matching(self, token: str) -> str | None:
        """The first stem (longest first) `_matches` accepts for `token`: the token itself,
        or a stem of 4+ letters it starts with, or one of 5+ letters it ends with; looked up
        by the token's prefixes and suffixes, so the cost does not grow with the vocabulary."""
        held = {token} & self.stems
        held |= {token[:end] for end in range(4, len(token))} & self.stems
        held |= {token[start:] for start in range(1, len(token) - 4)} & self.stems
        return min(held, key=_longest_first) if held else None


@lru_cache(maxsize=256)
def _unspaced(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted((w for w in words if _UNSPACED.search(w)), key=_longest_first))


# Han, kana and Hangul (precomposed, and the jamo NFKD takes it apart into).
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _longest_first(stem: str) -> tuple[int, str]:
    return -len(stem), stem


def _words(stems: str, exact: str = "") -> Words:
    """Words folded as column names are (`fødsel` -> `fodsel`, Hangul into its letters)."""
    return Words(frozenset(map(_fold, stems.split())), frozenset(map(_fold, exact.split())))


# Dates that belong to a person by themselves: birth and death.
BIRTH_DEATH = _words(
    "birth born birthday bday dateofbirth geburt geboren gebdat naissance nacimiento nacim "
    "nascimento nascita geboorte fodelse fodsel foedsel syntyma urodz narozeni dogum nasterii "
    "nastere szuletes death died deceased sterbe todes deces defuncion fallecim overlijden "
    "doden dodsdat smierci рожден народжен γεννησ θανατ смерт 생년월일 出生日期 生年月日 誕生日 "
    "出生年月 사망",
    "dob geb ddn fnac tod morte muerte morto 생일 生日 出生",
)
# Words that say when something began or ended, and of what only the table tells (a job, or
# a chat session): with times of day they are a system's timestamps.
BOUNDS = _words("start started begin beginn ended since entry", "end left exit join")
# Events of a person's life (work, study, care, family): about a person when the table is.
LIFE_EVENTS = _words(
    "hire hired hiring joined joining onboard start started begin beginn ended leave leaving "
    "termination terminat resign retire dismiss entry eintritt austritt kundig einstellung "
    "ruhestand embauche depart entree sortie licenci contratac ingreso egreso despido "
    "assunzione cessazione dimission licenzia indienst uitdienst ontslag anstall avgang "
    "slutdat zatrudn zwolni enrol einschreib immatrikul inscri matricul iscrizion inschrijv "
    "admission admitted aufnahme ricovero opname discharge entlass dimissione visit besuch "
    "visite visita bezoek besok wizyt appointment rendezvous appuntamento afspraak consult "
    "diagnos treatment behandl vaccin impfung surgery graduat abschluss marriage wedding "
    "heirat hochzeit mariage matrimonio huwelijk divorce scheidung since anniversar employ "
    "beschaftig dienst",
    "end left exit join alta baja cese cita termin ingresso",
)
# Times a system keeps about its own records: never about a person.
RECORD_KEEPING = _words(
    "created creation update modific modify changed inserted loaded ingest zeitstempel "
    "horodatage tijdstempel tidsstampel tidsstempel aikaleima "
    "imported exported synced processed logged timestamp telemetry recorded captured received "
    "published release expiry expires expire expiration valid until deadline login logon "
    "heartbeat erstellt erstellung angelegt geaendert geandert aenderung anderung aktualis "
    "creee modifie creado creacion actualiz modificad creato creazione aggiorna modificato "
    "aangemaakt gewijzigd bijgewerkt skapad uppdater andrad utworz zmodyfik aktualiz "
    "vencimiento caducidad scadenza ablauf gueltig gultig issue ausgestellt ausstellung "
    "emission emision emitido rilascio uitgifte utfardad",
    "ts etl batch run event sync log load import change maj due ttl seen cree",
)
# Identifiers of business records and things (orders, SKUs, tickets, plates, licence keys).
BUSINESS_IDS = _words(
    "order bestell commande pedido ordine bestelling zamowien encomenda invoice rechnung "
    "factur fattura factuur faktur receipt quittung recibo ricevuta ticket incident booking "
    "buchung reserv prenotaz shipment tracking sendung envio spedizion zending parcel paket "
    "serial serien artikel article articol product produkt produit producto prodotto "
    "transaction transakt txn session batch barcode isbn asin gtin vehicle fahrzeug vehicul "
    "veicolo voertuig fordon pojazd kennzeichen plate plaque placa targa kenteken nummerplat "
    "tablica software softwar licensekey productkey activation aktivier business betrieb "
    "gewerbe entreprise empresa impresa bedrijf foretag firma shop store warehouse lager "
    "inventory stock container device geraet appareil dispositivo apparaat payment zahlung "
    "paiement pago pagamento betaling betalning platnosc paid payout payroll salary gehalt "
    "lohn salaire salario stipendio",
    "sku ean upc po lot kfz ref key hash checksum count qty pay",
)
# Words that say a number is a patient's (a bare number under `record_id` is any record's).
MEDICAL = _words(
    "medical medic patient patien pacien pazien chart clinic klinik hospital krankenhaus "
    "spital ospedale ziekenhuis sjukhus szpital health gesundheit sante salud salute "
    "gezondheid halsa zdrowie historia cartella krankenakte dossier",
    "mrn ehr emr",
)
# Words that say the values are phone numbers, in many languages.
PHONE_WORDS = _words(
    "phone telephon telefon telefoon teleph mobile mobil movil celular cellulare handy "
    "portable puhelin telefone gsm whatsapp",
    "tel tlf tfn fax cell cel",
)
# Words that say a column or its table is about people.
PEOPLE = _words(
    "person people employee staff patient customer client member student pupil applicant "
    "candidate citizen resident user contact firstname lastname surname fullname forename "
    "givenname familyname mitarbeiter angestellt kunde schuler schueler vorname nachname "
    "salarie employe eleve prenom empleado alumno paciente apellido dipendente "
    "paziente studente cognome medewerker klant leerling voornaam achternaam kund elev "
    "fornamn efternamn pracownik klient uczen imie nazwisk funcionario aluno sobrenome "
    "passenger traveller traveler guest donor voter beneficiar insured versichert holder "
    "inhaber titular titolare houder innehavare owner eigentum proprietaire propietario "
    "proprietario eigenaar agare wlasciciel payer payee buyer purchaser sender recipient "
    "empfanger destinatario signer",
)
# Creators of works named in a catalogue (a recording's composer, a book's author): public
# figures, not data subjects, in a table with no other column about people.
CREATORS = _words(
    "composer komponist compositeur compositor compositore componist kompozytor lyricist "
    "songwriter schriftsteller ecrivain escritor scrittore schrijver forfatter forfattare "
    "kirjailija",
    "author autor auteur autore writer authors autoren",
)
# Words for "name" alone: a person's name or a thing's, as the table tells.
NAME_WORDS = _words("", "name nom navn naam nome nombre namn nazwa")
# Words that say a column names things, not people (ships, storms, products, pets).
THINGS = _words(
    "product produkt produit producto prodotto item artikel article ship vessel schiff navire "
    "barco nave schip fartyg storm hurricane typhoon cyclone tornado brand marke marque marca "
    "model modell modele modelo modello title titel titre titulo titolo category kategor "
    "department abteilung team project projekt company firma unternehm entreprise empresa "
    "azienda bedrijf merchant vendor supplier lieferant warehouse campaign kampagn dataset "
    "device geraet planet galaxy asteroid mountain river lake horse breed species pet haustier "
    "animal tier mascot dog cat hund katze chien chat perro gato cane gatto tonnage "
    "horsepower pressure wind station airport flughafen aeroport aeropuerto aeroporto "
    "luchthaven flygplats lotnisko serial barcode isbn asin gtin",
    "app file page table boat imo mmsi vin hp stop sku ean upc",
)

# Sex or gender in column names: Geschlecht, sexe, sexo, sesso, geslacht, kön, køn, kjønn,
# płeć, sukupuoli, pohlaví, nem, cinsiyet, пол, стать, φύλο, 性别, 性別, 성별.
GENDER_NAMES = _words(
    "gender geschlecht sukupuoli genero genere cinsiyet pohlavi",
    "sex sexe sexo sesso genre geslacht kon kjonn plec nem пол стать φυλο 性别 性別 성별",
)
# Diagnoses: Diagnose, diagnostic, diagnóstico, diagnosi, diagnos, diagnoza, диагноз, 診断,
# 诊断, 진단; and the classification's own names.
DIAGNOSIS_NAMES = _words(
    "diagnos diagnoz diagnost диагноз",
    "icd icd10 icd9 dx cie cid mkb 診断 诊断 진단 病名 疾病",
)
# Vocabularies that name an entity type: the column name is then that type's context.
ENTITY_WORDS = {
    "MEDICAL_RECORD_NUMBER": MEDICAL, "PHONE_NUMBER": PHONE_WORDS, "GENDER": GENDER_NAMES,
    "ICD10_CODE": DIAGNOSIS_NAMES,
}  # fmt: skip


@lru_cache(maxsize=65536)
def tokens(column: str) -> tuple[str, ...]:
    """`Geburtsdatum_Kunde` -> (geburtsdatum, kunde), accents folded."""
    return tuple(t for t in _SPLIT.split(_fold(_CAMEL.sub(" ", column))) if t)


@lru_cache(maxsize=65536)
def found(column: str, words: Words) -> str | None:
    """The first word of `words` the column name holds, or None. Two adjacent tokens also
    match a word whole (`first_name` is `firstname`)."""
    parts = tokens(column)
    for token in parts:
        if token in words.exact:
            return token
        if stem := words.matching(token):
            return stem
    for pair in map("".join, pairwise(parts)):
        if pair in words.exact or pair in words.stems:
            return pair
    unspaced = words.unspaced
    if unspaced:
        for token in parts:
            if _UNSPACED.search(token):
                held = next((w for w in unspaced if w in token), None)
                if held:
                    return held
    return None


def says(column: str, *vocabularies: Words) -> bool:
    return any(found(column, words) for words in vocabularies)


def any_token(column: str, words: Iterable[str]) -> bool:
    """A whole token of the name is one of `words` (for lists kept elsewhere)."""
    return bool(set(tokens(column)) & set(words))
