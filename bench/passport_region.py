"""A passport region for the load benchmark, written by bulk `UNWIND` batches in the
documented graph shape (docs/graph-model.md): organisations, patients with a
PatientRecord, a care route of clinical records, a tumour and some pathway nodes.

This is setup, not ingest: it skips FHIR parsing and identity linking so that a region of
100 000 passports exists in minutes. The shape (labels, keys, edges, properties) is what
the ingest and pathway areas write, so the passport queries run as they do in production.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from graph.database import Graph, batched

DISTRICTS = [f"Район {n}" for n in range(1, 13)]
SITES = ["C50.4", "C18.2", "C34.1", "C61", "C44.3", "C43.5", "C16.2", "C64", "C53.9", "C20"]
ROUTE = [  # (kind, organisation role, day offset, care stage)
    ("referral", "polyclinic", 0, "suspicion"),
    ("consultation", "caop", 3, "diagnostics"),
    ("laboratory", "caop", 5, "diagnostics"),
    ("instrumental", "caop", 7, "diagnostics"),
    ("pathology", "dispensary", 14, "diagnosis"),
    ("diagnosis", "dispensary", 15, "diagnosis"),
    ("tumor-board", "dispensary", 20, "treatment"),
    ("surgery", "dispensary", 26, "treatment"),
    ("dispensary-observation", "dispensary", 40, "dispensary"),
]

_ORGANIZATIONS = """
UNWIND $rows AS row
MERGE (d:District {name: row.district})
MERGE (o:Organization {oid: row.oid})
SET o.name = row.name, o.kind = row.kind, o.district = row.district
MERGE (o)-[:IN_DISTRICT]->(d)
"""

# CREATE, not MERGE: the bench region is written once into its own database, in
# resumable batches (build_region starts after the patients already present).
_PATIENTS = """
UNWIND $rows AS row
MATCH (d:District {name: row.district})
CREATE (p:Patient:Passport {patientId: row.patientId, family: row.family, given: row.given,
        patronymic: row.patronymic, sex: row.sex, birthDate: row.birthDate,
        district: row.district, snils: row.snils, passportSince: row.since})
CREATE (pr:Record:PatientRecord {key: 'bench-mis|Patient|' + row.patientId,
        source: 'bench-mis', resourceType: 'Patient', resourceId: row.patientId,
        kind: 'patient', family: row.family, given: row.given, birthDate: row.birthDate,
        snils: row.snils, retracted: false, placeholder: false})
CREATE (pr)-[:BELONGS_TO {reason: 'snils', score: 1.0}]->(p)
CREATE (p)-[:LIVES_IN]->(d)
CREATE (p)-[:HAS_TUMOR]->(t:Tumor {tumorId: row.patientId + '|' + left(row.icd10, 3) + '|1',
        icd10: row.icd10, site: left(row.icd10, 3), morphology: '8140/3', behaviour: '3',
        stage: row.stage, t: 'T2', n: 'N0', m: 'M0', diagnosedOn: row.diagnosedOn,
        verification: 'confirmed', clinicalGroup: 'II', sequence: 1})
WITH pr, t, row
UNWIND row.records AS record
MATCH (o:Organization {oid: record.at})
CREATE (r:Record {key: record.key, source: 'bench-mis', resourceType: record.resourceType,
        resourceId: record.resourceId, kind: record.kind, date: record.date,
        careStage: record.careStage, icd10: row.icd10, retracted: false, placeholder: false,
        oncoSign: true, status: 'final', resource: record.resource})
CREATE (r)-[:SUBJECT]->(pr)
CREATE (r)-[:CONCERNS]->(t)
CREATE (r)-[:AT]->(o)
"""

_REFERRALS = """
UNWIND $rows AS row
MATCH (r:Record {key: row.key})
MATCH (o:Organization {oid: row.target})
CREATE (r)-[:REFERRED_TO]->(o)
"""

_DERIVED = """
UNWIND $rows AS row
MATCH (p:Patient:Passport {patientId: row.patientId})
CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: row.patientId + '|D4', rule: 'D4',
        state: row.state, startedOn: row.startedOn, dueOn: row.dueOn, daysOver: row.daysOver})
