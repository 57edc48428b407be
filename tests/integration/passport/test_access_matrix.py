"""Role × organisation matrix: every read a principal may not make is refused, in GraphQL
(passport, route, search) and over FHIR, and analysts never see identities; a sender (a
medical information system's account) reads nothing but its own quarantined input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from pathway.scope import scope_for
from tests.integration.passport.conftest import (
    ORG_POLYCLINIC,
    PRINCIPALS,
    VISIBLE,
    bearer,
    build_region,
    graphql,
)

PASSPORT = """
query($id: ID!) {
  passport(patientId: $id) {
    __typename
    ... on Passport {
      patient { patientId fullName family birthDate birthYear snils }
      tumors { icd10 }
      route { recordKey resourceJson }
      deadlines { deadlineId }
    }
    ... on PassportNotFound { message }
  }
}
"""

SEARCH_BY_SNILS = """
query($snils: String) {
  patients(snils: $snils) {
    __typename
    ... on PatientConnection { edges { node { patientId fullName snils } } }
    ... on PatientSearchRefused { message }
  }
}
"""

CASES = [(name, patient) for name in PRINCIPALS for patient in ("north-1", "south-1")]


@pytest.fixture
def region(graph: Graph) -> Graph:
    build_region(graph)
    return graph


@pytest.mark.parametrize(("who", "patient_id"), CASES)
def test_passport_is_shown_only_to_those_the_rule_allows(
    region: Graph, client: TestClient, settings: Settings, who: str, patient_id: str
) -> None:
    headers = bearer(settings, PRINCIPALS[who])
    body = graphql(client, PASSPORT, headers, id=patient_id).json()
    assert "errors" not in body, body
    result = body["data"]["passport"]
    if patient_id in VISIBLE[who]:
        assert result["__typename"] == "Passport"
        assert result["patient"]["patientId"] == patient_id
        assert result["route"], "a visible passport shows its route"
    else:
        assert result == {"__typename": "PassportNotFound",
                          "message": "Паспорт не найден или недоступен для вашей роли."}


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_routing_advice_follows_the_passport_s_rule(region: Graph, who: str) -> None:
    """It once admitted a clinician only where a record happened (AT), while the passport
    also admits the organisation a patient was referred to (the НМИЦ clinician here)."""
    for patient_id in ("north-1", "south-1"):
        rows = region.read("find_visible_passport", patientId=patient_id,
                           **scope_for(PRINCIPALS[who]))
        # analysts see de-identified passports but get no routing advice
        expected = patient_id in VISIBLE[who] and who != "analyst"
        assert bool(rows) == expected, (who, patient_id)


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_fhir_everything_follows_the_same_rule(
    region: Graph, client: TestClient, settings: Settings, who: str
) -> None:
    headers = bearer(settings, PRINCIPALS[who])
    for patient_id in ("north-1", "south-1"):
        response = client.get(f"/fhir/Patient/{patient_id}/$everything", headers=headers)
        visible = 200 if patient_id in VISIBLE[who] else 404
        expected = 403 if who == "analyst" else visible
        assert response.status_code == expected, (who, patient_id, response.text)
        if expected != 200:
            assert response.json()["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("who", [w for w in PRINCIPALS if w != "analyst"])
def test_search_by_snils_returns_only_visible_patients(
    region: Graph, client: TestClient, settings: Settings, who: str
) -> None:
    headers = bearer(settings, PRINCIPALS[who])
    for patient_id, snils in (("north-1", "112-233-445 95"), ("south-1", "08765432100")):
        body = graphql(client, SEARCH_BY_SNILS, headers, snils=snils).json()
        edges = body["data"]["patients"]["edges"]
        found = {edge["node"]["patientId"] for edge in edges}
        assert found == ({patient_id} & VISIBLE[who]), (who, body)


def test_analyst_sees_no_names_snils_or_birth_dates(
    region: Graph, client: TestClient, settings: Settings
) -> None:
    headers = bearer(settings, PRINCIPALS["analyst"])
    result = graphql(client, PASSPORT, headers, id="north-1").json()["data"]["passport"]
    patient = result["patient"]
    assert patient["fullName"] is None and patient["family"] is None
    assert patient["snils"] is None and patient["birthDate"] is None
    assert patient["birthYear"] == 1968
    assert all(step["resourceJson"] is None for step in result["route"])
    search = graphql(client, SEARCH_BY_SNILS, headers, snils="11223344595").json()
    assert search["data"]["patients"]["__typename"] == "PatientSearchRefused"


def test_coordinator_sees_only_the_end_of_the_snils(
    region: Graph, client: TestClient, settings: Settings
) -> None:
    coordinator = graphql(client, PASSPORT, bearer(settings, PRINCIPALS["coordinator-north"]),
                          id="north-1").json()["data"]["passport"]["patient"]
    clinician = graphql(client, PASSPORT, bearer(settings, PRINCIPALS["clinician-polyclinic"]),
                        id="north-1").json()["data"]["passport"]["patient"]
    assert coordinator["snils"] == "***-***-445 95"
    assert clinician["snils"] == "112-233-445 95"
    assert clinician["fullName"] == "Петрова Анна Сергеевна"


def test_search_by_organisation_is_limited_to_what_the_clinician_may_see(
    region: Graph, client: TestClient, settings: Settings
) -> None:
    query = """query($oid: String) { patients(organizationOid: $oid) {
      ... on PatientConnection { edges { node { patientId } } } } }"""
    south = bearer(settings, PRINCIPALS["clinician-south"])
    body = graphql(client, query, south, oid=ORG_POLYCLINIC).json()
    assert body["data"]["patients"]["edges"] == []
    admin = bearer(settings, PRINCIPALS["admin"])
    body = graphql(client, query, admin, oid=ORG_POLYCLINIC).json()
    assert [e["node"]["patientId"] for e in body["data"]["patients"]["edges"]] == ["north-1"]


def test_anonymous_requests_get_401(region: Graph, client: TestClient) -> None:
    response = graphql(client, PASSPORT, id="north-1")
    assert response.status_code == 401
    assert response.json()["data"] is None
    assert client.get("/fhir/Patient/north-1/$everything").status_code == 401
    assert client.post("/analyst/cypher", json={"query": "RETURN 1"}).status_code == 401
    forged = {"Authorization": "Bearer not-a-token"}
    assert graphql(client, PASSPORT, forged, id="north-1").status_code == 401


# A sender bound to the very system that sent north-1's records: sending them gives no
# right to read them back, nor anything else.
SENDER = Principal("u-mis", "sender", source="polyclinic-mis")
SENDER_REFUSED = "только отправляет записи FHIR в POST /fhir"

GRAPHQL_READS = {
    "passport": ("query($id: ID!) { passport(patientId: $id) { __typename } }",
                 {"id": "north-1"}),
    "patients": ("query($s: String) { patients(snils: $s) { __typename } }",
                 {"s": "11223344595"}),
    "worklist": ("{ worklist { totalCount } }", {}),
    "pathwayRoute": ("query($id: String!) { pathwayRoute(patientId: $id) { kind } }",
                     {"id": "north-1"}),
    "registryEntries": ("{ registryEntries { totalCount } }", {}),
    "indicators": ("{ indicators(year: 2026) { code } }", {}),
    "form7": ("{ form7(year: 2026) { __typename } }", {}),
}

REST_READS = [
    ("GET", "/identity/reviews", None),
    ("POST", "/identity/unlink", {"record_key": "polyclinic-mis|Patient|mis-77",
                                  "why": "not the same person"}),
    # (/quarantine answers a sender its own items, and refuses it a replay in words of its
    # own: tests/integration/ingest/test_quarantine_api.py)
    ("POST", "/analyst/cypher", {"query": "MATCH (p:Patient) RETURN p.family"}),
    ("GET", "/analyst/patients", None),
    ("GET", "/reports/form7?year=2026", None),
]


@pytest.mark.parametrize("name", list(GRAPHQL_READS))
def test_a_sender_gets_403_from_every_graphql_read(
    region: Graph, client: TestClient, settings: Settings, name: str
) -> None:
    query, variables = GRAPHQL_READS[name]
    response = graphql(client, query, bearer(settings, SENDER), **variables)
    assert response.status_code == 403, response.text
    assert SENDER_REFUSED in response.json()["detail"]
    # the same query is answered for an admin: the 403 is the role's, not the query's
    admin = graphql(client, query, bearer(settings, PRINCIPALS["admin"]), **variables)
    assert admin.status_code == 200, admin.text


@pytest.mark.parametrize(("method", "path", "body"), REST_READS,
                         ids=[f"{m} {p}" for m, p, _ in REST_READS])
def test_a_sender_gets_403_from_every_rest_read(
    region: Graph, client: TestClient, settings: Settings, method: str, path: str,
    body: dict[str, str] | None,
) -> None:
    response = client.request(method, path, json=body, headers=bearer(settings, SENDER))
    assert response.status_code == 403, response.text
    assert SENDER_REFUSED in response.json()["detail"]


def test_a_sender_gets_403_from_fhir_everything(
    region: Graph, client: TestClient, settings: Settings
) -> None:
    for method in ("GET", "POST"):
        response = client.request(method, "/fhir/Patient/north-1/$everything",
                                  headers=bearer(settings, SENDER))
        assert response.status_code == 403, response.text
        outcome = response.json()
        assert (outcome["resourceType"], outcome["issue"][0]["code"]) == \
            ("OperationOutcome", "forbidden")
        assert SENDER_REFUSED in outcome["issue"][0]["diagnostics"]
    # refused before any read: not even a refused passport view is written to the audit
    audited = region.read_text("MATCH (a:AuditEntry {userId: 'u-mis'}) RETURN count(a) AS n")
    assert audited[0]["n"] == 0
