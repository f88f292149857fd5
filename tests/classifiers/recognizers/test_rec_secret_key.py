"""SecretKeyRecognizer: cloud keys, tokens, private key headers, api_key assignments."""

from __future__ import annotations

import pytest

from classifiers.recognizers.secret_key_recognizer import SecretKeyRecognizer

ENTITY = "SECRET_KEY"
RECOGNIZER = SecretKeyRecognizer()

GITHUB_TOKEN = "ghp_" + "A1b2C3d4" * 4 + "E5f6"  # 36 characters after the prefix
GITHUB_PAT = "github_pat_" + "11ABCDEFG0" * 8 + "xy"  # 82 characters after the prefix
SLACK_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws_access_key_id = AKIAZ7QWERTYUIOP2345", [("AKIAZ7QWERTYUIOP2345", 0.9)]),
        ("ASIAY34FZKBOKMUTVV7A", [("ASIAY34FZKBOKMUTVV7A", 0.9)]),
        (f"token: {GITHUB_TOKEN}", [(GITHUB_TOKEN, 0.9)]),
        (GITHUB_PAT, [(GITHUB_PAT, 0.9)]),
        (f"SLACK_BOT={SLACK_TOKEN} ", [(SLACK_TOKEN, 0.9)]),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA",
            [("-----BEGIN RSA PRIVATE KEY-----", 1.0)],
        ),
        ("-----BEGIN PRIVATE KEY-----", [("-----BEGIN PRIVATE KEY-----", 1.0)]),
        (
            "API_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            [("API_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0", 0.6)],
        ),
        ('{"apiKey": "Zx81Qw72Er63Ty54Ui45"}', [('apiKey": "Zx81Qw72Er63Ty54Ui45', 0.6)]),
        # invalidated
        ("AKIAIOSFODNN7EXAMPLE", []),  # AWS's documented sample key
        ("api_key = get_api_key_from_vault()", []),
        ("API_KEY=YOUR_API_KEY_GOES_HERE", []),
        # hard negatives
        ("akiaz7qwertyuiop2345", []),
        ("AKIA1234567890123456", []),  # 0, 1, 8, 9 are not base-32
        (GITHUB_TOKEN.upper(), []),
        ("api_key = short123", []),
        ("-----BEGIN PUBLIC KEY-----", []),
        ("-----BEGIN CERTIFICATE-----", []),
        (f"sha256 {SHA256}", []),
        ("550e8400-e29b-41d4-a716-446655440000", []),
    ],
)
def test_secret_key(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
