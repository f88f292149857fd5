"""Column names as evidence: tokens, context words and entity hints."""

from __future__ import annotations

import pytest

from classifiers.names import hinted_entities, mentions, name_tokens


@pytest.mark.parametrize(
    ("column", "tokens"),
    [
        ("email", {"email"}),
        ("customer_email", {"customer", "email", "customeremail"}),
        ("customerEmail", {"customer", "email", "customeremail"}),
        ("customerEmail_2", {"customer", "email", "2", "customeremail2"}),
        ("dateOfBirth", {"date", "of", "birth", "dateofbirth"}),
        ("Date Of Birth", {"date", "of", "birth", "dateofbirth"}),
        ("e-mail", {"e", "mail", "email"}),
        ("first.name", {"first", "name", "firstname"}),
        ("customerID", {"customer", "id", "customerid"}),
        ("SSN", {"ssn"}),
        ("HTTPStatus", {"httpstatus"}),  # no break between capitals
        ("address2Line", {"address2", "line", "address2line"}),
        ("__zip__", {"zip"}),
    ],
)
def test_name_tokens(column: str, tokens: set[str]) -> None:
    assert name_tokens(column) == tokens


@pytest.mark.parametrize(
    ("column", "words", "expected"),
    [
        ("credit_card_number", ["credit card"], True),
        ("creditCardNumber", ["credit card"], True),
        ("CREDIT-CARD", ["credit card"], True),
        ("card_credit", ["credit card"], False),  # the words, in that order
        ("customer_email", ["email"], True),
        ("emailed_at", ["email"], False),  # a single word must be a whole token
        ("e_mail", ["email"], True),  # ... or all tokens joined
        ("post_code", ["post code"], True),
        ("national_insurance_no", ["national insurance"], True),
        ("nino", ["national insurance", "nino"], True),
        ("Account", ["account"], True),
        ("amount_ref", ["account", "acct", "bank"], False),
        ("phone", [], False),
        # a multi-word context must start and end on word boundaries too
        ("grid_number", ["id number"], False),
        ("bid_number", ["id number"], False),
        ("lamppost_code", ["post code"], False),
        ("id_number", ["id number"], True),
    ],
)
def test_mentions(column: str, words: list[str], expected: bool) -> None:
    assert mentions(column, words) is expected


@pytest.mark.parametrize(
    ("column", "entities"),
    [
        ("full_name", {"PERSON"}),
        ("firstName", {"PERSON"}),
        ("surname", {"PERSON"}),
        ("mobile_phone", {"PHONE_NUMBER"}),
        ("fax", {"PHONE_NUMBER"}),
        ("e_mail", {"EMAIL_ADDRESS"}),
        ("homepage_url", {"URL"}),
        ("date_of_birth", {"DATE_TIME"}),
        ("patient_dob", {"DATE_TIME"}),
        ("customer_email", {"DATE_TIME", "EMAIL_ADDRESS"}),  # 'customer' is about a person
        ("city", {"LOCATION"}),
        ("email_address", {"EMAIL_ADDRESS", "LOCATION"}),
        ("contact_phone", {"PERSON", "PHONE_NUMBER"}),
        ("signup_ts", set()),
        ("order_id", set()),
        ("has_ssn", set()),
        ("product_name", {"PERSON"}),  # a hint only: decide weighs it against the values
    ],
)
def test_hinted_entities(column: str, entities: set[str]) -> None:
    assert hinted_entities(column) == entities
