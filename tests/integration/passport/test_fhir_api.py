"""The FHIR API: CapabilityStatement, Patient/$everything as a valid R4 Bundle with the
mCODE primary cancer and its stage, errors as OperationOutcome."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome

from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.passport.conftest import PRINCIPALS, bearer, build_region


def validate_bundle(body: dict[str, Any]) -> Bundle:
    bundle = Bundle.model_validate(body)
    for entry in body["entry"]:  # each resource against its own R4B model
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return bundle


def test_metadata_is_a_valid_capability_statement(client: TestClient) -> None:
    response = client.get("/fhir/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    statement = CapabilityStatement.model_validate(response.json())
    operations = [op.name for op in statement.rest[0].resource[0].operation]
    assert operations == ["everything"]
    security = statement.rest[0].security.description
    assert "role sender" in security and "may only POST /fhir" in security
    assert "its own quarantined input" in security


def test_everything_returns_the_records_and_the_primary_cancer(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    response = client.get("/fhir/Patient/north-1/$everything",
                          headers=bearer(settings, PRINCIPALS["clinician-polyclinic"]))
    assert response.status_code == 200, response.text
    body = response.json()
    bundle = validate_bundle(body)
    matches = [e for e in body["entry"] if e["search"]["mode"] == "match"]
    # the passport's own resources are the matches; the stored records are included
    assert bundle.type == "searchset" and bundle.total == len(matches) == 6
    assert body["link"][0]["relation"] == "self"
    assert body["link"][0]["url"].endswith("/fhir/Patient/north-1/$everything")
    resources = [entry["resource"] for entry in body["entry"]]
    kinds = sorted(r["resourceType"] for r in resources)
    # Patient + PrimaryCancerCondition + 4 stage Observations + 5 stored records.
    assert kinds == ["Condition", "Condition", "DiagnosticReport", "Encounter", "Observation",
                     "Observation", "Observation", "Observation", "Patient", "ServiceRequest",
                     "ServiceRequest"]
    primary = next(r for r in resources if r["resourceType"] == "Condition"
                   and "mcode-primary-cancer-condition" in str(r.get("meta")))
    assert primary["code"]["coding"][0]["code"] == "C50.4"
    assert primary["code"]["coding"][0]["display"]  # Russian ICD-10 name
    assert primary["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "8500/3"
    primary_url = next(e["fullUrl"] for e in body["entry"] if e["resource"] is primary
                       or e["resource"] == primary)
    stages = {r["code"]["coding"][0]["code"]: r["valueCodeableConcept"]["text"]
              for r in resources if r["resourceType"] == "Observation"}
    assert stages == {"21908-9": "IIA", "21905-5": "T2", "21906-3": "N0", "21907-1": "M0"}
    assert all(r["focus"][0]["reference"] == primary_url
               for r in resources if r["resourceType"] == "Observation")
    stored = next(r for r in resources if r["resourceType"] == "DiagnosticReport")
    assert stored["conclusion"] == "Инвазивная протоковая карцинома"
    assert stored["meta"]["source"] == "polyclinic-mis"


def test_errors_are_operation_outcomes(graph: Graph, client: TestClient,
                                       settings: Settings) -> None:
    build_region(graph)
    cases = [
        (None, "north-1", 401, "login"),
        (PRINCIPALS["analyst"], "north-1", 403, "forbidden"),
        (PRINCIPALS["clinician-south"], "north-1", 404, "not-found"),
        (PRINCIPALS["admin"], "nobody", 404, "not-found"),
    ]
    for principal, patient_id, status, code in cases:
        headers = bearer(settings, principal) if principal else {}
        response = client.get(f"/fhir/Patient/{patient_id}/$everything", headers=headers)
        assert response.status_code == status
        outcome = OperationOutcome.model_validate(response.json())
        assert outcome.issue[0].code == code


def test_a_death_known_to_its_month_is_exported_as_that_month(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    """The MIS sent «2026-04» and no certificate gave the day: the export says the month,
    not 1 April, and the passport says how much is known."""
    build_region(graph)
    graph.write_text("MATCH (p:Patient {patientId: 'north-1'}) "
                     "SET p.deceasedOn = date('2026-04-01'), p.deceasedPrecision = 'month'")
    headers = bearer(settings, PRINCIPALS["clinician-polyclinic"])
    body = client.get("/fhir/Patient/north-1/$everything", headers=headers).json()
    validate_bundle(body)
    [patient] = [e["resource"] for e in body["entry"]
                 if e["resource"]["resourceType"] == "Patient"]
    assert patient["deceasedDateTime"] == "2026-04"
    shown = client.post("/graphql", headers=headers, json={"query": """{ passport(patientId:
        "north-1") { ... on Passport { patient { deceasedOn deceasedPrecision } } } }"""})
    assert shown.json()["data"]["passport"]["patient"] == {
        "deceasedOn": "2026-04-01", "deceasedPrecision": "month"}
