"""The clinician's passport does not contradict itself: the diagnosis's status is not its
morphological verification, a dead patient has no next step, and an earlier cancer's
studies do not count for a later one."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from domain.basis import basis_of_records, is_microscopic
from graph.database import Graph
from onkopassport.settings import Settings
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.passport.conftest import PRINCIPALS, bearer, graphql

QUERY = """
query($id: ID!, $asOf: Date) {
  passport(patientId: $id, asOf: $asOf) {
    ... on Passport {
      tumors { icd10 verification morphologicallyVerified basisLabelRu }
      recommendations { icd10 done { recommendationId doneOn }
                        missing { recommendationId } nextSteps { titleRu } }
    }
  }
}
"""


def _passport(client: TestClient, settings: Settings, patient: str, role: str = "admin",
              as_of: str = "2024-09-01") -> dict[str, Any]:
    body = graphql(client, QUERY, bearer(settings, PRINCIPALS[role]), id=patient,
                   asOf=as_of).json()
    assert "errors" not in body, body
    passport: dict[str, Any] = body["data"]["passport"]
    return passport


def _colon_cancer_without_histology(graph: Graph, deceased_on: date | None) -> str:
    patient = add_patient(graph, deceased_on=deceased_on)
    diagnosis = add_record(graph, patient, "diagnosis", date(2024, 6, 28),
                           resource_type="Condition",
                           facts={"icd10": "C18.0", "verification": "confirmed"})
    add_tumor(graph, patient, "C18.0", date(2024, 6, 28), morphology=None, stage=None,
              record_keys=[diagnosis])
    graph.write_text("MATCH (t:Tumor {tumorId: $id}) SET t.basis = 1",
                     id=f"{patient}|C18|1")
    return patient


def test_diagnosis_status_and_morphological_verification_are_two_fields(
        graph: Graph, client: TestClient, settings: Settings) -> None:
    patient = _colon_cancer_without_histology(graph, deceased_on=None)
    [tumor] = _passport(client, settings, patient)["tumors"]
    assert tumor == {"icd10": "C18.0", "verification": "confirmed",
                     "morphologicallyVerified": False, "basisLabelRu": "Клинически"}


def test_a_dead_patient_gets_no_next_step(graph: Graph, client: TestClient,
                                          settings: Settings) -> None:
    alive = _colon_cancer_without_histology(graph, deceased_on=None)
    dead = _colon_cancer_without_histology(graph, deceased_on=date(2024, 8, 25))
    assert _passport(client, settings, alive)["recommendations"][0]["nextSteps"]
    for role in ("admin", "analyst"):  # analysts know the year of death only
        [dead_recs] = _passport(client, settings, dead, role)["recommendations"]
        assert dead_recs["nextSteps"] == []
        assert "dispensary" in {item["recommendationId"] for item in dead_recs["missing"]}


def test_an_earlier_cancers_studies_do_not_count(graph: Graph, client: TestClient,
                                                 settings: Settings) -> None:
    patient = add_patient(graph)
    skin = add_record(graph, patient, "diagnosis", date(2022, 7, 20),
                      resource_type="Condition", facts={"icd10": "C44.3"})
    # records of no tumour: the skin cancer's chest CT and a CEA test
    add_record(graph, patient, "instrumental", date(2022, 8, 4),
               facts={"text": "КТ органов грудной клетки"})
    add_record(graph, patient, "laboratory", date(2022, 8, 1), facts={"text": "РЭА 2,1"})
    suspicion = add_record(graph, patient, "referral", date(2022, 11, 6),
                           resource_type="ServiceRequest", facts={"icd10": "C18.0"})
    add_record(graph, patient, "laboratory", date(2022, 11, 9), facts={"text": "РЭА 9,8"})
    add_tumor(graph, patient, "C44.3", date(2022, 7, 20), record_keys=[skin])
    add_tumor(graph, patient, "C18.0", date(2022, 11, 20), morphology=None, sequence=2,
              record_keys=[suspicion])
    recs = {r["icd10"]: r for r in _passport(client, settings, patient,
                                               as_of="2022-11-21")["recommendations"]}
    colon = recs["C18.0"]
    assert "colon:ct-staging" in {item["recommendationId"] for item in colon["missing"]}
    assert {item["recommendationId"]: item["doneOn"] for item in colon["done"]}[
        "colon:cea"] == "2022-11-09"


def test_a_benign_biopsy_verifies_neither_the_column_nor_the_item(
        graph: Graph, client: TestClient, settings: Settings) -> None:
    patient = add_patient(graph)
    facts = [("diagnosis", date(2024, 6, 20), {"icd10": "C50.4", "verification": "confirmed"},
              "Condition"),
             ("pathology", date(2024, 6, 25), {"morphology": "9010/0",  # fibroadenoma
                                               "text": "Трепанобиопсия: фиброаденома"},
              "DiagnosticReport")]
    keys = [add_record(graph, patient, kind, on, resource_type=rtype, facts=props)
            for kind, on, props, rtype in facts]
    # the tumour as ingest makes it (domain/basis.py over its records)
    basis = basis_of_records({"kind": kind, **props} for kind, _, props, _ in facts)
    add_tumor(graph, patient, "C50.4", date(2024, 6, 20), morphology=None,
              morphologically_verified=is_microscopic(basis), record_keys=keys)
    graph.write_text("MATCH (t:Tumor {tumorId: $id}) SET t.basis = $basis",
                     id=f"{patient}|C50|1", basis=basis)
    passport = _passport(client, settings, patient)
    [tumor] = passport["tumors"]
    assert tumor["morphologicallyVerified"] is False
    [recs] = passport["recommendations"]
    assert "histology" in {item["recommendationId"] for item in recs["missing"]}


def test_a_code_only_ct_stages_a_colon_cancer(graph: Graph, client: TestClient,
                                              settings: Settings) -> None:
    patient = add_patient(graph)
    diagnosis = add_record(graph, patient, "diagnosis", date(2024, 6, 28),
                           resource_type="Condition",
                           facts={"icd10": "C18.0", "verification": "confirmed"})
    # LOINC 42275-8 «CT Chest and Abdomen W contrast IV», no text
    ct = add_record(graph, patient, "instrumental", date(2024, 7, 2),
                    resource_type="DiagnosticReport", facts={"codes": ["42275-8"]})
    add_tumor(graph, patient, "C18.0", date(2024, 6, 28), record_keys=[diagnosis, ct])
    [recs] = _passport(client, settings, patient)["recommendations"]
    done = {item["recommendationId"]: item["doneOn"] for item in recs["done"]}
    assert done["colon:ct-staging"] == "2024-07-02"
