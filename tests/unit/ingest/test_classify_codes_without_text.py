"""Facts written only as codes: stage and T/N/M codes, ICD-10-CM codes, an oncologist named
in free text."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.classify import classify
from tests import fhir_factories as f

AJCC = "http://cancerstaging.org"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"


def _staging(loinc: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": f"o-{loinc}", "status": "final",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": f.LOINC, "code": loinc}]},
            "focus": [{"reference": "Condition/c1"}], "effectiveDateTime": "2025-02-01",
            "valueCodeableConcept": value}


@pytest.mark.parametrize(("loinc", "code", "element", "expected"), [
    ("21908-9", "IIB", "stage", "IIB"),
    ("21902-2", "IIIC", "stage", "IIIC"),
    ("21905-5", "cT2", "t", "cT2"),
    ("21906-3", "cN1a", "n", "cN1a"),
    ("21901-4", "pM0", "m", "pM0"),
])
def test_a_stage_or_tnm_given_only_as_a_code_is_read_as_its_text_would_be(
        loinc: str, code: str, element: str, expected: str) -> None:
    by_code = classify(_staging(loinc, {"coding": [{"system": AJCC, "code": code}]}), "s", {})
    by_text = classify(_staging(loinc, {"text": code}), "s", {})
    assert by_code.props[element] == by_text.props[element] == expected


def test_a_dictionary_code_that_reads_as_no_stage_is_not_taken_for_one() -> None:
    observation = _staging("21908-9", {"coding": [{"system": "urn:oid:1.2.643.5.1.13.13.99.2",
                                                   "code": "12"}]})
    assert "stage" not in classify(observation, "s", {}).props


def test_a_condition_stage_summary_given_only_as_a_snomed_code_uses_the_crosswalk() -> None:
    condition = f.condition("c1", "Patient/p1", "C50.4")
    condition["stage"] = [{"summary": {"coding": [{"system": f.SNOMED, "code": "1222806003"}]}}]
    assert classify(condition, "s", {}).props["stage"] == "IIIC"
    condition["stage"] = [{"summary": {"coding": [{"system": AJCC, "code": "IIB"}]}}]
    assert classify(condition, "s", {}).props["stage"] == "IIB"


@pytest.mark.parametrize(("code", "icd10"), [("C50.911", "C50.9"), ("C50911", "C50.9"),
                                             ("C34.90", "C34.90")])
def test_an_icd10_cm_diagnosis_is_an_oncology_sign(code: str, icd10: str) -> None:
    condition = f.condition("c1", "Patient/p1", "C50.4")
    condition["code"] = {"coding": [{"system": ICD10_CM, "code": code}]}
    props = classify(condition, "s", {}).props
    assert (props["icd10"], props["oncoSign"]) == (icd10, True)


@pytest.mark.parametrize("performer_type", [
    {"text": "врач-онколог"}, {"text": "Онкогинеколог"}, {"text": "Oncologist"},
    {"coding": [{"system": "urn:oid:1.2.643.5.1.13.13.11.1066", "code": "41",
                 "display": "онкология"}]},
])
def test_a_referral_to_an_oncologist_named_in_free_text_is_one(performer_type: dict) -> None:
    referral = f.referral("r1", "Patient/p1", to_oncologist=False)
    referral["reasonCode"] = [{"text": "Образование в молочной железе"}]
    referral["performerType"] = performer_type
    props = classify(referral, "s", {}).props
    assert (props.get("toOncologist"), props["oncoSign"]) == (True, True)


def test_a_referral_to_another_speciality_is_no_oncology_sign() -> None:
    referral = f.referral("r1", "Patient/p1", to_oncologist=False)
    referral["reasonCode"] = [{"text": "Образование в молочной железе"}]
    referral["performerType"] = {"text": "врач-хирург"}
    props = classify(referral, "s", {}).props
    assert "toOncologist" not in props and props["oncoSign"] is False
