"""The bench's independent free-text detectors and its masking of reported values."""

from __future__ import annotations

from bench.sanitize import detected, mask


def test_numbers_split_into_phones_and_cards_leaving_dates_and_ips_out() -> None:
    text = (
        "Call +44 118 496 0123 or (212) 555-0142 on 2024-03-30. Card 4111 1111 1111 1111 "
        "refunded to 4111111111111111; blocked 203.0.113.45 for INC-2024-0193 and ORD-527682."
    )
    assert detected("PHONE_NUMBER", text) == {"+44 118 496 0123", "(212) 555-0142"}
    assert detected("CREDIT_CARD", text) == {"4111 1111 1111 1111", "4111111111111111"}
    assert detected("IP_ADDRESS", text) == {"203.0.113.45"}
    assert detected("IP_ADDRESS", "Mozilla/5.0 Chrome/51.0.2.7 Safari/537.36") == set()
    assert detected("EMAIL_ADDRESS", "reply to ann.lee@example.org.") == {"ann.lee@example.org"}
    assert detected("NRP", text) is None  # no independent detector: counted as such


def test_mask_keeps_only_the_first_character_and_the_length() -> None:
    assert mask("Bradley") == "B****** (7 chars)"
