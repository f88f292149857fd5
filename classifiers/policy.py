"""Sensitivity policy: entity type to level, combination rules, and the dataset roll-up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from classifiers.entities import family_key, policy_key
from classifiers.model import Sensitivity

HC, C, G = Sensitivity.HIGHLY_CONFIDENTIAL, Sensitivity.CONFIDENTIAL, Sensitivity.GENERAL

# Government IDs, card and bank numbers, health data, secrets: Highly Confidential.
_HIGHLY_CONFIDENTIAL = (
    "CREDIT_CARD", "IBAN_CODE", "US_BANK_NUMBER", "ABA_ROUTING_NUMBER", "US_SSN", "US_ITIN",
    "US_PASSPORT", "US_DRIVER_LICENSE", "US_MBI", "US_NPI", "MEDICAL_LICENSE",
    "US_HEALTH_INSURANCE_MEMBER_ID", "US_CLAIM_NUMBER", "US_PRESCRIPTION_NUMBER",
    "US_PRIOR_AUTHORIZATION_NUMBER", "US_REFERRAL_NUMBER", "US_PROVIDER_TAX_ID",
    "UK_NHS", "UK_NINO", "UK_PASSPORT", "UK_DRIVING_LICENCE", "ES_NIF", "ES_NIE",
    "ES_PASSPORT", "IT_FISCAL_CODE", "IT_DRIVER_LICENSE", "IT_IDENTITY_CARD", "IT_PASSPORT",
    "PL_PESEL", "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "DE_TAX_ID", "DE_PASSPORT",
    "DE_ID_CARD", "DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_FUEHRERSCHEIN",
    "DE_TAX_NUMBER", "TR_NATIONAL_ID", "AU_TFN", "AU_MEDICARE", "SG_NRIC_FIN", "IN_PAN",
    "IN_AADHAAR", "IN_VOTER", "IN_PASSPORT", "KR_RRN", "KR_FRN", "KR_DRIVER_LICENSE",
    "KR_PASSPORT", "PH_TIN", "PH_UMID", "PH_PASSPORT", "TH_TNIN", "CA_SIN", "NG_NIN",
    "ZA_ID_NUMBER", "ZA_PASSPORT", "ZA_DRIVER_LICENSE", "ZA_INCOME_TAX_NUMBER",
    "MEDICAL_RECORD_NUMBER", "ICD10_CODE", "SECRET_KEY", "CRYPTO",
)  # fmt: skip
# Direct contact data and personal identifiers: Confidential.
_CONFIDENTIAL = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION/STREET_ADDRESS", "IP_ADDRESS", "NRP",
    "EMPLOYEE_ID", "DATE_TIME", "UK_VEHICLE_REGISTRATION",
    "DE_KFZ", "IN_VEHICLE_REGISTRATION", "NG_VEHICLE_REGISTRATION", "TR_LICENSE_PLATE",
    "ZA_LICENSE_PLATE", "ZA_TRAFFIC_REGISTER_NUMBER",
)  # fmt: skip
# Quasi-identifiers and business identifiers: General on their own.
_GENERAL = (
    "LOCATION", "LOCATION/POSTCODE", "UK_POSTCODE", "CA_POSTAL_CODE", "DE_PLZ", "GENDER", "URL",
    "MAC_ADDRESS", "UUID", "AU_ABN", "AU_ACN", "SG_UEN", "IN_GSTIN", "IT_VAT_CODE", "DE_VAT_ID",
    "DE_HANDELSREGISTER", "DE_LANR", "DE_BSNR", "KR_BRN", "SE_ORGANISATIONSNUMMER",
    "ZA_COMPANY_REGISTRATION", "ZA_VAT_NUMBER",
)  # fmt: skip

DEFAULT_LEVELS: dict[str, Sensitivity] = {
    **{e: G for e in _GENERAL},
    **{e: C for e in _CONFIDENTIAL},
    **{e: HC for e in _HIGHLY_CONFIDENTIAL},
}
UNKNOWN_ENTITY_LEVEL = C  # a custom entity with no level is treated as Confidential


@dataclass(frozen=True)
class Combination:
    """A set of entity types that, together in one dataset, is more than each alone."""

    name: str
    all_of: tuple[str, ...]
    level: Sensitivity
    reason: str
    any_of: tuple[str, ...] = ()
    min_any: int = 0

    def holds(self, entities: frozenset[str]) -> bool:
        """`entities` are policy keys (LOCATION/POSTCODE). An item without a subtype covers
        its entity's subtypes that the rule does not name itself; postcode spellings are one."""
        present = {family_key(e) for e in entities}
        named = {family_key(e) for e in (*self.all_of, *self.any_of)}

        def found(item: str) -> bool:
            key = family_key(item)
            return any(
                p == key or ("/" not in key and p.split("/")[0] == key and p not in named)
                for p in present
            )

        matched = {family_key(e) for e in self.any_of if found(e)}
        return all(found(e) for e in self.all_of) and len(matched) >= self.min_any


DEFAULT_COMBINATIONS = (
    Combination(
        "quasi_identifiers",
        all_of=("PERSON",),
        any_of=("DATE_TIME", "LOCATION/POSTCODE", "LOCATION", "LOCATION/STREET_ADDRESS", "GENDER"),
        min_any=2,
        level=HC,
        reason="a name with a birth date and a postcode or address can re-identify a person",
    ),
)


@dataclass(frozen=True)
class Policy:
    """Levels per entity type, combination rules and the levels of clean data."""

    levels: Mapping[str, Sensitivity] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    combinations: Sequence[Combination] = DEFAULT_COMBINATIONS
    default_level: Sensitivity = G
    public_level: Sensitivity = Sensitivity.PUBLIC

    def with_overrides(
        self, levels: Mapping[str, Sensitivity], combinations: Iterable[Combination] = ()
    ) -> Policy:
        merged = {**self.levels, **{policy_key(k): v for k, v in levels.items()}}
        rules = tuple(self.combinations) + tuple(combinations)
        return Policy(merged, rules, self.default_level, self.public_level)

    def level_of(self, entity: str, subtype: str | None = None) -> Sensitivity:
        """The level of ENTITY/SUBTYPE, else of ENTITY (`entity` may be a key already)."""
        key = policy_key(entity, subtype)
        level = self.levels.get(key)
        if level is None:
            level = self.levels.get(key.split("/")[0], UNKNOWN_ENTITY_LEVEL)
        return level

    def clean_level(self, public: bool) -> Sensitivity:
        return self.public_level if public else self.default_level

    def entities_level(self, entities: Iterable[str], public: bool) -> Sensitivity:
        """The highest level of the entities; data no more sensitive than the default level
        (countries, product URLs) in a public source stays at the public level."""
        level = max((self.level_of(e) for e in entities), default=self.clean_level(public))
        if public and level <= self.default_level:
            return self.public_level
        return level

    def combination_findings(self, entities: Iterable[str]) -> list[Combination]:
        present = frozenset(entities)
        return [rule for rule in self.combinations if rule.holds(present)]
