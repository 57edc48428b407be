"""Test factories that write graph data exactly as docs/graph-model.md describes it.

They write the record and identity layers (what ingest produces) plus the Tumor nodes of
the derived layer, so that the route, passport, analytics, registry and VIMIS tests can
build a small, precise scenario without going through FHIR. End-to-end tests go through
the real ingest instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from graph.database import Graph

_sequence = count(1)


def _next_id(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


@dataclass
class OrganizationSpec:
    oid: str
    name: str = "Организация"
    kind: str = "polyclinic"
    district: str = "Центральный"
    capabilities: list[str] = field(default_factory=list)


def add_organization(graph: Graph, spec: OrganizationSpec) -> str:
    graph.write_text(
        """
        MERGE (o:Organization {oid: $oid})
        SET o.name = $name, o.kind = $kind, o.district = $district
        MERGE (d:District {name: $district})
        MERGE (o)-[:IN_DISTRICT]->(d)
        WITH o
        UNWIND $capabilities AS code
        MERGE (c:Capability {code: code})
        MERGE (o)-[:CAN]->(c)
        """,
        oid=spec.oid, name=spec.name, kind=spec.kind, district=spec.district,
        capabilities=spec.capabilities,
    )
    return spec.oid


def add_patient(
    graph: Graph,
    patient_id: str | None = None,
    *,
    passport: bool = True,
    family: str = "Иванов",
    given: str = "Иван",
    patronymic: str = "Иванович",
    sex: str = "male",
    birth_date: date = date(1960, 5, 17),
    district: str = "Центральный",
    snils: str | None = "11223344595",
    deceased_on: date | None = None,
    passport_since: date | None = None,
    source: str = "test-mis",
) -> str:
    """A Patient with one PatientRecord from `source`; returns the patientId."""
    patient_id = patient_id or _next_id("patient")
    labels = ":Patient:Passport" if passport else ":Patient"
    graph.write_text(
        f"""
        MERGE (p{labels} {{patientId: $patientId}})
        SET p.family = $family, p.given = $given, p.patronymic = $patronymic,
            p.sex = $sex, p.birthDate = $birthDate, p.district = $district,
            p.snils = $snils, p.deceasedOn = $deceasedOn, p.passportSince = $passportSince
        MERGE (d:District {{name: $district}})
        MERGE (p)-[:LIVES_IN]->(d)
        MERGE (pr:Record:PatientRecord {{key: $source + '|Patient|' + $patientId}})
        SET pr.source = $source, pr.resourceType = 'Patient', pr.resourceId = $patientId,
            pr.kind = 'patient', pr.family = $family, pr.given = $given,
            pr.patronymic = $patronymic, pr.sex = $sex, pr.birthDate = $birthDate,
            pr.district = $district, pr.snils = $snils, pr.retracted = false,
            pr.placeholder = false
        MERGE (pr)-[:BELONGS_TO {{reason: 'local-id', score: 1.0}}]->(p)
        """,
        patientId=patient_id, family=family, given=given, patronymic=patronymic, sex=sex,
        birthDate=birth_date, district=district, snils=snils, deceasedOn=deceased_on,
        passportSince=passport_since, source=source,
    )
    return patient_id


def add_record(
    graph: Graph,
    patient_id: str,
    kind: str,
    on: date,
    *,
    at: str | None = None,
    referred_to: str | None = None,
    issued_by: str | None = None,
    source: str = "test-mis",
    resource_type: str = "Encounter",
    record_id: str | None = None,
    facts: dict[str, Any] | None = None,
    resource: dict[str, Any] | None = None,
) -> str:
    """A clinical Record of the patient (its first PatientRecord is the subject).

    `facts` are extra classifier properties (icd10, morphology, stage, t, n, m,
    verification, vimisDocType, careStage, oncoSign, activeDetection, encounterClass,
    emergency, endDate, text, codes ...). Returns the record key.
    """
    record_id = record_id or _next_id(kind)
    key = f"{source}|{resource_type}|{record_id}"
    properties = {
        "key": key, "source": source, "resourceType": resource_type, "resourceId": record_id,
        "versionId": "1", "status": "final", "retracted": False, "placeholder": False,
        "kind": kind, "date": on, "oncoSign": True,
        "resource": json.dumps(resource or {"resourceType": resource_type, "id": record_id}),
        **(facts or {}),
    }
    graph.write_text(
        """
        MATCH (p:Patient {patientId: $patientId})<-[:BELONGS_TO]-(pr:PatientRecord)
        WITH pr LIMIT 1
        CREATE (r:Record)
        SET r = $properties
        MERGE (r)-[:SUBJECT]->(pr)
        WITH r
        OPTIONAL MATCH (at:Organization {oid: $at})
        OPTIONAL MATCH (target:Organization {oid: $referredTo})
        OPTIONAL MATCH (issuer:Organization {oid: $issuedBy})
        FOREACH (_ IN CASE WHEN at IS NULL THEN [] ELSE [1] END | MERGE (r)-[:AT]->(at))
        FOREACH (_ IN CASE WHEN target IS NULL THEN [] ELSE [1] END |
          MERGE (r)-[:REFERRED_TO]->(target))
        FOREACH (_ IN CASE WHEN issuer IS NULL THEN [] ELSE [1] END |
          MERGE (r)-[:ISSUED_BY]->(issuer))
        """,
        patientId=patient_id, properties=properties, at=at, referredTo=referred_to,
        issuedBy=issued_by,
    )
    return key


def add_tumor(
    graph: Graph,
    patient_id: str,
    icd10: str,
    diagnosed_on: date,
    *,
    morphology: str | None = "8140/3",
    stage: str | None = "II",
    t: str | None = None,
    n: str | None = None,
    m: str | None = None,
    verification: str = "confirmed",
    clinical_group: str = "II",
    sequence: int = 1,
    active_detection: bool = False,
    record_keys: list[str] | None = None,
    morphologically_verified: bool | None = None,
) -> str:
    """A Tumor of the patient, CONCERNed by the given records; returns the tumorId.

    Unless told, a tumour with a morphology is morphologically verified (as if the
    pathology report that coded it were among its records)."""
    if morphologically_verified is None:
        morphologically_verified = morphology is not None
    tumor_id = f"{patient_id}|{icd10[:3]}|{sequence}"
    graph.write_text(
        """
        MATCH (p:Patient {patientId: $patientId})
        MERGE (t:Tumor {tumorId: $tumorId})
        SET t.icd10 = $icd10, t.site = left($icd10, 3), t.morphology = $morphology,
            t.behaviour = CASE WHEN $morphology IS NULL THEN null
                               ELSE right($morphology, 1) END,
            t.stage = $stage, t.t = $t, t.n = $n, t.m = $m, t.diagnosedOn = $diagnosedOn,
            t.verification = $verification, t.clinicalGroup = $clinicalGroup,
            t.sequence = $sequence, t.activeDetection = $activeDetection,
            t.morphologicallyVerified = $morphologicallyVerified
        MERGE (p)-[:HAS_TUMOR]->(t)
        WITH t
        UNWIND $recordKeys AS key
        MATCH (r:Record {key: key})
        MERGE (r)-[:CONCERNS]->(t)
        """,
        patientId=patient_id, tumorId=tumor_id, icd10=icd10, morphology=morphology,
        stage=stage, t=t, n=n, m=m, diagnosedOn=diagnosed_on, verification=verification,
        clinicalGroup=clinical_group, sequence=sequence, activeDetection=active_detection,
        recordKeys=record_keys or [], morphologicallyVerified=morphologically_verified,
    )
    return tumor_id