FOREACH (_ IN CASE WHEN row.gap THEN [1] ELSE [] END |
  CREATE (p)-[:HAS_GAP]->(:Gap {gapId: row.patientId + '|stalled', kind: 'stalled-pathway',
          since: row.startedOn, overdueDays: row.daysOver}))
"""


def organizations() -> list[dict[str, Any]]:
    rows = []
    for index, district in enumerate(DISTRICTS):
        rows.append({"oid": f"bench.poly.{index}", "name": f"Поликлиника {index}",
                     "kind": "polyclinic", "district": district})
        rows.append({"oid": f"bench.caop.{index // 3}", "name": f"ЦАОП {index // 3}",
                     "kind": "caop", "district": district})
    rows.append({"oid": "bench.dispensary", "name": "Областной онкодиспансер",
                 "kind": "oncology-dispensary", "district": DISTRICTS[0]})
    return rows


def organization_of(patient_index: int, role: str) -> str:
    district = patient_index % len(DISTRICTS)
    return {"polyclinic": f"bench.poly.{district}", "caop": f"bench.caop.{district // 3}",
            "dispensary": "bench.dispensary"}[role]


def district_of(patient_index: int) -> str:
    return DISTRICTS[patient_index % len(DISTRICTS)]


def patient_id(index: int) -> str:
    return f"bench-{index:06d}"


def _patient_row(index: int, rng: random.Random) -> dict[str, Any]:
    pid = patient_id(index)
    start = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
    records = []
    for step, (kind, role, offset, stage) in enumerate(ROUTE):
        record_id = f"{pid}-{step}"
        resource_type = {"referral": "ServiceRequest", "diagnosis": "Condition",
                         "pathology": "DiagnosticReport", "laboratory": "DiagnosticReport",
                         "instrumental": "DiagnosticReport", "surgery": "Procedure",
                         "tumor-board": "DocumentReference",
                         "dispensary-observation": "EpisodeOfCare"}.get(kind, "Encounter")
        records.append({
            "key": f"bench-mis|{resource_type}|{record_id}", "resourceType": resource_type,
            "resourceId": record_id, "kind": kind, "careStage": stage,
            "date": start + timedelta(days=offset), "at": organization_of(index, role),
            "resource": f'{{"resourceType": "{resource_type}", "id": "{record_id}"}}',
        })
    return {
        "patientId": pid, "family": rng.choice(["Иванов", "Петров", "Смирнов", "Кузнецов"]),
        "given": rng.choice(["Иван", "Пётр", "Сергей"]), "patronymic": "Иванович",
        "sex": "male", "birthDate": date(1940, 1, 1) + timedelta(days=rng.randrange(15000)),
        "district": district_of(index), "snils": f"{index:09d}00", "since": start,
        "icd10": SITES[index % len(SITES)], "stage": rng.choice(["I", "II", "III", "IV"]),
        "diagnosedOn": start + timedelta(days=15), "records": records,
    }


def build_region(graph: Graph, patients: int, *, batch: int = 2000,
                 progress: Callable[[int], None] | None = None) -> None:
    """Write patients [already present, patients) in batches of one transaction each."""
    _write(graph, _ORGANIZATIONS, organizations())
    for chunk in batched(range(count_passports(graph), patients), batch):
        rows = [_patient_row(index, random.Random(index)) for index in chunk]
        _write(graph, _PATIENTS, rows)
        _write(graph, _REFERRALS, [
            {"key": row["records"][0]["key"], "target": organization_of(index, "caop")}
            for index, row in zip(chunk, rows, strict=True)])
        _write(graph, _DERIVED, [
            {"patientId": row["patientId"], "state": "missed" if index % 7 == 0 else "met",
             "startedOn": row["diagnosedOn"], "dueOn": row["diagnosedOn"] + timedelta(days=9),
             "daysOver": 3 if index % 7 == 0 else 0, "gap": index % 7 == 0}
            for index, row in zip(chunk, rows, strict=True)])
        if progress:
            progress(len(chunk))


def _write(graph: Graph, text: str, rows: list[dict[str, Any]]) -> None:
    graph.execute_write(lambda tx: tx.run(text, {"rows": rows}).consume())


def count_passports(graph: Graph) -> int:
    return int(graph.read_text("MATCH (p:Passport) RETURN count(p) AS n")[0]["n"])
