"""The mCODE IG's example patients (hl7.fhir.us.mcode 4.0.0) become the right passports.

Expected values: tests/data/mcode/README.md (from the package's own examples).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.database import Graph
from ingest.pipeline import Ingestor
from onkopassport.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "mcode" / "examples"

EXPECTED = {
    # patient id: (ICD-10, morphology, stage group text)
    "cancer-patient-jenny-m": ("C50.9", "8500/3", "IIB"),
    "cancer-patient-john-anyperson": ("C34.9", "8140/3", "IIIC"),
    "cancer-patient-adam-everyman": ("C91.1", None, None),
    "cancer-patient-brian-l": ("C91.0", None, None),
}


@pytest.fixture
def mcode_graph(graph: Graph, settings: Settings) -> Graph:
    summary = Ingestor(graph, settings).ingest_paths([EXAMPLES], source="mcode")
    assert summary.quarantined == 0, "every example is valid FHIR R4"
    assert summary.reconciles()
    return graph


def _tumours(graph: Graph, patient_resource_id: str) -> list[dict[str, object]]:
    return graph.read_text("""
        MATCH (pr:PatientRecord {resourceId: $id})-[:BELONGS_TO]->(p:Passport)-[:HAS_TUMOR]->(t)
        RETURN t.icd10 AS icd10, t.morphology AS morphology, t.stage AS stage
        ORDER BY t.sequence""", id=patient_resource_id)


@pytest.mark.parametrize("patient_id", sorted(EXPECTED))
def test_example_patient_has_its_primary_cancer(mcode_graph: Graph, patient_id: str) -> None:
    icd10, morphology, stage = EXPECTED[patient_id]
    tumours = _tumours(mcode_graph, patient_id)
    assert tumours, f"{patient_id} has no passport tumour"
    primary = tumours[0]
    assert primary["icd10"] == icd10
    if morphology:
        assert primary["morphology"] == morphology
    if stage:
        assert primary["stage"] == stage


def test_people_are_kept_apart_despite_shared_local_ids(mcode_graph: Graph) -> None:
    people = mcode_graph.read_text(
        "MATCH (pr:PatientRecord {placeholder: false})-[:BELONGS_TO]->(p:Patient) "
        "RETURN count(DISTINCT p) AS people, count(pr) AS records")[0]
    assert people["people"] == people["records"] == 7


def test_child_without_cancer_has_no_passport(mcode_graph: Graph) -> None:
    rows = mcode_graph.read_text(
        "MATCH (:PatientRecord {resourceId: 'cancer-patient-lucy-child'})-[:BELONGS_TO]->(p) "
        "RETURN p:Passport AS passport")
    assert rows == [{"passport": False}]


def test_records_without_a_patient_are_still_stored(mcode_graph: Graph) -> None:
    kinds = {r["type"] for r in mcode_graph.read_text(
        "MATCH (r:Record {placeholder: false}) WHERE NOT (r)-[:SUBJECT]->() "
        "RETURN DISTINCT r.resourceType AS type")}
    assert {"Practitioner", "Organization"} <= kinds
