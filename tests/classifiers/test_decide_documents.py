"""Free text: high-risk identifiers count by matches; log lines are judged as text."""

from __future__ import annotations

import pytest

from classifiers.decide.column import Thresholds, decide_column
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.model import ColumnFinding, Sensitivity
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry, build_registry

HC, C, G = Sensitivity.HIGHLY_CONFIDENTIAL, Sensitivity.CONFIDENTIAL, Sensitivity.GENERAL


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


def hits(
    rows: int, matched: int, score: float, *, validated: int = 0, candidates: int = 0,
    spans: int = 0, whole: int = 0, distinct: int | None = None,
) -> MatchCounts:  # fmt: skip
    return MatchCounts(
        distinct=frozenset(range(matched if distinct is None else distinct)),
        analysed=rows,
        candidates=candidates or matched,
        matched=matched,
        validated=validated,
        whole=whole,
        score_sum=matched * score,
        spans=spans or matched,
    )


def text(name: str, rows: int, matches: dict[str, MatchCounts], prose: bool) -> ColumnEvidence:
    return ColumnEvidence(
        column=name,
        dtype="String",
        rows=rows,
        non_null=rows,
        prose=rows if prose else 0,
        char_sum=rows * 400,
        matches=matches,
    )


def decide(evidence: ColumnEvidence, registry: Registry) -> ColumnFinding:
    return decide_column(evidence, registry, Policy(), Thresholds())


@pytest.mark.parametrize(
    ("matches", "entities", "level"),
    [
        # three checksummed cards in one paragraph of six: one paragraph is enough
        ({"CreditCardRecognizer": hits(6, 1, 1.0, validated=1, spans=3)}, {"CREDIT_CARD"}, HC),
        ({"IbanRecognizer": hits(6, 1, 1.0, validated=1)}, {"IBAN_CODE"}, HC),
        # a key needs no checksum: its pattern is near-certain
        ({"SecretKeyRecognizer": hits(6, 1, 0.9)}, {"SECRET_KEY"}, HC),
        # an SSN beside the word "SSN" (context-boosted) counts; a bare weak one does not
        ({"UsSsnRecognizer": hits(6, 1, 0.85)}, {"US_SSN"}, HC),
        ({"UsSsnRecognizer": hits(6, 1, 0.5)}, set(), G),
        # weak evidence keeps the row-share rule: one e-mail in six paragraphs is not enough
        ({"EmailRecognizer": hits(6, 1, 1.0, validated=1)}, set(), G),
        # a weak pattern needs a context word, checksum or not (a 10-digit tax number in a
        # chat is as likely a phone number)
        ({"ZaIncomeTaxNumberRecognizer": hits(6, 1, 1.0, validated=1)}, set(), G),
        # digit runs that pass Luhn by chance: most candidates fail the checksum
        ({"CreditCardRecognizer": hits(6, 1, 1.0, validated=1, candidates=5)}, set(), G),
    ],
)
def test_document_counts_high_risk_by_matches(
    registry: Registry, matches: dict[str, MatchCounts], entities: set[str], level: Sensitivity
) -> None:
    finding = decide(text("content", 6, matches, prose=True), registry)
    assert set(finding.entity_types) == entities
    assert finding.sensitivity == level


def test_reason_gives_the_count_of_matches(registry: Registry) -> None:
    cards = {"CreditCardRecognizer": hits(6, 1, 1.0, validated=1, spans=3)}
    (card,) = decide(text("content", 6, cards, prose=True), registry).entities
    assert card.reason.startswith("3 validated CREDIT_CARD matches in 1 of 6 paragraphs")
    tickets = decide(text("body", 500, {"CreditCardRecognizer": hits(500, 1, 1.0, validated=1)},
                          prose=True), registry)  # fmt: skip
    assert tickets.entities[0].reason.startswith("1 validated CREDIT_CARD match in 1 of 500 rows")


def test_log_lines_are_free_text(registry: Registry) -> None:
    # IP addresses and URLs inside long machine lines: not prose, never the whole value.
    # Browser versions (Chrome/41.0.2272.118) read as phone numbers do not count there.
    logs = {
        "IpRecognizer": hits(300, 150, 0.6),
        "UrlRecognizer": hits(300, 60, 0.6),
        "PhoneRecognizer": hits(300, 60, 0.4, validated=60),
    }
    finding = decide(text("message", 300, logs, prose=False), registry)
    assert finding.free_text
    assert set(finding.entity_types) == {"IP_ADDRESS", "URL"}
    assert finding.sensitivity == C


def test_identifier_columns_stay_structured(registry: Registry) -> None:
    ips = {"IpRecognizer": hits(300, 290, 0.6, whole=290)}
    finding = decide(text("client_ip", 300, ips, prose=False), registry)
    assert not finding.free_text
    assert finding.entity_types == ("IP_ADDRESS",)
    # a column of long values with the odd IP in it is not free text without fragments
    few = {"IpRecognizer": hits(300, 1, 0.6)}
    assert not decide(text("payload", 300, few, prose=False), registry).free_text
    # nor are a few user agents repeated over many rows, one holding a bot's URL
    agents = {"UrlRecognizer": hits(300, 40, 0.6, distinct=1)}
    finding = decide(text("user_agent", 300, agents, prose=False), registry)
    assert not finding.free_text and finding.entity_types == ()
