"""Every passport view and search leaves an AuditEntry, and nothing in the API can change
or remove one."""

from __future__ import annotations

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.graphql.router import schema
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.passport.conftest import PRINCIPALS, bearer, build_region, graphql

VIEW = """query($id: ID!) { passport(patientId: $id) { __typename } }"""


def audit_entries(graph: Graph, user_id: str) -> list[dict[str, object]]:
    return graph.read_text(
        "MATCH (a:AuditEntry {userId: $userId}) "
        "RETURN a.action AS action, a.patientId AS patientId, a.outcome AS outcome, "
        "a.clientAddress AS clientAddress, a.at IS NOT NULL AS dated, a.detail AS detail "
        "ORDER BY a.at",
        userId=user_id,
    )


def test_each_view_writes_one_entry_shown_or_refused(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    clinician = PRINCIPALS["clinician-polyclinic"]
    headers = bearer(settings, clinician)
    for patient_id in ("north-1", "north-1", "south-1", "nobody"):
        graphql(client, VIEW, headers, id=patient_id)
    entries = audit_entries(graph, clinician.user_id)
    assert [(e["patientId"], e["outcome"]) for e in entries] == [
        ("north-1", "shown"), ("north-1", "shown"), ("south-1", "refused"),
        ("nobody", "refused"),
    ]
    assert all(e["action"] == "passport.view" and e["dated"] for e in entries)
    assert {e["clientAddress"] for e in entries} == {"testclient"}


def test_aliased_views_are_each_audited(graph: Graph, client: TestClient,
                                        settings: Settings) -> None:
    build_region(graph)
    admin = PRINCIPALS["admin"]
    query = """{ a: passport(patientId: "north-1") { __typename }
                 b: passport(patientId: "south-1") { __typename } }"""
    graphql(client, query, bearer(settings, admin))
    assert sorted(e["patientId"] for e in audit_entries(graph, admin.user_id)) == [
        "north-1", "south-1"]


def test_searches_and_fhir_reads_are_audited(graph: Graph, client: TestClient,
                                             settings: Settings) -> None:
    build_region(graph)
    coordinator = PRINCIPALS["coordinator-region"]
    headers = bearer(settings, coordinator)
    graphql(client, '{ patients(snils: "11223344595") { __typename } }', headers)
    client.get("/fhir/Patient/north-1/$everything", headers=headers)
    analyst = PRINCIPALS["analyst"]
    graphql(client, '{ patients(snils: "11223344595") { __typename } }',
            bearer(settings, analyst))
    client.get("/fhir/Patient/north-1/$everything", headers=bearer(settings, analyst))
    entries = audit_entries(graph, coordinator.user_id)
    assert [(e["action"], e["patientId"]) for e in entries] == [
        ("patients.search", None), ("fhir.everything", "north-1")]
    assert entries[0]["detail"] == "by=snils"
    refused = audit_entries(graph, analyst.user_id)
    assert [(e["action"], e["outcome"]) for e in refused] == [
        ("patients.search", "refused"), ("fhir.everything", "refused")]


def test_the_api_offers_no_way_to_edit_or_delete_audit_entries(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    mutations = schema.as_str().split("type Mutation", 1)[1].split("}", 1)[0].lower()
    assert "audit" not in mutations
    routes = [r for r in client.app.routes if isinstance(r, APIRoute)]  # type: ignore[attr-defined]
    for route in routes:
        assert "audit" not in route.path.lower()
        assert not ({"PUT", "PATCH", "DELETE"} & route.methods and "audit" in route.path)
    # Not even through the analysts' Cypher: the READ session refuses the delete.
    build_region(graph)
    graphql(client, VIEW, bearer(settings, PRINCIPALS["admin"]), id="north-1")
    response = client.post("/analyst/cypher", headers=bearer(settings, PRINCIPALS["admin"]),
                           json={"query": "MATCH (a:AuditEntry) DETACH DELETE a"})
    assert response.status_code == 400
    assert "Writing in read access mode not allowed" in response.json()["detail"]
    assert len(audit_entries(graph, PRINCIPALS["admin"].user_id)) == 2  # view + cypher
