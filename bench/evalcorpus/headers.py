"""Column names as people write them: many languages, naming habits, and unhelpful names."""

from __future__ import annotations

import random
import unicodedata

# concept -> "lang: phrase, phrase | lang: phrase"; a phrase's words are joined per habit.
_VOCABULARY = {
    "given_name": "en: first name, given name, forename | de: vorname | fr: prénom | "
    "es: nombre | it: nome | nl: voornaam | pt: primeiro nome | sv: förnamn | pl: imię | "
    "da: fornavn | tr: ad | fi: etunimi",
    "family_name": "en: last name, surname, family name | de: nachname, familienname | "
    "fr: nom de famille, nom | es: apellido, apellidos | it: cognome | nl: achternaam | "
    "pt: sobrenome, apelido | sv: efternamn | pl: nazwisko | da: efternavn | fi: sukunimi",
    "full_name": "en: full name, customer name, name, holder name | de: name, vollständiger name "
    "| fr: nom complet | es: nombre completo | it: nominativo | nl: naam | pt: nome completo | "
    "sv: namn | pl: imię i nazwisko | cs: jméno | fi: nimi",
    "email": "en: email, email address, e mail | de: e mail adresse | fr: courriel, adresse mail "
    "| es: correo electrónico, correo | it: posta elettronica, email | nl: e mailadres | "
    "pt: correio eletrónico | sv: e post | pl: adres email",
    "phone": "en: phone, phone number, mobile, contact number | de: telefon, telefonnummer, handy "
    "| fr: téléphone, portable | es: teléfono, móvil | it: telefono, cellulare | nl: telefoon, "
    "telefoonnummer | pt: telefone, celular | sv: telefonnummer, mobil | pl: telefon | "
    "tr: telefon numarası",  # noqa: RUF001 (Turkish dotless i)
    "birth_date": "en: date of birth, birth date, birthday | de: geburtsdatum | fr: date de "
    "naissance | es: fecha de nacimiento | it: data di nascita | nl: geboortedatum | pt: data de "
    "nascimento | sv: födelsedatum | pl: data urodzenia | fi: syntymäaika",
    "hire_date": "en: hire date, start date, joined on | de: eintrittsdatum | fr: date "
    "d embauche | es: fecha de alta | it: data assunzione | nl: datum in dienst | pt: data de "
    "admissão | sv: anställningsdatum | pl: data zatrudnienia",
    "leave_date": "en: leave date, termination date | de: austrittsdatum | fr: date de départ | "
    "es: fecha de baja | it: data cessazione | nl: datum uit dienst | sv: slutdatum",
    "enrol_date": "en: enrolment date, enrollment date, enrolled on | de: einschreibedatum | "
    "fr: date d inscription | es: fecha de matrícula | it: data di iscrizione | nl: "
    "inschrijvingsdatum | pt: data de matrícula | sv: inskrivningsdatum | pl: data zapisu",
    "visit_date": "en: visit date, admission date, appointment | de: besuchsdatum, aufnahmedatum "
    "| fr: date de visite, date d admission | es: fecha de visita, fecha de ingreso | it: data "
    "visita, data ricovero | nl: bezoekdatum | pt: data da consulta | sv: besöksdatum | "
    "pl: data wizyty",
    "street": "en: street address, address line 1, street | de: straße, anschrift | fr: adresse, "
    "rue | es: dirección, calle | it: indirizzo, via | nl: straat, adres | pt: morada, endereço "
    "| sv: gatuadress, adress | pl: ulica, adres | da: adresse",
    "city": "en: city, town, home city | de: wohnort, stadt, ort | fr: ville, commune | "
    "es: ciudad, localidad | it: città, comune | nl: woonplaats, plaats | pt: cidade | "
    "sv: ort, stad | pl: miasto, miejscowość | tr: şehir | cs: město",
    "region": "en: state, region, county | de: bundesland | fr: région, département | "
    "es: provincia, comunidad | it: regione, provincia | nl: provincie | pt: estado, distrito | "
    "sv: län | pl: województwo",
    "postcode": "en: postcode, postal code, zip code | de: postleitzahl | fr: code postal | "
    "es: código postal | it: cap, codice postale | nl: postcode | pt: código postal, cep | "
    "sv: postnummer | pl: kod pocztowy",
    "country": "en: country, country of residence | de: land | fr: pays | es: país | it: paese, "
    "nazione | nl: land | pt: país | sv: land | pl: kraj",
    "nationality": "en: nationality, citizenship | de: staatsangehörigkeit, nationalität | "
    "fr: nationalité | es: nacionalidad | it: nazionalità, cittadinanza | nl: nationaliteit | "
    "pt: nacionalidade | sv: medborgarskap | pl: obywatelstwo",
    "religion": "en: religion, faith | de: religion, konfession | fr: religion | es: religión | "
    "it: religione | nl: geloof | pt: religião | sv: religion | pl: wyznanie",
    "party": "en: political party, party affiliation | de: partei | fr: parti politique | "
    "es: partido político | it: partito | nl: partij | pt: partido | sv: parti | pl: partia",
    "gender": "en: gender, sex | de: geschlecht | fr: sexe, genre | es: sexo, género | it: sesso | "
    "nl: geslacht | pt: sexo | sv: kön | pl: płeć",
    "iban": "en: iban, bank account | de: iban, bankverbindung | fr: iban, rib | es: iban, cuenta "
    "bancaria | it: iban, conto corrente | nl: rekeningnummer | pt: iban, nib | sv: iban, "
    "kontonummer | pl: numer rachunku",
    "card": "en: card number, credit card, pan | de: kartennummer, kreditkarte | fr: numéro de "
    "carte | es: número de tarjeta, tarjeta | it: numero carta | nl: kaartnummer | pt: número do "
    "cartão | sv: kortnummer | pl: numer karty",
    "national_id": "en: national id, id number, document number, ssn, tax id | de: steuer id, "
    "ausweisnummer | fr: numéro d identité, numéro fiscal | es: dni, nif, documento | it: codice "
    "fiscale | nl: bsn, burgerservicenummer | pt: número de identificação | sv: personnummer | "
    "pl: pesel | fi: henkilötunnus",
    "bank_account": "en: account number, bank account number",
    "routing": "en: routing number, aba, routing transit number",
    "ip": "en: ip address, client ip, source ip, remote addr | de: ip adresse | fr: adresse ip | "
    "es: dirección ip | it: indirizzo ip | nl: ip adres | pt: endereço ip | sv: ip adress",
    "website": "en: website, homepage, domain, personal site | de: webseite | fr: site web | "
    "es: sitio web | it: sito web | nl: website | pt: site | sv: webbplats",
    "wallet": "en: wallet, wallet address, btc address, payout address | de: wallet adresse | "
    "fr: portefeuille | es: billetera | it: portafoglio | pt: carteira | sv: plånbok",
    "secret": "en: api key, access key, token, secret | de: zugangsschlüssel | fr: clé api",
    "notes": "en: notes, comment, description, message, body | de: notiz, bemerkung, nachricht | "
    "fr: remarque, commentaire, message | es: notas, comentario, mensaje | it: note, commento, "
    "messaggio | nl: opmerking, notitie | pt: observações, mensagem | sv: anteckning, "
    "meddelande | pl: uwagi, wiadomość",
    "log_line": "en: log line, message, raw, request log, line",
    "mrn": "en: mrn, medical record number, patient number | de: patientennummer | fr: numéro "
    "de dossier | es: historia clínica | it: cartella clinica",
    "diagnosis": "en: diagnosis code, icd10, diagnosis | de: diagnose, icd code | fr: diagnostic "
    "| es: diagnóstico | it: diagnosi | nl: diagnose | pt: diagnóstico | sv: diagnos",
}
_NEGATIVE_VOCABULARY = {
    "record_id": "en: id, record id, row id | de: nr | fr: identifiant | es: id",
    "sku": "en: sku, item code, article number | de: artikelnummer | fr: référence article | "
    "es: código de artículo | it: codice articolo | nl: artikelnummer | sv: artikelnummer",
    "order_no": "en: order number, order id, order ref | de: bestellnummer | fr: numéro de "
    "commande | es: número de pedido | it: numero ordine | nl: bestelnummer | pt: número do "
    "pedido | sv: ordernummer | pl: numer zamówienia",
    "ticket_no": "en: ticket number, case id, incident | de: ticketnummer | fr: numéro de ticket "
    "| es: número de ticket",
    "invoice_no": "en: invoice number | de: rechnungsnummer | fr: numéro de facture | "
    "es: número de factura | it: numero fattura | nl: factuurnummer",
    "version": "en: version, release, app version | de: version | fr: version",
    "md5": "en: md5, checksum, etag",
    "sha1": "en: commit, sha1, revision",
    "sha256": "en: sha256, digest, content hash",
    "author": "en: author, writer | de: autor | fr: auteur | es: autor | it: autore | nl: auteur",
    "composer": "en: composer | de: komponist | fr: compositeur | it: compositore",
    "book_title": "en: title | de: titel | fr: titre | es: título | it: titolo",
    "warehouse_city": "en: warehouse, ship from, depot city | de: lager, lagerort | fr: entrepôt "
    "| es: almacén | it: magazzino | nl: magazijn",
    "station": "en: station, station name, site | de: station, messstation | fr: station | "
    "es: estación | sv: station",
    "airport_city": "en: city, municipality | de: stadt | fr: ville",
    "ship": "en: ship name, vessel | de: schiffsname | fr: navire | es: buque | nl: schip",
    "storm": "en: storm name, name, cyclone | de: sturmname | fr: nom de la tempête",
    "product": "en: product, product name, item | de: produkt, artikel | fr: produit | "
    "es: producto | it: prodotto | nl: product | pt: produto | sv: produkt | pl: produkt",
    "pet": "en: pet name, name, animal name | de: tiername | fr: nom de l animal | nl: naam dier",
    "species": "en: species | de: tierart | fr: espèce",
    "created_at": "en: created at, created, inserted at | de: erstellt am | fr: date de création "
    "| es: fecha de creación | it: data creazione | nl: aangemaakt op | sv: skapad",
    "updated_at": "en: updated at, last modified, modified | de: geändert am | fr: modifié le | "
    "es: fecha de modificación | nl: gewijzigd op",
    "event_time": "en: event time, timestamp, ts, recorded at | de: zeitstempel | fr: horodatage",
    "expiry": "en: expiry date, valid until, expires | de: gültig bis, ablaufdatum | fr: date "
    "d expiration | es: fecha de caducidad | it: scadenza",
    "licence_key": "en: license key, licence key, serial key | de: lizenzschlüssel",
    "amount": "en: amount, total, price | de: betrag, preis | fr: montant, prix | es: importe, "
    "precio | it: importo, prezzo | nl: bedrag | pt: valor | sv: belopp | pl: kwota",
    "quantity": "en: quantity, qty | de: menge | fr: quantité | es: cantidad | it: quantità",
    "flag": "en: active, is active, enabled | de: aktiv | fr: actif | es: activo",
    "status": "en: status, state | de: status | fr: statut | es: estado | it: stato",
    "http_status": "en: status code, http status",
    "currency": "en: currency | de: währung | fr: devise | es: moneda | it: valuta",
    "country_code": "en: country code, iso code",
    "reference_country": "en: country name | de: ländername | fr: nom du pays",
    "currency_name": "en: currency name",
    "population": "en: population | de: einwohner | fr: population",
    "latitude": "en: latitude, lat",
    "longitude": "en: longitude, lon",
    "timezone": "en: timezone, time zone, tz",
    "measurement": "en: temperature, reading, value | de: temperatur, messwert | fr: mesure",
    "language_name": "en: language | de: sprache | fr: langue | es: idioma",
    "year": "en: year | de: jahr | fr: année | es: año",
    "category": "en: category | de: kategorie | fr: catégorie | es: categoría",
    "imo": "en: imo number, imo",
    "isbn": "en: isbn",
    "device_id": "en: device id, device uuid, sensor id",
    "firmware": "en: firmware, firmware version",
    "department": "en: department, team | de: abteilung | fr: service | es: departamento",
    "document_type": "en: document type, doc type",
    "seats": "en: seats, licensed seats",
    "bytes": "en: bytes, response size",
    "comment_clean": "en: comment, review | de: kommentar | fr: avis",
    "tonnage": "en: gross tonnage, tonnage",
    "wind": "en: max wind kt, max wind",
    "hostname": "en: host, hostname, server",
    "course_code": "en: course, course code | de: kurs | fr: cours | es: asignatura",
    "company": "en: company, supplier, vendor name | de: firma, lieferant | fr: fournisseur, "
    "société | es: empresa, proveedor | it: azienda, fornitore | nl: bedrijf, leverancier | "
    "pt: empresa, fornecedor | sv: företag, leverantör | pl: firma, dostawca",
    "flight_no": "en: flight, flight number | de: flugnummer | fr: numéro de vol | es: vuelo",
    "departure": "en: departure, scheduled departure | de: abflug | fr: départ | es: salida",
}
# Names in scripts without case, as Japanese, Chinese, Russian and Korean systems write them.
_NON_LATIN = {
    "given_name": "ja: 名 | zh: 名字 | ru: имя | ko: 이름",
    "family_name": "ja: 姓 | zh: 姓氏 | ru: фамилия | ko: 성",
    "full_name": "ja: 氏名 | zh: 姓名 | ru: фио | ko: 성명",
    "email": "ja: メールアドレス | zh: 电子邮件 | ru: электронная почта | ko: 이메일",
    "phone": "ja: 電話番号 | zh: 电话号码 | ru: телефон | ko: 전화번호",
    "birth_date": "ja: 生年月日 | zh: 出生日期 | ru: дата рождения | ko: 생년월일",
    "hire_date": "ja: 入社日 | zh: 入职日期 | ru: дата приема | ko: 입사일",
    "street": "ja: 住所 | zh: 地址 | ru: адрес | ko: 주소",
    "city": "ja: 市区町村 | zh: 城市 | ru: город | ko: 도시",
    "region": "ja: 都道府県 | zh: 省份 | ru: регион | ko: 시도",
    "postcode": "ja: 郵便番号 | zh: 邮政编码 | ru: почтовый индекс | ko: 우편번호",
    "nationality": "ja: 国籍 | zh: 国籍 | ru: гражданство | ko: 국적",
    "gender": "ja: 性別 | zh: 性别 | ru: пол | ko: 성별",
    "created_at": "ja: 作成日時 | zh: 创建时间 | ru: дата создания | ko: 생성일시",
    "amount": "ja: 金額 | zh: 金额 | ru: сумма | ko: 금액",
    "product": "ja: 商品名 | zh: 产品名称 | ru: товар | ko: 상품명",
    "order_no": "ja: 注文番号 | zh: 订单号 | ru: номер заказа | ko: 주문번호",
    "status": "ja: ステータス | zh: 状态 | ru: статус | ko: 상태",
}
UNHELPFUL = (
    "field_{n}", "col{n}", "value", "attr_{n}", "painter", "data", "x{n}", "c{n}", "info",
    "misc", "text", "val_{n}", "column{n}", "f{n}", "var{n}", "item", "entry", "ref", "label",
    "extra_{n}", "custom_{n}", "unnamed_{n}", "tmp", "notes2",
)  # fmt: skip
HABITS = ("snake", "camel", "pascal", "upper", "plain", "ascii_snake")
ABBREVIATIONS = {
    "given_name": "fname", "family_name": "lname", "birth_date": "dob", "phone": "tel",
    "street": "addr", "postcode": "zip", "email": "mail", "city": "cty", "national_id": "id_no",
    "created_at": "crt_ts", "quantity": "qty", "amount": "amt", "nationality": "natl",
    "gender": "sex", "iban": "acct", "hire_date": "doh", "visit_date": "vis_dt",
}  # fmt: skip


