"""What a record found, kept as a fact for the passport to show: a test's result, a drug
named by a Medication reference."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.classify import classify
from tests import fhir_factories as f


def _test(value: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": "lab-1", "status": "final",
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2025-02-01",
            "code": {"coding": [{"system": f.LOINC, "code": "718-7", "display": "Гемоглобин"}]},
            **value}


@pytest.mark.parametrize(("value", "expected"), [
    ({"valueQuantity": {"value": 118, "unit": "г/л"}}, "118 г/л"),
    ({"valueQuantity": {"value": 0.5, "comparator": "<", "code": "ng/mL"}}, "< 0.5 ng/mL"),
    ({"valueInteger": 3}, "3"),
    ({"valueString": " отрицательный "}, "отрицательный"),
    ({"valueCodeableConcept": {"text": "положительный"}}, "положительный"),
])
def test_a_laboratory_observation_keeps_its_result(value: dict[str, Any], expected: str) -> None:
    facts = classify(_test(value), "lab", {}).props
    assert facts["kind"] == "laboratory"
    assert facts["text"] == "Гемоглобин"
    assert facts["value"] == expected


def test_an_observation_without_a_result_has_no_value_fact() -> None:
    assert "value" not in classify(_test({}), "lab", {}).props
    assert "value" not in classify(_test({"valueString": "  "}), "lab", {}).props


def test_a_drug_named_by_a_medication_reference_is_the_records_text() -> None:
    request = {"resourceType": "MedicationRequest", "id": "m1", "status": "active",
               "intent": "order", "subject": {"reference": "Patient/p1"},
               "authoredOn": "2025-03-01",
               "medicationReference": {"reference": "Medication/cis", "display": "Цисплатин"}}
    facts = classify(request, "onco", {}).props
    assert (facts["kind"], facts["text"]) == ("drug-therapy", "Цисплатин")
