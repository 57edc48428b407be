"""Care that did not take place (planned, cancelled, not done) is kept, but is no step of
care: no trigger, no VIMIS document, no date on the route."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.classify import classify
from tests import fhir_factories as f


def _surgery(status: str) -> dict[str, Any]:
    return {"resourceType": "Procedure", "id": "s1", "status": status,
            "subject": {"reference": "Patient/p1"},
            "category": {"coding": [{"system": f.SNOMED, "code": "387713003"}]},
            "reasonCode": [{"coding": [{"system": f.ICD10, "code": "C50.4"}]}],
            "performedDateTime": "2025-02-12"}


def _consultation(status: str) -> dict[str, Any]:
    encounter = f.encounter("e1", "Patient/p1", start="2025-02-10")
    encounter["status"] = status
    encounter["reasonCode"] = [{"coding": [{"system": f.ICD10, "code": "C50.4"}]}]
    return encounter


def _chemotherapy(status: str) -> dict[str, Any]:
    request = f.chemotherapy("m1", "Patient/p1", "Condition/c1")
    request["status"] = status
    return request


@pytest.mark.parametrize("resource", [
    _consultation("planned"), _consultation("cancelled"), _surgery("not-done"),
    _surgery("preparation"), _chemotherapy("cancelled"),
], ids=["planned visit", "cancelled visit", "surgery not done", "surgery in preparation",
        "cancelled prescription"])
def test_care_that_did_not_happen_is_kept_as_no_step_of_care(resource: dict[str, Any]) -> None:
    props = classify(resource, "s", {}).props
    assert props["kind"] == "other" and props["notPerformed"] is True
    assert "date" not in props and props["plannedOn"] is not None
    assert props["vimisDocType"] is None and props["careStage"] is None
    assert props["oncoSign"] is False
    assert props["status"] == resource["status"]


@pytest.mark.parametrize(("resource", "kind"), [
    (_consultation("finished"), "consultation"), (_consultation("in-progress"), "consultation"),
    (_surgery("completed"), "surgery"), (_surgery("stopped"), "surgery"),
    (_surgery("on-hold"), "surgery"), (_chemotherapy("active"), "drug-therapy"),
], ids=["finished visit", "visit in progress", "completed surgery",
        "surgery begun and stopped", "surgery on hold", "active prescription"])
def test_care_that_took_place_keeps_its_kind_and_date(resource: dict[str, Any],
                                                     kind: str) -> None:
    props = classify(resource, "s", {}).props
    assert props["kind"] == kind and props["date"] is not None and "notPerformed" not in props


def test_a_cancelled_admission_for_a_refusal_is_still_the_refusal() -> None:
    refusal = f.encounter("e2", "Patient/p1", klass="IMP")
    refusal["status"] = "cancelled"
    refusal["reasonCode"] = [{"coding": [{"system": f.SNOMED, "code": "105480006"}]}]
    props = classify(refusal, "s", {}).props
    assert props["kind"] == "hospitalization-refusal" and props["date"] is not None
