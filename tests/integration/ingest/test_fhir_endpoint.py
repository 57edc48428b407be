"""POST /fhir: batch and transaction Bundles answered with a status per entry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar


@pytest.fixture
def client(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        token = issue_token(Principal("mis-gateway", "admin"), settings)
        test_client.headers["Authorization"] = f"Bearer {token}"
        test_client.headers["X-Source-System"] = "mis-http"
        yield test_client


def test_batch_stores_good_entries_and_reports_bad_ones(client: TestClient,
                                                        graph: Graph) -> None:
    bad = f.patient("p2", snils="112-233-445 96")
    bundle = f.bundle([f.patient("p1"), bad, f.condition("c1", "Patient/p1", "C61")],
                      kind="batch")
    response = client.post("/fhir", json=bundle)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "batch-response"
    statuses = [e["response"]["status"] for e in body["entry"]]
    assert statuses == ["201 Created", "400 Bad Request", "201 Created"]
    assert "check number" in body["entry"][1]["response"]["outcome"]["issue"][0]["diagnostics"]
    assert body["entry"][2]["response"]["location"] == "Condition/c1"
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 1
    again = client.post("/fhir", json=f.bundle([f.patient("p1")], kind="batch")).json()
    assert again["entry"][0]["response"]["status"] == "200 OK"


def test_an_entry_of_an_unforeseen_shape_is_quarantined_not_a_500(client: TestClient,
                                                                  graph: Graph) -> None:
    """A DocumentReference whose attachment url is a number broke the R4 model library
    with an AttributeError: the whole request answered 500 and nothing was kept."""
    odd = {"resourceType": "DocumentReference", "id": "d1", "status": "current",
           "subject": {"reference": "Patient/p1"},
           "content": [{"attachment": {"contentType": "text/plain", "url": 42}}]}
    response = client.post("/fhir", json=f.bundle([f.patient("p1"), odd], kind="batch"))
    assert response.status_code == 200, response.text
    statuses = [e["response"]["status"] for e in response.json()["entry"]]
    assert statuses == ["201 Created", "400 Bad Request"]
    assert scalar(graph, "MATCH (q:Quarantine) RETURN q.location") is not None
    assert scalar(graph, "MATCH (r:Record {key: 'mis-http|Patient|p1'}) RETURN count(r)") == 1


def test_transaction_is_all_or_nothing_but_keeps_bad_entries(client: TestClient,
                                                             graph: Graph) -> None:
    bundle = f.bundle([f.patient("t1"), f.patient("t2", birth="1970-13-01")],
                      kind="transaction", urn=True)
    refused = client.post("/fhir", json=bundle)
    assert refused.status_code == 400
    outcome = refused.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["expression"] == ["Bundle.entry[1]"]
    assert scalar(graph, "MATCH (r:Record) RETURN count(r)") == 0
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 1

    good = f.bundle([f.patient("t1"), f.condition("c", "urn:uuid:t1", "C16.2")],
                    kind="transaction", urn=True)
    accepted = client.post("/fhir", json=good)
    assert accepted.status_code == 200
    assert accepted.json()["type"] == "transaction-response"
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1


def test_other_bundles_and_anonymous_callers_are_refused(client: TestClient) -> None:
    collection = client.post("/fhir", json=f.bundle([f.patient("x")]))
    assert collection.status_code == 400
    assert collection.json()["resourceType"] == "OperationOutcome"
    del client.headers["Authorization"]
    assert client.post("/fhir", json=f.bundle([f.patient("x")], kind="batch")).status_code == 401
