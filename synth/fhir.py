"""Bodies of the FHIR R4 resources the generator writes (fhir-input.md, facts table).

Each builder returns the resource body without `id`, `meta` and the patient reference;
`PersonSink.add` fills those in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

Body = dict[str, Any]

ICD10 = "urn:oid:1.2.643.5.1.13.13.11.1005"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
REMD_KIND = "urn:oid:1.2.643.5.1.13.13.11.1520"
EVENT = "urn:onkopassport:event"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
MORPHOLOGY_EXTENSION = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior")
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
LATERALITY = {"left": ("7771000", "Слева"), "right": ("24028007", "Справа")}
STAGE_LOINC = {"stage": "21908-9", "t": "21905-5", "n": "21906-3", "m": "21907-1"}


def dt(day: date, hour: int = 10) -> str:
    """A dateTime with time and Moscow offset."""
    return f"{day.isoformat()}T{hour:02d}:00:00+03:00"


def coded(system: str, code: str, display: str | None = None) -> Body:
    """A CodeableConcept with one coding."""
    coding: Body = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def encounter(cls: str, on: date, provider: Body, *, end: date | None = None,
              status: str = "finished", based_on: list[Body] | None = None,
              preventive: bool = False, diagnosis: Body | None = None,
              episode: Body | None = None, reason: Body | None = None) -> Body:
    """An Encounter of class AMB, IMP, SS or VR."""
    body: Body = {"status": status, "class": {"system": ACT_CODE, "code": cls},
                  "period": {"start": dt(on, 9)}, "serviceProvider": provider}
    if end is not None:
        body["period"]["end"] = dt(end, 15)
    if preventive:
        body["type"] = [coded(EVENT, "preventive-exam", "Профилактический осмотр")]
    if based_on:
        body["basedOn"] = based_on
    if diagnosis:
        body["diagnosis"] = [{"condition": diagnosis}]
    if episode:
        body["episodeOfCare"] = [episode]
    if reason:
        body["reasonCode"] = [reason]
    return body


def refusal(on: date, provider: Body) -> Body:
    """A cancelled hospitalization: the patient refused (SNOMED 105480006)."""
    return encounter("IMP", on, provider, status="cancelled",
                     reason=coded(SNOMED, "105480006", "Отказ пациента от лечения"))


def condition(icd10: str, on: date, verification: str, *, encounter_ref: Body | None = None,
              stage: str | None = None, morphology: str | None = None,
              laterality: str | None = None, evidence: Body | None = None,
              clinical: str = "active") -> Body:
    """A Condition: suspicion (provisional), diagnosis (confirmed) or refuted suspicion."""
    body: Body = {
        "clinicalStatus": coded(CONDITION_CLINICAL, clinical),
        "verificationStatus": coded(CONDITION_VERIFICATION, verification),
        "category": [coded("http://terminology.hl7.org/CodeSystem/condition-category",
                           "encounter-diagnosis")],
        "code": coded(ICD10, icd10), "recordedDate": dt(on, 11)}
    if encounter_ref:
        body["encounter"] = encounter_ref
    if stage:
        body["stage"] = [{"summary": {"text": stage}}]
    if morphology:
        body["extension"] = [{"url": MORPHOLOGY_EXTENSION,
                              "valueCodeableConcept": coded(ICDO3, morphology)}]
    if laterality:
        body["bodySite"] = [coded(SNOMED, *LATERALITY[laterality])]
    if evidence:
        body["evidence"] = [{"detail": [evidence]}]
    return body


def service_request(on: date, requester: Body, performer: Body, what: Body, *,
                    reason: str | None = None, oncologist: bool = False) -> Body:
    """A referral or an order (docType 1)."""
    body: Body = {"status": "active", "intent": "order", "code": what,
                  "authoredOn": dt(on, 10), "requester": requester, "performer": [performer]}
    if reason:
        body["reasonCode"] = [coded(ICD10, reason)]
    if oncologist:
        body["performerType"] = coded(SNOMED, "309295000", "Врач-онколог")
    return body


CONSULTATION = coded(SNOMED, "11429006", "Консультация врача-онколога")
HOSPITAL_ADMISSION = coded(SNOMED, "32485007", "Госпитализация")
BIOPSY = coded(SNOMED, "86273004", "Биопсия")


def report(category: str, code: Body, on: date, issued: date, performer: Body, *,
           based_on: Body | None = None, conclusion: str | None = None,
           morphology: str | None = None, specimen: Body | None = None,
           status: str = "final", results: list[Body] | None = None) -> Body:
    """A DiagnosticReport: LAB, RAD, SP (pathology) or CP (cytology). `results`: a lab
    report's Observations, contained in it and named by `result` (synth/labs.py)."""
    body: Body = {"status": status, "category": [coded(V2_0074, category)], "code": code,
                  "effectiveDateTime": dt(on, 9), "issued": dt(issued, 16),
                  "performer": [performer]}
    if results:
        # a result's time is the report's `effectiveDateTime`: the one blood draw
        contained = [{"resourceType": "Observation", "id": f"result-{number}", **observation}
                     for number, observation in enumerate(results, start=1)]
        body["contained"] = contained
        body["result"] = [{"reference": f"#{item['id']}"} for item in contained]
    if based_on:
        body["basedOn"] = [based_on]
    if conclusion:
        body["conclusion"] = conclusion
    if morphology:
        body["conclusionCode"] = [coded(ICDO3, morphology)]
    if specimen:
        body["specimen"] = [specimen]
    return body


