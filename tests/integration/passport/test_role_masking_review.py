"""Review of the role masks: a coordinator sees the last digits of a СНИЛС wherever it
appears ($everything's Patient and raw records, route.resourceJson); analysts get the year
of death only, over GraphQL as over /analyst/patients."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.passport.conftest import (
    PRINCIPALS,
    bearer,
    build_region,
    graphql,
    sample,
)

SNILS_SYSTEM = "urn:oid:1.2.643.100.3"
MASKED = "***-***-445 95"  # north-1: 112-233-445 95


def _with_snils_in_raw_records(graph: Graph) -> None:
    """The Patient resource as the MIS sent it, and an encounter whose subject is named by
    СНИЛС (a reference by identifier), both stored raw."""
    graph.write_text("MATCH (pr:PatientRecord {key: 'polyclinic-mis|Patient|north-1'}) "
                     "SET pr.resource = $resource",
                     resource=json.dumps(sample("patient.json"), ensure_ascii=False))
    encounter = {**sample("consultation.json"), "subject": {
        "identifier": {"system": SNILS_SYSTEM, "value": "11223344595"}}}
    graph.write_text("MATCH (r:Record {key: 'polyclinic-mis|Encounter|enc-1'}) "
                     "SET r.resource = $resource", resource=json.dumps(encounter))


def _snils_values(node: Any) -> list[str]:
    if isinstance(node, list):
        return [value for item in node for value in _snils_values(item)]
    if isinstance(node, dict):
        own = [node["value"]] if node.get("system") == SNILS_SYSTEM else []
        return own + [value for key, item in node.items() for value in _snils_values(item)]
    return []


def test_everything_masks_snils_for_coordinators(graph: Graph, client: TestClient,
                                                 settings: Settings) -> None:
    build_region(graph)
    _with_snils_in_raw_records(graph)

    def everything(who: str) -> dict[str, Any]:
        response = client.get("/fhir/Patient/north-1/$everything",
                              headers=bearer(settings, PRINCIPALS[who]))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    coordinator = everything("coordinator-north")
    assert sorted(set(_snils_values(coordinator))) == [MASKED]
    assert len(_snils_values(coordinator)) == 3  # built Patient, raw Patient, the reference
    assert "11223344595" not in json.dumps(coordinator)
    assert "112-233-445 95" not in json.dumps(coordinator, ensure_ascii=False)
    raw_patient = next(e["resource"] for e in coordinator["entry"]
                       if e["resource"].get("id") == "mis-77")
    assert raw_patient["meta"]["security"][0]["code"] == "REDACTED"
    # the treating clinician and the admin still see the number as stored
    for who in ("clinician-polyclinic", "admin"):
        assert set(_snils_values(everything(who))) >= {"11223344595", "112-233-445 95"}


RESOURCES = """query { passport(patientId: "north-1") { ... on Passport {
  patient { snils } route { recordKey resourceJson } } } }"""


def test_route_resource_json_masks_snils_for_coordinators(graph: Graph, client: TestClient,
                                                          settings: Settings) -> None:
    build_region(graph)
    _with_snils_in_raw_records(graph)

    def route(who: str) -> dict[str, Any]:
        response = graphql(client, RESOURCES, bearer(settings, PRINCIPALS[who]))
        body = response.json()
        assert "errors" not in body, body
        passport: dict[str, Any] = body["data"]["passport"]
        return passport

    coordinator = route("coordinator-north")
    assert coordinator["patient"]["snils"] == MASKED
    raw = {step["recordKey"]: step["resourceJson"] for step in coordinator["route"]}
    encounter = json.loads(raw["polyclinic-mis|Encounter|enc-1"])
    assert encounter["subject"]["identifier"]["value"] == MASKED
    assert "11223344595" not in json.dumps(coordinator)
    clinician = route("clinician-polyclinic")
    clinician_raw = {step["recordKey"]: step["resourceJson"] for step in clinician["route"]}
    assert "11223344595" in clinician_raw["polyclinic-mis|Encounter|enc-1"]


DEATH = """query { passport(patientId: "north-1") { ... on Passport {
    patient { deceasedOn deceasedYear } } }
  patients(organizationOid: "1.2.643.5.1.13.13.12.1.1") { ... on PatientConnection {
    edges { node { patientId deceasedOn deceasedYear } } } } }"""


def test_analysts_get_the_year_of_death_only(graph: Graph, client: TestClient,
                                             settings: Settings) -> None:
    build_region(graph)
    graph.write_text("MATCH (p:Patient {patientId: 'north-1'}) SET p.deceasedOn = $on",
                     on=date(2026, 4, 11))

    def ask(who: str) -> dict[str, Any]:
        body = graphql(client, DEATH, bearer(settings, PRINCIPALS[who])).json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    analyst = ask("analyst")
    assert analyst["passport"]["patient"] == {"deceasedOn": None, "deceasedYear": 2026}
    assert analyst["patients"]["edges"][0]["node"] == {
        "patientId": "north-1", "deceasedOn": None, "deceasedYear": 2026}
    clinician = ask("clinician-polyclinic")
    assert clinician["passport"]["patient"] == {"deceasedOn": "2026-04-11",
                                                "deceasedYear": 2026}
    assert clinician["patients"]["edges"][0]["node"]["deceasedOn"] == "2026-04-11"
