"""Columns that mix identity-document types: the column test on their union.

A column of passport, national-ID and tax numbers from many countries holds each type in a
small share of its values, so no single type passes the column test; together they do. Only
types the evidence can vouch for count: a checksum-confirmed value, or a pattern strong enough
on its own (or named by the column), never a bare 9-digit number that any passport pattern
reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifiers.decide.groups import EntityGroup
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding

# Numbers that identify a person to a state: national IDs, passports, tax and social numbers,
# driving licences. (Company and VAT numbers identify businesses and are not counted.)
IDENTITY_TYPES = frozenset({
    "US_SSN", "US_ITIN", "US_PASSPORT", "US_DRIVER_LICENSE", "UK_NHS", "UK_NINO", "UK_PASSPORT",
    "UK_DRIVING_LICENCE", "ES_NIF", "ES_NIE", "ES_PASSPORT", "IT_FISCAL_CODE",
    "IT_DRIVER_LICENSE", "IT_IDENTITY_CARD", "IT_PASSPORT", "PL_PESEL",
    "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "DE_TAX_ID", "DE_PASSPORT", "DE_ID_CARD",
    "DE_SOCIAL_SECURITY", "DE_FUEHRERSCHEIN", "DE_TAX_NUMBER", "TR_NATIONAL_ID", "AU_TFN",
    "AU_MEDICARE", "SG_NRIC_FIN", "IN_PAN", "IN_AADHAAR", "IN_VOTER", "IN_PASSPORT", "KR_RRN",
    "KR_FRN", "KR_DRIVER_LICENSE", "KR_PASSPORT", "PH_TIN", "PH_UMID", "PH_PASSPORT",
    "TH_TNIN", "CA_SIN", "NG_NIN", "ZA_ID_NUMBER", "ZA_PASSPORT", "ZA_DRIVER_LICENSE",
    "ZA_INCOME_TAX_NUMBER",
})  # fmt: skip
STRONG_PATTERN = 0.4  # an unvalidated pattern at least this sure counts without context
MIN_SHARE = 0.05  # a type is reported when it holds this share of the values
# A checksum passes by chance on about 1 in 10 same-shaped values (other countries' IDs of
# that shape): a type counts only when well over that share of its candidates pass.
MIN_CONFIRMED = 0.25


@dataclass(frozen=True)
class IdentityShare:
    """The values of one identity type the union counts."""

    group: EntityGroup
    values: int


def vouched_values(group: EntityGroup) -> int:
    """Whole values of the group the evidence vouches for (0 for a weak, unnamed pattern)."""
    counts = group.counts
    if group.checksum:
        confirmed = counts.validated >= MIN_CONFIRMED * counts.candidates
        return min(counts.validated, counts.whole) if confirmed else 0
    if group.base_score >= STRONG_PATTERN or group.context:
        return counts.whole
    return 0


def identity_shares(groups: Sequence[EntityGroup]) -> list[IdentityShare]:
    shares = [IdentityShare(g, vouched_values(g)) for g in groups if g.entity in IDENTITY_TYPES]
    return sorted((s for s in shares if s.values), key=lambda s: -s.values)


def mixed_identifiers(
    groups: Sequence[EntityGroup], evidence: ColumnEvidence, min_ratio: float
) -> list[EntityFinding]:
    """Every identity type in a meaningful share, when together they pass the column test and
    no one type does; [] otherwise."""
    shares = identity_shares(groups)
    analysed = max((s.group.counts.analysed for s in shares), default=0)
    if len(shares) < 2 or not analysed:
        return []
    # Values are credited to one recognizer per type, but one value can read as two types.
    union = min(analysed, sum(s.values for s in shares))
    if union < min_ratio * analysed or shares[0].values >= min_ratio * analysed:
        return []
    kept = [s for s in shares if s.values >= MIN_SHARE * analysed]
    if len(kept) < 2:
        return []
    listed = ", ".join(f"{s.group.entity} {s.values:,}" for s in kept)
    reason = f"{union:,} of {analysed:,} values are national identifiers: {listed}"
    return [_finding(s, analysed, union, reason) for s in kept]


def _finding(share: IdentityShare, analysed: int, union: int, reason: str) -> EntityFinding:
    counts = share.group.counts
    confidence = 0.45 * union / analysed + 0.35 * counts.mean_score + 0.2 * share.group.checksum
    return EntityFinding(
        entity=share.group.entity,
        confidence=round(min(1.0, confidence), 3),
        ratio=round(share.values / analysed, 4),
        matches=counts.matched,
        validated=counts.validated,
        reason=f"{reason}; {share.group.entity} by {', '.join(share.group.recognizers)}",
    )
