"""POST /fhir by a sender: one system's account, whose records go under its own source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar

OWN = "mis-sender"
OTHER = "mis-other"


@pytest.fixture
def as_sender(client: TestClient, settings: Settings) -> TestClient:
    """The `client` fixture with a sender's token instead of the admin's, and no
    X-Source-System header (a sender needs none)."""
    token = issue_token(Principal("mis-sender-account", "sender", source=OWN), settings)
    client.headers["Authorization"] = f"Bearer {token}"
    del client.headers["X-Source-System"]
    return client


def _stored_keys(graph: Graph) -> list[str]:
    return sorted(scalar(graph, "MATCH (r:Record) RETURN collect(r.key)"))


def test_a_sender_s_transaction_is_stored_under_its_own_source(as_sender: TestClient,
                                                              graph: Graph) -> None:
    # meta.source naming the sender itself (a HAPI-style #fragment too) is its own source
    patient = {**f.patient("s1"), "meta": f.meta(source=f"{OWN}#request-17")}
    bundle = f.bundle([patient, f.condition("sc1", "urn:uuid:s1", "C50.4")],
                      kind="transaction", urn=True)
    response = as_sender.post("/fhir", json=bundle)
    assert response.status_code == 200, response.text
    assert response.json()["type"] == "transaction-response"
    assert [e["response"]["status"] for e in response.json()["entry"]] == \
        ["201 Created", "201 Created"]
    assert _stored_keys(graph) == [f"{OWN}|Condition|sc1", f"{OWN}|Patient|s1"]
    # the header naming its own source is accepted as well
    again = as_sender.post("/fhir", json=f.bundle([f.patient("s2")], kind="batch"),
                           headers={"X-Source-System": OWN})
    assert again.status_code == 200, again.text
    assert f"{OWN}|Patient|s2" in _stored_keys(graph)


def _header(bundle: dict[str, Any]) -> dict[str, str]:
    return {"X-Source-System": OTHER}


def _entry_meta(bundle: dict[str, Any]) -> dict[str, str]:
    bundle["entry"][1]["resource"]["meta"]["source"] = f"http://{OTHER}/fhir#x"
    return {}


def _bundle_meta(bundle: dict[str, Any]) -> dict[str, str]:
    bundle["meta"] = {"source": OTHER}
    return {}


def _nested_document(bundle: dict[str, Any]) -> dict[str, str]:
    inner = f.patient("inner")
    inner["meta"]["source"] = OTHER
    bundle["entry"].append({"resource": {"resourceType": "Bundle", "type": "collection",
                                         "entry": [{"resource": inner}]},
                            "request": {"method": "POST", "url": "Bundle"}})
    return {}


@pytest.mark.parametrize("naming", [_header, _entry_meta, _bundle_meta, _nested_document],
                         ids=["header", "entry-meta-source", "bundle-meta-source",
                              "document-inside"])
@pytest.mark.parametrize("kind", ["transaction", "batch"])
def test_a_sender_naming_another_source_is_refused_and_nothing_is_stored(
        as_sender: TestClient, graph: Graph, kind: str,
        naming: Callable[[dict[str, Any]], dict[str, str]]) -> None:
    bundle = f.bundle([f.patient("x1"), f.condition("xc1", "Patient/x1", "C61")], kind=kind)
    headers = naming(bundle)
    response = as_sender.post("/fhir", json=bundle, headers=headers)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    issue = response.json()["issue"][0]
    assert (response.json()["resourceType"], issue["code"]) == ("OperationOutcome", "forbidden")
    assert OTHER in issue["diagnostics"] and OWN in issue["diagnostics"]
    assert "ничего не сохранено" in issue["diagnostics"]
    where = {_header: "заголовок X-Source-System",
             _entry_meta: "Bundle.entry[1].resource.meta.source",
             _bundle_meta: "Bundle.meta.source",
             _nested_document: "Bundle.entry[2].resource.entry[0].resource.meta.source"}
    assert f"а {where[naming]} указывает источник" in issue["diagnostics"]
    assert scalar(graph, "MATCH (r:Record) RETURN count(r)") == 0
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 0


def test_admin_still_names_any_source(client: TestClient, graph: Graph) -> None:
    """Unchanged for an administrator (a gateway relaying many systems): the header and
    meta.source name the source."""
    other = f.patient("a2")
    other["meta"]["source"] = OTHER
    response = client.post("/fhir", json=f.bundle([f.patient("a1"), other], kind="batch"))
    assert response.status_code == 200, response.text
    assert _stored_keys(graph) == ["mis-http|Patient|a1", f"{OTHER}|Patient|a2"]


def test_a_sender_s_conditional_create_finds_only_its_own_records(
        client: TestClient, as_sender: TestClient, graph: Graph, settings: Settings) -> None:
    """Finding another system's record by СНИЛС would tell a sender who is on the
    register: its conditional create searches its own records and creates its own."""
    admin = {"Authorization": f"Bearer {issue_token(Principal('gw', 'admin'), settings)}",
             "X-Source-System": OTHER}
    stored = as_sender.post("/fhir", json=f.bundle([f.patient("o1", snils="112-233-445 95")],
                                                   kind="batch"), headers=admin)
    assert stored.status_code == 200, stored.text
    conditional = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": f.patient("m1", snils="11223344595"),
         "request": {"method": "POST", "url": "Patient",
                     "ifNoneExist": f"identifier={f.SNILS}|11223344595"}}]}
    mine = as_sender.post("/fhir", json=conditional).json()["entry"][0]["response"]
    assert mine == {"status": "201 Created", "location": "Patient/m1"}
    assert f"{OWN}|Patient|m1" in _stored_keys(graph)
    # sent again, it finds the sender's own record: 200 with its location
    again = as_sender.post("/fhir", json=conditional).json()["entry"][0]["response"]
    assert again == {"status": "200 OK", "location": "Patient/m1"}


def test_a_sender_s_unsupported_create_is_kept_under_its_source(as_sender: TestClient,
                                                                graph: Graph) -> None:
    kept = as_sender.post("/fhir/Patient", json=f.patient("u1"))
    assert kept.status_code == 501
    assert scalar(graph, "MATCH (q:Quarantine) RETURN q.source") == OWN
    foreign = {**f.patient("u2"), "meta": f.meta(source=OTHER)}
    refused = as_sender.post("/fhir/Patient", json=foreign)
    assert refused.status_code == 403
    assert refused.json()["issue"][0]["code"] == "forbidden"
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 1


def test_a_sender_token_without_a_source_is_refused(client: TestClient,
                                                    settings: Settings) -> None:
    token = issue_token(Principal("nameless", "sender"), settings)
    response = client.post("/fhir", json=f.bundle([f.patient("n1")], kind="batch"),
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "не указан источник" in response.json()["issue"][0]["diagnostics"]
