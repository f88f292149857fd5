"""Warden's own recognizers, named in an explicit tuple for the registry to instantiate."""

from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from classifiers.recognizers.crypto_bech32_recognizer import Bech32AddressRecognizer
from classifiers.recognizers.crypto_evm_recognizer import EvmAddressRecognizer
from classifiers.recognizers.domain_recognizer import DomainRecognizer
from classifiers.recognizers.employee_id_recognizer import EmployeeIdRecognizer
from classifiers.recognizers.gender_recognizer import GenderRecognizer
from classifiers.recognizers.gender_value_recognizer import GenderValueRecognizer
from classifiers.recognizers.icd10_code_recognizer import Icd10CodeRecognizer
from classifiers.recognizers.medical_record_number_recognizer import (
    MedicalRecordNumberRecognizer,
)
from classifiers.recognizers.postcode_recognizer import PostcodeRecognizer
from classifiers.recognizers.secret_key_recognizer import SecretKeyRecognizer
from classifiers.recognizers.street_address_recognizer import (
    HouseNumberLineRecognizer,
    StreetAddressRecognizer,
)

OUR_RECOGNIZERS: tuple[type[PatternRecognizer], ...] = (
    EmployeeIdRecognizer,
    MedicalRecordNumberRecognizer,
    Icd10CodeRecognizer,
    SecretKeyRecognizer,
    PostcodeRecognizer,
    StreetAddressRecognizer,
    HouseNumberLineRecognizer,
    GenderRecognizer,
    GenderValueRecognizer,
    EvmAddressRecognizer,
    Bech32AddressRecognizer,
    DomainRecognizer,
)
