"""Table themes: the columns a kind of table holds, and the locales and formats it comes in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """A kind of table. Columns are kind keys; 'a|b' picks one; a trailing '?' is optional."""

    name: str
    columns: tuple[str, ...]
    people: bool  # rows describe people (so place and date columns are about them)
    copies: int  # how many tables of this theme the corpus holds
    locales: tuple[str, ...] = ()  # only these (identifiers of one country), else any


_ID_BY_LOCALE = {
    "en_US": "id_us_ssn", "en_GB": "id_uk_nino|id_uk_nhs", "es_ES": "id_es_nif",
    "it_IT": "id_it_fiscal_code", "de_DE": "id_de_tax_id", "pl_PL": "id_pl_pesel",
    "sv_SE": "id_se_personnummer", "fi_FI": "id_fi_personal_identity_code",
    "hi_IN": "id_in_aadhaar|id_in_pan",
}  # fmt: skip


def local_id(locale: str) -> str:
    return _ID_BY_LOCALE.get(locale, "mixed_ids")


THEMES = (
    Theme("customers", ("record_id", "given_name", "family_name", "email", "phone|phone_intl",
          "birth_date?", "street|full_address", "city", "postcode", "country?", "created_at",
          "flag?"), True, 9),
    Theme("employees", ("record_id", "full_name", "hire_date", "leave_date?", "gender?",
          "nationality?", "LOCAL_ID", "iban?", "department", "amount", "updated_at"), True, 7),
    Theme("patients", ("mrn", "full_name", "birth_date", "visit_date", "diagnosis", "phone?",
          "city?", "religion?", "created_at"), True, 5),
    Theme("payments", ("order_no", "full_name", "card", "amount", "currency", "created_at",
          "status"), True, 4),
    Theme("support_tickets", ("ticket_no", "tickets", "status", "created_at", "category?"),
          True, 5),
    Theme("access_logs", ("access_log|app_log", "http_status?", "bytes?", "event_time"), True, 4),
    Theme("wallets", ("record_id", "full_name?", "btc|eth", "amount", "created_at"), True, 4),
    Theme("id_documents", ("record_id", "full_name", "mixed_ids", "document_type", "expiry"),
          True, 4),
    Theme("signups", ("email", "ip", "domain|url", "created_at", "flag"), True, 4),
    Theme("members", ("record_id", "full_name", "party", "religion?", "nationality", "city",
          "created_at"), True, 4),
    Theme("us_banking", ("full_name", "bank_account", "routing", "amount", "updated_at"), True, 2),
    Theme("credentials", ("product", "secret", "created_at", "expiry"), True, 2),
    Theme("citizens", ("given_name", "family_name", "LOCAL_ID", "birth_date", "city", "region?",
          "postcode?"), True, 6),
    Theme("contacts", ("full_name", "phone_intl", "email", "country", "updated_at"), True, 3),
    Theme("products", ("sku", "product", "amount", "quantity", "version?", "flag",
          "updated_at"), False, 3),
    Theme("orders", ("order_no", "sku", "quantity", "amount", "currency", "status",
          "warehouse_city", "created_at"), False, 3),
    Theme("releases", ("version", "sha1", "md5", "sha256", "event_time", "licence_key?"),
          False, 2),
    Theme("weather", ("station", "latitude", "longitude", "measurement", "timezone",
          "event_time"), False, 3),
    Theme("city_stats", ("airport_city", "country_code", "population", "timezone", "latitude",
          "longitude"), False, 2),
    Theme("ships", ("ship", "imo", "tonnage", "country_code", "year"), False, 2),
    Theme("storms", ("storm", "year", "category", "wind"), False, 2),
    Theme("books", ("isbn", "book_title", "author", "year", "amount"), False, 2),
    Theme("recordings", ("book_title", "composer", "year", "amount"), False, 1),
    Theme("pets", ("pet", "species", "measurement", "created_at"), False, 2),
    Theme("telemetry", ("device_id", "event_time", "measurement", "firmware", "status"), False, 2),
    Theme("country_reference", ("reference_country", "country_code", "currency",
          "currency_name"), False, 1),
    Theme("languages", ("language_name", "country_code", "population"), False, 1),
    Theme("licences", ("licence_key", "product", "seats", "expiry", "updated_at"), False, 2),
    Theme("reviews", ("comment_clean", "product", "quantity", "created_at"), False, 2),
    Theme("invoices", ("invoice_no", "order_no", "amount", "currency", "ticket_no",
          "created_at"), False, 2),
    # Added after the first split was drawn: appended, so earlier tables keep their names,
    # values and halves (split.py draws only tables missing from split.csv).
    Theme("card_payments", ("order_no", "full_name?", "card", "amount", "currency",
          "created_at"), True, 3),
    Theme("ach_transfers", ("full_name", "bank_account", "routing", "amount", "created_at"),
          True, 2),
    Theme("api_credentials", ("product", "secret", "version", "created_at"), True, 2),
    Theme("kyc_india", ("full_name", "id_in_pan", "id_in_aadhaar", "phone", "city",
          "birth_date?"), True, 3, ("hi_IN", "en_IN")),
    Theme("profiles", ("given_name", "family_name", "gender", "birth_date", "nationality",
          "url?"), True, 3),
    Theme("gym_members", ("full_name", "gender", "phone", "street?", "status", "created_at"),
          True, 2),
    Theme("crypto_payouts", ("email", "btc|eth", "amount", "event_time"), True, 2),
    Theme("nhs_patients", ("full_name", "id_uk_nhs", "birth_date", "postcode", "diagnosis"),
          True, 2, ("en_GB",)),
    Theme("nordic_registry", ("given_name", "family_name",
          "id_se_personnummer|id_fi_personal_identity_code", "city"), True, 2,
          ("sv_SE", "fi_FI")),
    Theme("flights", ("flight_no", "airport_city", "departure", "status", "quantity"),
          False, 2),
    Theme("suppliers", ("company", "country_code", "amount", "updated_at"), False, 2),
    Theme("students", ("given_name", "family_name", "enrol_date", "birth_date?", "email",
          "course_code", "updated_at"), True, 2),
)  # fmt: skip
LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pt_PT", "sv_SE",
    "pl_PL", "ja_JP", "zh_CN", "ru_RU", "ko_KR", "ar_AA", "hi_IN", "tr_TR", "cs_CZ", "da_DK",
    "fi_FI", "el_GR", "uk_UA", "hu_HU", "no_NO", "de_AT", "es_MX",
)  # fmt: skip
# Formats in rough proportion to what lakes hold; the JSON array and TSV are the rare ones.
FORMATS = ("csv", "parquet", "jsonl", "csv", "parquet", "jsonl", "tsv", "json")
