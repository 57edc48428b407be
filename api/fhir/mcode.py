"""The passport's tumours as mCODE-style resources: a PrimaryCancerCondition per tumour and
its stage Observations (stage group, T, N, M)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from domain.codes import russian_name

MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
LOINC = "http://loinc.org"
_NAMESPACE = uuid.UUID("7f1d8c2e-4b1a-4f7e-9a55-0c1e5d7b9a01")

# tumour field → mCODE profile, then (LOINC, display) of its clinical and pathologic form
_STAGE_PARTS = (
    ("stage", "mcode-tnm-stage-group", ("21908-9", "Stage group.clinical Cancer"),
     ("21902-2", "Stage group.pathology Cancer")),
    ("t", "mcode-tnm-primary-tumor-category",
     ("21905-5", "Primary tumor.clinical [Class] Cancer"),
     ("21899-0", "Primary tumor.pathology Cancer")),
    ("n", "mcode-tnm-regional-nodes-category",
     ("21906-3", "Regional lymph nodes.clinical [Class] Cancer"),
     ("21900-6", "Regional lymph nodes.pathology [Class] Cancer")),
    ("m", "mcode-tnm-distant-metastases-category",
     ("21907-1", "Distant metastases.clinical [Class] Cancer"),
     ("21901-4", "Distant metastases.pathology [Class] Cancer")),
)
_VERIFICATION = {"confirmed": "confirmed", "refuted": "refuted"}


def resource_id(*parts: str) -> str:
    """A stable FHIR id (the graph's keys contain '|', which FHIR ids do not allow)."""
    return uuid.uuid5(_NAMESPACE, "|".join(parts)).hex


def primary_cancer_condition(tumor: dict[str, Any], patient_ref: str) -> dict[str, Any]:
    icd10 = tumor.get("icd10")
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": resource_id("condition", tumor["tumorId"]),
        "meta": {"profile": [f"{MCODE}/mcode-primary-cancer-condition"]},
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active"}]},
        "verificationStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": _VERIFICATION.get(tumor.get("verification") or "", "provisional")}]},
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
            "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": ICD10, "code": icd10,
                             **({"display": name} if (name := russian_name(icd10)) else {})}]},
        "subject": {"reference": patient_ref},
    }
    if tumor.get("morphology"):
        condition["extension"] = [{
            "url": f"{MCODE}/mcode-histology-morphology-behavior",
            "valueCodeableConcept": {"coding": [{"system": ICDO3,
                                                 "code": tumor["morphology"]}]},
        }]
    diagnosed_on = tumor.get("diagnosedOn")
    if isinstance(diagnosed_on, date):
        condition["recordedDate"] = diagnosed_on.isoformat()
    if tumor.get("stage"):
        condition["stage"] = [{"summary": {"text": str(tumor["stage"])}}]
    return condition


def stage_observations(tumor: dict[str, Any], patient_ref: str,
                       condition_ref: str) -> list[dict[str, Any]]:
    observations = []
    pathologic = set(tumor.get("pathologicParts") or ())
    for field, profile, clinical, pathology in _STAGE_PARTS:
        value = tumor.get(field)
        if not value:
            continue
        loinc, display = pathology if field in pathologic else clinical
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "id": resource_id("observation", tumor["tumorId"], field),
            "meta": {"profile": [f"{MCODE}/{profile}"]},
            "status": "final",
            "category": [{"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey"}]}],
            "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]},
            "subject": {"reference": patient_ref},
            "focus": [{"reference": condition_ref}],
            "valueCodeableConcept": {"text": str(value)},
        }
        if isinstance(tumor.get("diagnosedOn"), date):
            observation["effectiveDateTime"] = tumor["diagnosedOn"].isoformat()
        observations.append(observation)
    return observations
