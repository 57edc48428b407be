"""The fast validator accepts valid R4 that merely looks like what it checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.prepare import iterate_items, prepare_batch
from ingest.validate import validate_fast, validate_strict

GOOD_AND_BAD = Path(__file__).parents[2] / "data" / "ingest" / "good_and_bad.ndjson"

CONSENT = {
    "resourceType": "Consent", "id": "ids1", "status": "active",
    "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                          "code": "treatment"}]},
    "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
    "patient": {"reference": "Patient/p1"},
    "provision": {"type": "permit",
                  "data": [{"meaning": "related", "reference": {"reference": "Encounter/e1"}}]},
}
MOLECULAR_SEQUENCE = {
    "resourceType": "MolecularSequence", "id": "ms1", "coordinateSystem": 0,
    "variant": [{"start": 41197694, "end": 41197695, "observedAllele": "T",
                 "referenceAllele": "C"}],
}
GRAPH_DEFINITION = {"resourceType": "GraphDefinition", "id": "g1", "name": "PatientRecords",
                    "status": "active", "start": "Patient"}


@pytest.mark.parametrize("resource", [CONSENT, MOLECULAR_SEQUENCE, GRAPH_DEFINITION],
                         ids=["Consent data reference", "MolecularSequence positions",
                              "GraphDefinition start"])
def test_valid_r4_passes_both_paths(resource: dict) -> None:
    assert validate_strict(resource) is None
    assert validate_fast(resource) is None


@pytest.mark.parametrize("resource", [
    {"resourceType": "Condition", "id": "c", "subject": {"reference": {"reference": "P/1"}}},
    {"resourceType": "Condition", "id": "c", "subject": {"reference": 7}},
    {**CONSENT, "provision": {"type": "permit", "data": [{"meaning": "related",
                                                          "reference": 7}]}},
    {"resourceType": "Encounter", "id": "e", "status": "finished",
     "class": {"code": "AMB"}, "period": {"start": 20250101}},
    {**MOLECULAR_SEQUENCE, "variant": [{"start": "2025-02-30"}]},
], ids=["object as a Reference's string", "number as a Reference's string",
        "number as Consent's Reference", "number as a Period's start",
        "impossible date in MolecularSequence"])
def test_what_r4_refuses_is_still_refused_by_both_paths(resource: dict) -> None:
    assert validate_fast(resource) is not None
    assert validate_strict(resource) is not None


def test_the_bad_input_file_still_quarantines_its_bad_lines_and_only_those() -> None:
    batch = prepare_batch(list(iterate_items([GOOD_AND_BAD])), validate_fast)
    assert sorted(int(q.location.rsplit(":", 1)[1]) for q in batch.quarantined) == \
        [4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15]
    assert len(batch.records) == 4
