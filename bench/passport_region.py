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

_PATIENTS = """
UNWIND $rows AS row
MERGE (p:Patient:Passport {patientId: row.patientId})
SET p.family = row.family, p.given = row.given, p.patronymic = row.patronymic,
    p.sex = row.sex, p.birthDate = row.birthDate, p.district = row.district,
    p.snils = row.snils, p.passportSince = row.since
MERGE (pr:Record:PatientRecord {key: 'bench-mis|Patient|' + row.patientId})
SET pr.source = 'bench-mis', pr.resourceType = 'Patient', pr.resourceId = row.patientId,
    pr.kind = 'patient', pr.family = row.family, pr.given = row.given,
    pr.birthDate = row.birthDate, pr.snils = row.snils, pr.retracted = false,
    pr.placeholder = false
MERGE (pr)-[:BELONGS_TO {reason: 'snils', score: 1.0}]->(p)
WITH p, pr, row
MATCH (d:District {name: row.district})
MERGE (p)-[:LIVES_IN]->(d)
MERGE (t:Tumor {tumorId: row.patientId + '|' + left(row.icd10, 3) + '|1'})
SET t.icd10 = row.icd10, t.site = left(row.icd10, 3), t.morphology = '8140/3',
    t.behaviour = '3', t.stage = row.stage, t.t = 'T2', t.n = 'N0', t.m = 'M0',
    t.diagnosedOn = row.diagnosedOn, t.verification = 'confirmed', t.clinicalGroup = 'II',
    t.sequence = 1
MERGE (p)-[:HAS_TUMOR]->(t)
WITH p, pr, row, t
UNWIND row.records AS record
MERGE (r:Record {key: record.key})
SET r.source = 'bench-mis', r.resourceType = record.resourceType,
    r.resourceId = record.resourceId, r.kind = record.kind, r.date = record.date,
    r.careStage = record.careStage, r.icd10 = row.icd10, r.retracted = false,
    r.placeholder = false, r.oncoSign = true, r.status = 'final', r.resource = record.resource
MERGE (r)-[:SUBJECT]->(pr)
MERGE (r)-[:CONCERNS]->(t)
WITH r, record
MATCH (o:Organization {oid: record.at})
MERGE (r)-[:AT]->(o)
"""

_REFERRALS = """
UNWIND $rows AS row
MATCH (r:Record {key: row.key}), (o:Organization {oid: row.target})
MERGE (r)-[:REFERRED_TO]->(o)
"""

_DERIVED = """
UNWIND $rows AS row
MATCH (p:Passport {patientId: row.patientId})
MERGE (d:Deadline {deadlineId: row.patientId + '|D4'})
SET d.rule = 'D4', d.state = row.state, d.startedOn = row.startedOn, d.dueOn = row.dueOn,
    d.daysOver = row.daysOver
MERGE (p)-[:HAS_DEADLINE]->(d)
FOREACH (_ IN CASE WHEN row.gap THEN [1] ELSE [] END |
  MERGE (g:Gap {gapId: row.patientId + '|stalled'})
  SET g.kind = 'stalled-pathway', g.since = row.startedOn, g.overdueDays = row.daysOver
  MERGE (p)-[:HAS_GAP]->(g))
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


def build_region(graph: Graph, patients: int, *, batch: int = 1000, seed: int = 11,
                 progress: Callable[[int], None] | None = None) -> None:
    rng = random.Random(seed)
    _write(graph, _ORGANIZATIONS, organizations())
    for chunk in batched(range(patients), batch):
        rows = [_patient_row(index, rng) for index in chunk]
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
