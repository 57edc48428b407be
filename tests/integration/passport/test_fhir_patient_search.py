"""The FHIR Patient read and search by identifier: how another system finds a person
without knowing the passport's internal id."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient

from api.app import create_app
from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.reader import expand
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.factories import add_patient
from tests.integration.passport.conftest import PRINCIPALS, bearer, build_region

SNILS = "urn:oid:1.2.643.100.3"
ENP = "7755000011112222"


def _as(settings: Settings, who: str) -> dict[str, str]:
    return bearer(settings, PRINCIPALS[who])


def _search(client: TestClient, headers: dict[str, str], identifier: str) -> dict[str, Any]:
    response = client.get("/fhir/Patient", params={"identifier": identifier}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    Bundle.model_validate(body)
    return body


def _found(body: dict[str, Any]) -> list[str]:
    return [entry["resource"]["id"] for entry in body.get("entry", [])]


def _audit(graph: Graph, action: str) -> list[tuple[str | None, str]]:
    rows = graph.read_text("MATCH (a:AuditEntry {action: $action}) "
                           "RETURN a.patientId AS patientId, a.outcome AS outcome "
                           "ORDER BY a.at", action=action)
    return [(row["patientId"], row["outcome"]) for row in rows]


def _ingest_person_with_enp(graph: Graph, settings: Settings) -> str:
    """A person known by ЕНП (written with separators), ingested as a sender's records
    are: the ЕНП then exists only as the PatientRecord's identifier."""
    resources = [f.patient("p-enp", family="Сидорова", snils="123-456-789 64",
                           enp="7755 0000 1111 2222"),
                 f.condition("c-enp", "Patient/p-enp", "C61")]
    items = [item for index, resource in enumerate(resources)
             for item in expand(resource, "mis-enp", f"test[{index}]",
                                orjson.dumps(resource).decode())]
    Ingestor(graph, settings).ingest_items(items)
    rows = graph.read_text("MATCH (:PatientRecord {key: 'mis-enp|Patient|p-enp'})"
                           "-[:BELONGS_TO]->(p:Passport) RETURN p.patientId AS patientId")
    assert len(rows) == 1
    patient_id: str = rows[0]["patientId"]
    return patient_id