def _parse(text: str) -> dict[str, tuple[str, ...]]:
    entries = (part.split(":", 1) for part in text.split("|"))
    return {lang.strip(): tuple(p.strip() for p in rest.split(",")) for lang, rest in entries}


VOCABULARY = {c: _parse(t) for c, t in {**_VOCABULARY, **_NEGATIVE_VOCABULARY}.items()}
for _concept, _text in _NON_LATIN.items():
    VOCABULARY[_concept].update(_parse(_text))


def fold(text: str) -> str:
    """ASCII letters only, as many systems store names (prénom -> prenom, straße -> strasse)."""
    text = text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def styled(phrase: str, habit: str) -> str:
    words = phrase.split()
    if habit == "snake":
        return "_".join(w.lower() for w in words)
    if habit in ("ascii_snake", "upper") and not fold(phrase).strip():
        habit = "snake"  # a script with no ASCII form (日本語, кириллица) is kept as written
    if habit == "ascii_snake":
        return fold("_".join(w.lower() for w in words))
    if habit == "camel":
        return words[0].lower() + "".join(w.capitalize() for w in words[1:])
    if habit == "pascal":
        return "".join(w.capitalize() for w in words)
    if habit == "upper":
        return fold("_".join(words)).upper()
    return phrase[:1].upper() + phrase[1:]  # as a form label: "Date de naissance"


def header(concept: str, lang: str, habit: str, rng: random.Random) -> tuple[str, str]:
    """A column name for a concept and the language it is in ('en' when the language has none)."""
    choices = VOCABULARY[concept]
    used = lang if lang in choices else "en"
    if habit == "abbrev":
        if concept in ABBREVIATIONS:
            return ABBREVIATIONS[concept], "en"
        habit = "snake"
    return styled(rng.choice(choices[used]), habit), used


def unhelpful(rng: random.Random) -> str:
    return rng.choice(UNHELPFUL).format(n=rng.randint(1, 40))
