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


def _report(*results: dict[str, Any], refs: list[str] | None = None) -> dict[str, Any]:
    """A lab report carrying its results as contained Observations (as synth writes them)."""
    contained = [{"resourceType": "Observation", "id": f"r{n}", "status": "final", **result}
                 for n, result in enumerate(results, start=1)]
    return {"resourceType": "DiagnosticReport", "id": "dr-1", "status": "final",
            "category": [{"coding": [{"system": f.V2_0074, "code": "LAB"}]}],
            "code": {"coding": [{"system": f.LOINC, "code": "58410-2",
                                 "display": "Общий (клинический) анализ крови"}]},
            "subject": {"reference": "Patient/p1"}, "issued": "2025-02-01T16:00:00+03:00",
            "contained": contained,
            "result": [{"reference": ref} for ref in
                       (refs if refs is not None else [f"#{c['id']}" for c in contained])]}


def _analyte(name: str, value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"code": {"coding": [{"system": f.LOINC, "code": "0-0", "display": name}]},
            "valueQuantity": {"value": value, "unit": unit,
                              "system": "http://unitsofmeasure.org", "code": ucum}}


def test_a_report_keeps_the_results_it_contains() -> None:
    facts = classify(_report(_analyte("Гемоглобин", 132, "г/л", "g/L"),
                             _analyte("СОЭ", 7, "мм/ч", "mm/h")), "lab", {}).props
    assert (facts["kind"], facts["text"]) == ("laboratory", "Общий (клинический) анализ крови")
    assert facts["value"] == "Гемоглобин 132 г/л; СОЭ 7 мм/ч"
    single = classify(_report(_analyte("РЭА", 3.2, "нг/мл", "ng/mL")), "lab", {}).props
    assert single["value"] == "3.2 нг/мл"  # one result: the report's name says what it is


def test_a_report_reads_only_the_contained_results_it_names() -> None:
    # a result sent as a record of its own is that record's value, not the report's
    elsewhere = _report(_analyte("Гемоглобин", 132, "г/л", "g/L"),
                        refs=["Observation/obs-7", "#missing"])
    facts = classify(elsewhere, "lab", {})
    assert "value" not in facts.props
    assert [name for name, _ in facts.references] == ["result"]  # the outside one is linked
    assert "value" not in classify(_report(), "lab", {}).props