def test_read_returns_the_patient_entry_of_everything(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    for who in ("clinician-polyclinic", "coordinator-north"):
        read = client.get("/fhir/Patient/north-1", headers=_as(settings, who))
        assert read.status_code == 200, read.text
        assert read.headers["content-type"].startswith("application/fhir+json")
        Patient.model_validate(read.json())
        everything = client.get("/fhir/Patient/north-1/$everything",
                                headers=_as(settings, who)).json()
        assert read.json() == everything["entry"][0]["resource"]
    masked = client.get("/fhir/Patient/north-1",
                        headers=_as(settings, "coordinator-north")).json()
    assert {"system": SNILS, "value": "***-***-445 95"} in [
        {k: i.get(k) for k in ("system", "value")} for i in masked["identifier"]]
    assert _audit(graph, "fhir.read") == [("north-1", "shown")] * 3


def test_read_answers_not_found_outside_the_callers_scope(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    cases = [("clinician-south", "north-1", 404, "not-found"),
             ("coordinator-south", "north-1", 404, "not-found"),
             ("admin", "nobody", 404, "not-found"),
             ("analyst", "north-1", 403, "forbidden")]
    for who, patient_id, status, code in cases:
        response = client.get(f"/fhir/Patient/{patient_id}", headers=_as(settings, who))
        assert response.status_code == status, (who, response.text)
        assert OperationOutcome.model_validate(response.json()).issue[0].code == code
    assert "не найден" in client.get("/fhir/Patient/north-1", headers=_as(
        settings, "clinician-south")).json()["issue"][0]["diagnostics"]
    assert client.get("/fhir/Patient/north-1").status_code == 401
    assert ("north-1", "refused") in _audit(graph, "fhir.read")


def test_search_by_snils_in_any_writing(graph: Graph, client: TestClient,
                                        settings: Settings) -> None:
    build_region(graph)
    headers = _as(settings, "clinician-polyclinic")
    for identifier in (f"{SNILS}|11223344595", f"{SNILS}|112-233-445 95", "112-233-445 95"):
        body = _search(client, headers, identifier)
        assert (body["type"], body["total"], _found(body)) == ("searchset", 1, ["north-1"])
        entry = body["entry"][0]
        assert entry["fullUrl"].endswith("/fhir/Patient/north-1")
        assert entry["search"]["mode"] == "match"
        assert entry["resource"]["name"][0]["family"] == "Петрова"
        assert body["link"][0]["relation"] == "self"
        assert "/fhir/Patient?identifier=" in body["link"][0]["url"]
    south = _search(client, headers, f"{SNILS}|08765432100")
    assert (south["total"], "entry" in south) == (0, False)  # not this clinician's patient
    both = _search(client, _as(settings, "admin"), f"{SNILS}|11223344595,{SNILS}|08765432100")
    assert _found(both) == ["north-1", "south-1"]
    # one entry per search, and one per patient shown
    assert _audit(graph, "fhir.search").count(("north-1", "shown")) == 3 + 1
    assert _audit(graph, "fhir.search").count((None, "shown")) == 5


def test_search_by_enp_finds_the_person_ingest_linked(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    patient_id = _ingest_person_with_enp(graph, settings)
    admin = _as(settings, "admin")
    enp_system = settings.enp_system
    for identifier in (f"{enp_system}|{ENP}", f"{enp_system}|7755-0000-1111-2222", ENP,
                       f"{SNILS}|12345678964"):
        assert _found(_search(client, admin, identifier)) == [patient_id], identifier
    # the person lives in the northern district: a southern coordinator finds no one
    assert _search(client, _as(settings, "coordinator-south"), ENP)["total"] == 0
    assert _search(client, _as(settings, "coordinator-north"), ENP)["total"] == 1
    assert _search(client, admin, f"{settings.enp_system}|7755000011119999")["total"] == 0


def test_search_explains_what_it_cannot_answer(graph: Graph, client: TestClient,
                                               settings: Settings) -> None:
    build_region(graph)
    headers = _as(settings, "admin")
    cases = [({"identifier": "urn:mis:a:patient|p1"},
              "система urn:mis:a:patient не поддерживается"),
             ({}, "Укажите параметр identifier"),
             ({"identifier": f"{SNILS}|"}, "укажите значение"),
             ({"identifier": "11223344595", "family": "Петрова", "_sort": "family"},
              "Параметры поиска не поддерживаются: _sort, family"),
             ({"identifier": "11223344595", "_count": "0"},
              "_count=0: ожидается целое число больше нуля"),
             ({"identifier": "11223344595", "_count": "десять"},
              "_count=десять: ожидается целое число больше нуля")]
    for params, message in cases:
        response = client.get("/fhir/Patient", params=params, headers=headers)
        assert response.status_code == 400, response.text
        outcome = OperationOutcome.model_validate(response.json())
        assert message in (outcome.issue[0].diagnostics or ""), outcome.issue[0].diagnostics
    analyst = client.get("/fhir/Patient", params={"identifier": "11223344595"},
                         headers=_as(settings, "analyst"))
    assert analyst.status_code == 403
    assert _audit(graph, "fhir.search") == [(None, "refused")]
    # still no history of a resource: the interaction is named as not supported
    assert client.get("/fhir/Patient/_history", headers=headers).status_code == 501


def test_metadata_lists_read_and_search_by_identifier(client: TestClient) -> None:
    statement = CapabilityStatement.model_validate(client.get("/fhir/metadata").json())
    patient = statement.rest[0].resource[0]
    assert patient.type == "Patient"
    assert [i.code for i in patient.interaction] == ["read", "search-type"]
    assert [(p.name, p.type) for p in patient.searchParam] == [
        ("identifier", "token"), ("_count", "number"), ("_offset", "number")]
    assert "50 when absent, at most 500" in (patient.searchParam[1].documentation or "")
    assert [op.name for op in patient.operation] == ["everything"]


def _links(body: dict[str, Any]) -> dict[str, str]:
    return {link["relation"]: link["url"] for link in body["link"]}


def test_search_pages_through_the_matches_with_count_and_next_links(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    shared = "12345678964"  # one СНИЛС on five passports (a data error a search must show)
    ids = sorted(add_patient(graph, f"dup-{n}", snils=shared, district="Северный")
                 for n in range(5))
    admin = _as(settings, "admin")
    response = client.get("/fhir/Patient", params={"identifier": shared, "_count": "2"},
                          headers=admin)
    assert response.status_code == 200, response.text
    body = response.json()
    Bundle.model_validate(body)
    pages, seen = [_found(body)], [body["total"]]
    assert "previous" not in _links(body)
    assert "_count=2&_offset=0" in _links(body)["self"]
    while "next" in _links(body):
        body = client.get(_links(body)["next"], headers=admin).json()
        Bundle.model_validate(body)
        pages.append(_found(body))
        seen.append(body["total"])
        assert "previous" in _links(body)
    assert pages == [ids[0:2], ids[2:4], ids[4:5]]
    assert seen == [5, 5, 5]  # Bundle.total: all matches, not the page
    # one audit entry per page's search and one per patient shown on it, none twice
    assert sorted(who for who, _ in _audit(graph, "fhir.search") if who) == ids
    assert _audit(graph, "fhir.search").count((None, "shown")) == 3
    past = client.get("/fhir/Patient", params={"identifier": shared, "_offset": "10"},
                      headers=admin).json()
    assert (past["total"], "entry" in past, "next" in _links(past)) == (5, False, False)


def test_the_page_size_default_and_cap_come_from_the_settings(
    graph: Graph, settings: Settings
) -> None:
    shared = "12345678964"
    for n in range(4):
        add_patient(graph, f"dup-{n}", snils=shared)
    small = settings.model_copy(update={"fhir_search_default_count": 2,
                                        "fhir_search_max_count": 3})
    with TestClient(create_app(small)) as capped:
        admin = _as(small, "admin")
        default = capped.get("/fhir/Patient", params={"identifier": shared},
                             headers=admin).json()
        assert (default["total"], len(default["entry"])) == (4, 2)
        asked = capped.get("/fhir/Patient", params={"identifier": shared, "_count": "100"},
                           headers=admin).json()
        assert (asked["total"], len(asked["entry"])) == (4, 3)
        assert "_count=3&_offset=0" in _links(asked)["self"]
        assert "_count=3&_offset=3" in _links(asked)["next"]
