"""The Presidio predefined pattern recognizers Warden runs, named in an explicit tuple.

Presidio registers many country-specific recognizers for their own language only (Spanish
NIF for "es", Italian fiscal code for "it"). Warden analyses column values, which carry no
language, so every one of them is registered for the language we analyse in.
"""

from __future__ import annotations

PREDEFINED_RECOGNIZERS: tuple[str, ...] = (
    # generic
    "CreditCardRecognizer", "CryptoRecognizer", "DateRecognizer", "EmailRecognizer",
    "IbanRecognizer", "IpRecognizer", "MacAddressRecognizer", "PhoneRecognizer",
    "UrlRecognizer", "UuidRecognizer",
    # United States
    "AbaRoutingRecognizer", "MedicalLicenseRecognizer", "UsBankRecognizer",
    "UsLicenseRecognizer", "UsItinRecognizer", "UsMbiRecognizer", "UsNpiRecognizer",
    "UsPassportRecognizer", "UsSsnRecognizer", "UsHealthInsuranceMemberIdRecognizer",
    "UsClaimNumberRecognizer", "UsPrescriptionNumberRecognizer",
    "UsPriorAuthorizationNumberRecognizer", "UsProviderTaxIdRecognizer",
    "UsReferralNumberRecognizer",
    # United Kingdom
    "NhsRecognizer", "UkNinoRecognizer", "UkPassportRecognizer", "UkPostcodeRecognizer",
    "UkDrivingLicenceRecognizer", "UkVehicleRegistrationRecognizer",
    # Europe
    "EsNifRecognizer", "EsNieRecognizer", "EsPassportRecognizer",
    "ItDriverLicenseRecognizer", "ItFiscalCodeRecognizer", "ItVatCodeRecognizer",
    "ItIdentityCardRecognizer", "ItPassportRecognizer",
    "PlPeselRecognizer", "FiPersonalIdentityCodeRecognizer",
    "SeOrganisationsnummerRecognizer", "SePersonnummerRecognizer",
    "DeTaxIdRecognizer", "DeTaxNumberRecognizer", "DePassportRecognizer",
    "DeIdCardRecognizer", "DeSocialSecurityRecognizer", "DeHealthInsuranceRecognizer",
    "DeKfzRecognizer", "DeHandelsregisterRecognizer", "DePlzRecognizer",
    "DeLanrRecognizer", "DeBsnrRecognizer", "DeVatIdRecognizer", "DeFuehrerscheinRecognizer",
    "TrNationalIdRecognizer", "TrLicensePlateRecognizer",
    # Asia-Pacific
    "AuAbnRecognizer", "AuAcnRecognizer", "AuTfnRecognizer", "AuMedicareRecognizer",
    "SgFinRecognizer", "SgUenRecognizer", "InPanRecognizer", "InAadhaarRecognizer",
    "InVehicleRegistrationRecognizer", "InVoterRecognizer", "InPassportRecognizer",
    "InGstinRecognizer", "KrRrnRecognizer", "KrBrnRecognizer", "KrDriverLicenseRecognizer",
    "KrFrnRecognizer", "KrPassportRecognizer", "PhTinRecognizer", "PhUmidRecognizer",
    "PhPassportRecognizer", "ThTninRecognizer",
    # Americas and Africa
    "CaSinRecognizer", "CaPostalCodeRecognizer",
    "NgNinRecognizer", "NgVehicleRegistrationRecognizer",
    "ZaIdNumberRecognizer", "ZaPassportRecognizer", "ZaDriverLicenseRecognizer",
    "ZaIncomeTaxNumberRecognizer", "ZaVatNumberRecognizer", "ZaCompanyRegistrationRecognizer",
    "ZaLicensePlateRecognizer", "ZaTrafficRegisterNumberRecognizer",
)  # fmt: skip

# Recognizers that are not regex-based: Warden gives them a prefilter of its own.
# Phone numbers: at least seven digits, optionally grouped by spaces, dots, dashes, brackets.
NON_PATTERN_PREFILTERS: dict[str, str] = {
    "PhoneRecognizer": r"\+?\(?\d[\d\s().\-/]{5,}\d",
}
