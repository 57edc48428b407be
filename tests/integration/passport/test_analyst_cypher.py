"""Analysts' Cypher runs in a READ transaction: the server itself refuses writes; analysts
get no identifying properties back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.auth.users import NewUser, save_user
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.passport.conftest import PRINCIPALS, bearer, build_region


def cypher(client: TestClient, settings: Settings, who: str, query: str,
           **parameters: object) -> tuple[int, dict[str, object]]:
    response = client.post("/analyst/cypher", headers=bearer(settings, PRINCIPALS[who]),
                           json={"query": query, "parameters": parameters})
    return response.status_code, response.json()


def test_reads_run_and_aggregate(graph: Graph, client: TestClient, settings: Settings) -> None:
    build_region(graph)
    status, body = cypher(client, settings, "analyst",
                          "MATCH (p:Passport) RETURN p.district AS district, count(*) AS n "
                          "ORDER BY district")
    assert status == 200
    assert body["columns"] == ["district", "n"]
    assert body["rows"] == [["Северный", 1], ["Южный", 1]]


def test_writes_are_refused_by_the_server(graph: Graph, client: TestClient,
                                          settings: Settings) -> None:
    build_region(graph)
    for query in ("CREATE (:Hack {at: 1})", "MATCH (p:Passport) SET p.family = 'X'",
                  "MATCH (p:Passport) DETACH DELETE p"):
        status, body = cypher(client, settings, "admin", query)
        assert status == 400
        assert "Writing in read access mode not allowed" in str(body["detail"])
    counts = graph.read_text("MATCH (p:Passport) RETURN count(p) AS n, "
                             "count{ MATCH (h:Hack) } AS hacks")
    assert counts == [{"n": 2, "hacks": 0}]


def test_analysts_get_nodes_without_identities(graph: Graph, client: TestClient,
                                               settings: Settings) -> None:
    build_region(graph)
    status, body = cypher(client, settings, "analyst",
                          "MATCH (p:Passport {patientId: 'north-1'}) RETURN p, properties(p) AS m")
    assert status == 200
    node, properties = body["rows"][0]  # type: ignore[index]
    for shown in (node["properties"], properties):
        assert not {"family", "given", "patronymic", "snils", "birthDate"} & set(shown)
        assert shown["birthYear"] == 1968
    status, body = cypher(client, settings, "analyst", "MATCH (p:Passport) RETURN p.snils")
    assert status == 400 and "snils" in str(body["detail"])
    status, body = cypher(client, settings, "admin",
                          "MATCH (p:Passport {patientId: 'north-1'}) RETURN p.snils AS s")
    assert body["rows"] == [["11223344595"]]


def test_only_analysts_and_admins_may_use_it(graph: Graph, client: TestClient,
                                             settings: Settings) -> None:
    for who in ("clinician-polyclinic", "coordinator-region"):
        status, _ = cypher(client, settings, who, "RETURN 1")
        assert status == 403


def test_deidentified_list(graph: Graph, client: TestClient, settings: Settings) -> None:
    build_region(graph)
    response = client.get("/analyst/patients?first=1",
                          headers=bearer(settings, PRINCIPALS["analyst"]))
    body = response.json()
    assert response.status_code == 200
    assert body["nextAfter"] == "north-1"
    patient = body["patients"][0]
    assert set(patient) == {"patientId", "sex", "birthYear", "district", "passportSince",
                            "deceasedYear", "tumors"}
    assert patient["tumors"][0]["icd10"] == "C50.4"


def test_password_hashes_reach_nobody(graph: Graph, client: TestClient,
                                      settings: Settings) -> None:
    """A review found `RETURN u.passwordHash` gave analysts (and admins) every hash."""
    save_user(graph, NewUser("registrar-7", "coordinator", "длинный пароль"))
    for who in ("analyst", "admin"):
        for query in ("MATCH (u:User) RETURN u.passwordHash",
                      "MATCH (u:User) RETURN u['PASSWORDHASH'] AS h"):
            status, body = cypher(client, settings, who, query)
            assert status == 400 and "passwordhash" in str(body["detail"]).lower(), body
        # A key computed at run time passes the text check; the value is still withheld.
        status, body = cypher(client, settings, who, """
            MATCH (u:User {userId: 'registrar-7'})
            RETURN [k IN keys(u) WHERE k STARTS WITH 'pass' | u[k]] AS values,
                   properties(u) AS props, u.role AS role""")
        assert status == 200
        (values, props, role), = body["rows"]  # type: ignore[misc]
        assert values == ["[скрыто]"] and "passwordHash" not in props and role == "coordinator"