def specimen(collected: date, received: date) -> Body:
    """Biopsy material; `receivedTime` starts deadline D3."""
    return {"status": "available", "type": coded(SNOMED, "119376003", "Биопсийный материал"),
            "receivedTime": dt(received, 12), "collection": {"collectedDateTime": dt(collected)}}


def observation(kind: str, value: str, on: date, focus: Body) -> Body:
    """Stage group or cT/cN/cM Observation pointing at its Condition."""
    return {"status": "final", "code": coded(LOINC, STAGE_LOINC[kind]),
            "effectiveDateTime": dt(on, 12), "valueCodeableConcept": {"text": value},
            "focus": [focus]}


def document(kind_system: str, kind: str, display: str, on: date, custodian: Body, *,
             description: str | None = None, related: Body | None = None) -> Body:
    """A DocumentReference: tumour board 371, 090/у 184, 027-2/у 250, event documents."""
    body: Body = {"status": "current", "type": coded(kind_system, kind, display),
                  "date": dt(on, 14), "custodian": custodian,
                  "content": [{"attachment": {"contentType": "text/plain", "title": display}}]}
    if description:
        body["description"] = description
    if related:
        body["context"] = {"related": [related]}
    return body


# mCODE's procedure intent: why a treatment is given (the clinical group follows it).
PROCEDURE_INTENT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent"
INTENTS = {"curative": ("373808002", "Радикальное лечение"),
           "palliative": ("363676003", "Паллиативное лечение")}


def procedure(kind: str, start: date, end: date | None, reason: Body,
              encounter_ref: Body | None = None, intent: str | None = None) -> Body:
    """Surgery (category 387713003), radiotherapy (108290001) or rehabilitation (52052004)."""
    if kind == "surgery":
        body: Body = {"status": "completed",
                      "category": coded(SNOMED, "387713003", "Хирургическое вмешательство"),
                      "code": {"text": "Хирургическое лечение опухоли"},
                      "performedDateTime": dt(start, 11)}
    elif kind == "rehabilitation":
        body = {"status": "completed",
                "code": coded(SNOMED, "52052004", "Медицинская реабилитация"),
                "performedDateTime": dt(start, 11)}
    else:
        body = {"status": "completed",
                "code": coded(SNOMED, "108290001", "Лучевая терапия"),
                "performedPeriod": {"start": dt(start, 9), "end": dt(end or start, 15)}}
    body["reasonReference"] = [reason]
    if encounter_ref:
        body["encounter"] = encounter_ref
    return _with_intent(body, intent)


def _with_intent(body: Body, intent: str | None) -> Body:
    if intent is not None:
        code, display = INTENTS[intent]
        body["extension"] = [{"url": PROCEDURE_INTENT,
                              "valueCodeableConcept": coded(SNOMED, code, display)}]
    return body


DRUGS = (("L01XA01", "Цисплатин"), ("L01CD01", "Паклитаксел"), ("L01BC06", "Капецитабин"),
         ("L01XA03", "Оксалиплатин"), ("L02BB03", "Бикалутамид"), ("L01FF02", "Пембролизумаб"))


def medication_request(on: date, drug: tuple[str, str], requester: Body, reason: Body,
                       status: str = "completed", encounter: Body | None = None,
                       intent: str | None = None) -> Body:
    """A drug-therapy prescription."""
    body: Body = {"status": status, "intent": "order",
                  "medicationCodeableConcept": coded(ATC, drug[0], drug[1]),
                  "authoredOn": dt(on, 10), "requester": requester,
                  "reasonReference": [reason]}
    if encounter:
        body["encounter"] = encounter
    return _with_intent(body, intent)


def episode_of_care(start: date, end: date | None, manager: Body, condition_ref: Body) -> Body:
    """Dispensary observation (Д-учёт)."""
    body: Body = {"status": "finished" if end else "active",
                  "type": [coded(EVENT, "dispensary-observation", "Диспансерное наблюдение")],
                  "period": {"start": dt(start, 10)}, "managingOrganization": manager,
                  "diagnosis": [{"condition": condition_ref}]}
    if end:
        body["period"]["end"] = dt(end, 10)
    return body
