"""POST /auth/token against the user store; passwords only ever stored as hashes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.auth.demo_users import create_demo_users
from api.auth.tokens import principal_from_token
from api.auth.users import NewUser, save_user
from graph.database import Graph
from onkopassport.errors import InputError
from onkopassport.settings import Settings
from tests.integration.passport.conftest import ORG_POLYCLINIC, build_region, graphql


def test_token_for_a_stored_user_opens_the_passport(graph: Graph, client: TestClient) -> None:
    build_region(graph)
    save_user(graph, NewUser("dr-house", "clinician", "s3cret-pass!",
                             organization_oid=ORG_POLYCLINIC))
    stored = graph.read_text("MATCH (u:User {userId: 'dr-house'}) RETURN u.passwordHash AS h")
    assert stored[0]["h"].startswith("scrypt$") and "s3cret-pass!" not in stored[0]["h"]

    response = client.post("/auth/token", json={"username": "dr-house",
                                                "password": "s3cret-pass!"})
    assert response.status_code == 200
    token = response.json()["access_token"]
    body = graphql(client, '{ passport(patientId: "north-1") { __typename } }',
                   {"Authorization": f"Bearer {token}"}).json()
    assert body["data"]["passport"]["__typename"] == "Passport"


def test_wrong_password_or_unknown_user_is_401(graph: Graph, client: TestClient) -> None:
    save_user(graph, NewUser("dr-house", "clinician", "s3cret-pass!",
                             organization_oid=ORG_POLYCLINIC))
    for username, password in (("dr-house", "wrong-pass"), ("nobody", "s3cret-pass!")):
        response = client.post("/auth/token", json={"username": username,
                                                    "password": password})
        assert response.status_code == 401


def test_demo_users_one_per_role(graph: Graph, client: TestClient, settings: Settings) -> None:
    build_region(graph)
    users = create_demo_users(graph, settings)
    assert {u.role for u in users} == {"clinician", "coordinator", "analyst", "admin",
                                       "sender"}
    assert [u.source for u in users if u.role == "sender"] == ["mis-demo"]
    for user in users:
        response = client.post("/auth/token", json={"username": user.user_id,
                                                    "password": user.password})
        assert response.json()["role"] == user.role


def test_a_stored_sender_logs_in_bound_to_its_source(graph: Graph, client: TestClient,
                                                      settings: Settings) -> None:
    """The token a system gets from POST /auth/token carries its source: its records go
    there (POST /fhir), and the token opens nothing else."""
    build_region(graph)
    save_user(graph, NewUser("mis-polyclinic", "sender", "mis-s3cret-pass",
                             source="polyclinic-mis"))
    response = client.post("/auth/token", json={"username": "mis-polyclinic",
                                                "password": "mis-s3cret-pass"})
    assert response.status_code == 200
    assert response.json()["role"] == "sender"
    token = response.json()["access_token"]
    principal = principal_from_token(token, settings)
    assert (principal.role, principal.source) == ("sender", "polyclinic-mis")
    refused = graphql(client, '{ passport(patientId: "north-1") { __typename } }',
                      {"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403


@pytest.mark.parametrize(("user", "problem"), [
    (NewUser("mis-x", "sender", "long-enough-pass"), "привязан к источнику"),
    (NewUser("dr-x", "admin", "long-enough-pass", source="mis-x"), "только отправитель"),
    (NewUser("mis-y", "sender", "long-enough-pass", source="a|b"), "не может содержать «|»"),
])
def test_a_sender_needs_a_source_and_only_a_sender_has_one(graph: Graph, user: NewUser,
                                                          problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        save_user(graph, user)
    assert graph.read_text("MATCH (u:User) RETURN count(u) AS n")[0]["n"] == 0
