"""Identity vocabulary: the administrative sex a clinic records (FHIR R4 ``AdministrativeGender``;
hl7.org/fhir/R4/valueset-administrative-gender.html). The values are the FHIR codes, so the FHIR
export writes them as they are; the rows give the words pages and reports show."""

from __future__ import annotations

from collections.abc import Mapping

from bellpath.vocab._term import Coded, Term, define_terms

__all__ = ["ADMINISTRATIVE_SEX_TERMS", "AdministrativeSex"]

_FHIR_GENDER = "FHIR R4 AdministrativeGender (hl7.org/fhir/R4/valueset-administrative-gender.html)"


class AdministrativeSex(Coded):
    """Administrative sex, FHIR R4 ``AdministrativeGender`` codes (hl7.org/fhir/R4/valueset-
    administrative-gender.html): what the clinic's records say, not a clinical finding."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


ADMINISTRATIVE_SEX_TERMS: Mapping[AdministrativeSex, Term] = define_terms(
    AdministrativeSex,
    {
        AdministrativeSex.MALE: Term("Male", "male", name="male", source=_FHIR_GENDER),
        AdministrativeSex.FEMALE: Term("Female", "female", name="female", source=_FHIR_GENDER),
        AdministrativeSex.OTHER: Term("Other", "other", name="other", source=_FHIR_GENDER),
        AdministrativeSex.UNKNOWN: Term("Unknown", "unknown", name="unknown", source=_FHIR_GENDER),
    },
)
