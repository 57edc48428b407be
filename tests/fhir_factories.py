"""FHIR R4 resources for tests, shaped as docs fhir-input.md describes them."""

from __future__ import annotations

from typing import Any

SNILS = "urn:oid:1.2.643.100.3"
ICD10 = "urn:oid:1.2.643.5.1.13.13.11.1005"
FRMO = "urn:oid:1.2.643.5.1.13.13.11.1461"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
MORPHOLOGY_EXT = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"
)


def meta(version: int = 1, source: str | None = None,
         updated: str = "2025-01-01T10:00:00+03:00") -> dict[str, Any]:
    result: dict[str, Any] = {"versionId": str(version), "lastUpdated": updated}
    if source:
        result["source"] = source
    return result


def patient(pid: str, *, family: str = "Смирнова", given: str = "Анна",
            patronymic: str | None = "Петровна", birth: str = "1961-03-04",
            sex: str = "female", district: str = "Северный", snils: str | None = None,
            enp: str | None = None, local_system: str = "urn:mis:a:patient",
            version: int = 1, **extra: Any) -> dict[str, Any]:
    identifiers = [{"system": local_system, "value": pid}]
    if snils:
        identifiers.append({"system": SNILS, "value": snils})
    if enp:
        identifiers.append({"system": "urn:onkopassport:enp", "value": enp})
    given_names = [given] + ([patronymic] if patronymic else [])
    return {"resourceType": "Patient", "id": pid, "meta": meta(version),
            "identifier": identifiers, "name": [{"family": family, "given": given_names}],
            "gender": sex, "birthDate": birth, "address": [{"district": district}], **extra}


def organization(oid: str, name: str, kind: str, district: str = "Северный",
                 rid: str | None = None) -> dict[str, Any]:
    return {"resourceType": "Organization", "id": rid or oid.replace(".", "-")[-20:],
            "identifier": [{"system": FRMO, "value": oid}], "name": name,
            "type": [{"coding": [{"system": "urn:onkopassport:organization-kind", "code": kind}]}],
            "address": [{"district": district}]}


def org_ref(oid: str) -> dict[str, Any]:
    return {"type": "Organization", "identifier": {"system": FRMO, "value": oid}}


def condition(cid: str, subject: str, icd10: str, *, verification: str = "confirmed",
              recorded: str = "2025-02-10", stage: str | None = None,
              morphology: str | None = None, version: int = 1,
              status: str | None = None, **extra: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition", "id": cid, "meta": meta(version),
        "verificationStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": verification}]},
        "code": {"coding": [{"system": ICD10, "code": icd10}]},
        "subject": {"reference": subject}, "recordedDate": recorded, **extra}
    if status:
        resource["verificationStatus"]["coding"][0]["code"] = status
    if stage:
        resource["stage"] = [{"summary": {"text": stage}}]
    if morphology:
        resource["extension"] = [{"url": MORPHOLOGY_EXT, "valueCodeableConcept": {
            "coding": [{"system": ICDO3, "code": morphology}]}}]
    return resource


def referral(rid: str, subject: str, *, reason: str = "Z03.1", authored: str = "2025-01-20",
             performer_oid: str | None = None, requester_oid: str | None = None,
             to_oncologist: bool = True) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest", "id": rid, "status": "active", "intent": "order",
        "subject": {"reference": subject}, "authoredOn": authored,
        "reasonCode": [{"coding": [{"system": ICD10, "code": reason}]}]}
    if to_oncologist:
        resource["performerType"] = {"coding": [{"system": SNOMED, "code": "309295000"}]}
    if performer_oid:
        resource["performer"] = [org_ref(performer_oid)]
    if requester_oid:
        resource["requester"] = org_ref(requester_oid)
    return resource


def encounter(eid: str, subject: str, *, start: str = "2025-01-22", klass: str = "AMB",
              provider_oid: str | None = None, **extra: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Encounter", "id": eid, "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": klass},
        "subject": {"reference": subject}, "period": {"start": start}, **extra}
    if provider_oid:
        resource["serviceProvider"] = org_ref(provider_oid)
    return resource


def pathology_report(rid: str, subject: str, *, morphology: str = "8500/3",
                     issued: str = "2025-02-05T12:00:00+03:00",
                     conclusion: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "DiagnosticReport", "id": rid, "status": "final",
        "category": [{"coding": [{"system": V2_0074, "code": "SP"}]}],
        "code": {"coding": [{"system": LOINC, "code": "22637-3"}]},
        "subject": {"reference": subject}, "issued": issued,
        "conclusionCode": [{"coding": [{"system": ICDO3, "code": morphology}]}]}
    if conclusion:
        resource["conclusion"] = conclusion
    return resource


def text_report(rid: str, subject: str, conclusion: str, category: str = "RAD",
                issued: str = "2025-03-01T10:00:00+03:00") -> dict[str, Any]:
    return {"resourceType": "DiagnosticReport", "id": rid, "status": "final",
            "category": [{"coding": [{"system": V2_0074, "code": category}]}],
            "code": {"text": "КТ органов грудной клетки"}, "subject": {"reference": subject},
            "issued": issued, "conclusion": conclusion}


def chemotherapy(mid: str, subject: str, condition: str, *, authored: str = "2025-03-01",
                 intent_snomed: str | None = "373808002") -> dict[str, Any]:
    """A MedicationRequest for a cancer, with mCODE's procedure intent (curative by
    default; 363676003 palliative; None: not said)."""
    request: dict[str, Any] = {
        "resourceType": "MedicationRequest", "id": mid, "status": "active", "intent": "order",
        "subject": {"reference": subject}, "authoredOn": authored,
        "medicationCodeableConcept": {"text": "Карбоплатин"},
        "reasonReference": [{"reference": condition}]}
    if intent_snomed is not None:
        request["extension"] = [{
            "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent",
            "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": intent_snomed}]}}]
    return request


def bundle(resources: list[dict[str, Any]], kind: str = "collection",
           urn: bool = False) -> dict[str, Any]:
    entries = []
    for resource in resources:
        entry: dict[str, Any] = {"resource": resource}
        if urn:
            entry["fullUrl"] = f"urn:uuid:{resource['id']}"
        if kind in ("transaction", "batch"):
            entry["request"] = {"method": "PUT",
                                "url": f"{resource['resourceType']}/{resource['id']}"}
        entries.append(entry)
    return {"resourceType": "Bundle", "type": kind, "entry": entries}
