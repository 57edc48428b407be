"""POST /fhir with bodies a MIS really sends: gzip, not UTF-8; unsupported interactions
answered `not-supported` with the body kept; batch responses in FHIRPath, never empty."""

from __future__ import annotations

import gzip
import json
from typing import Any

from fastapi.testclient import TestClient

from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from ingest.reader import raw_bytes
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar


def _quarantined(graph: Graph) -> list[dict[str, Any]]:
    return graph.read_text("MATCH (q:Quarantine) RETURN q.raw AS raw, q.reason AS reason, "
                           "q.location AS location, q.quarantineId AS id")


def _diagnostics(body: dict[str, Any]) -> str:
    return " ".join(issue.get("diagnostics", "") for issue in body["issue"])


def test_a_body_that_is_not_utf8_is_kept_byte_for_byte(client: TestClient,
                                                       graph: Graph) -> None:
    """A windows-1251 Bundle was kept as `decode('utf-8', 'replace')`: the Cyrillic gone."""
    bundle = f.bundle([f.patient("w1", family="Сидорова")], kind="batch")
    sent = json.dumps(bundle, ensure_ascii=False).encode("cp1251")

    response = client.post("/fhir", content=sent,
                            headers={"Content-Type": "application/fhir+json"})

    assert response.status_code == 400
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == "structure"
    assert "Тело не в кодировке UTF-8 (байт 0x" in body["issue"][0]["diagnostics"]
    [kept] = _quarantined(graph)
    assert raw_bytes(kept["raw"]) == sent  # as ingest keeps undecodable files
    assert kept["reason"].startswith("Тело запроса не в кодировке UTF-8 (байт 0x")
    assert "base64" in kept["reason"]
    assert kept["id"] in _diagnostics(body)
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 0


def test_gzip_bodies_are_read_and_a_corrupt_one_is_kept(client: TestClient,
                                                        graph: Graph) -> None:
    bundle = f.bundle([f.patient("g1"), f.condition("gc", "Patient/g1", "C61")], kind="batch")
    packed = gzip.compress(json.dumps(bundle).encode())

    accepted = client.post("/fhir", content=packed, headers={
        "Content-Type": "application/fhir+json", "Content-Encoding": "gzip"})

    assert accepted.status_code == 200, accepted.text
    assert [e["response"]["status"] for e in accepted.json()["entry"]] == [
        "201 Created", "201 Created"]
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1

    corrupt = packed[:40]  # cut short: the stream ends before its last block
    refused = client.post("/fhir", content=corrupt, headers={
        "Content-Type": "application/fhir+json", "Content-Encoding": "gzip"})

    assert refused.status_code == 400
    assert refused.json()["issue"][0]["code"] == "structure"
    assert "тело не является корректным потоком gzip (" in \
        refused.json()["issue"][0]["diagnostics"]
    [kept] = _quarantined(graph)
    assert raw_bytes(kept["raw"]) == corrupt
    assert "gzip" in kept["reason"]


def test_read_and_create_answer_not_supported_and_keep_the_body(client: TestClient,
                                                                graph: Graph) -> None:
    """Both used to answer a bare 404 "Not Found", and the created Patient was lost. (A
    Patient is read since; an Observation is not.)"""
    read = client.get("/fhir/Observation/O1")
    patient = f.patient("c1", family="Кузнецова")
    create = client.post("/fhir/Patient", json=patient)

    for response in (read, create):
        assert response.status_code == 501
        assert response.headers["content-type"].startswith("application/fhir+json")
        body = response.json()
        assert (body["resourceType"], body["issue"][0]["code"]) == (
            "OperationOutcome", "not-supported")
        assert "$everything" in _diagnostics(body) and "POST /fhir" in _diagnostics(body)
    [kept] = _quarantined(graph)
    assert json.loads(kept["raw"]) == patient
    assert kept["location"] == "POST /fhir/Patient"
    assert kept["reason"] == ("POST /fhir/Patient не поддерживается: пришлите ресурс в Bundle "
                              "типа transaction или batch в POST /fhir")
    assert kept["id"] in _diagnostics(create.json())
    # keeping a body is for the role that may send records
    clinician = issue_token(Principal("doctor", "clinician"), client.app.state.settings)
    forbidden = client.post("/fhir/Patient", json=patient,
                            headers={"Authorization": f"Bearer {clinician}"})
    assert forbidden.status_code == 403 and len(_quarantined(graph)) == 1


def test_a_body_that_is_not_json_or_not_a_bundle_is_kept_with_the_reason(
        client: TestClient, graph: Graph) -> None:
    """Broken JSON is quarantined with the reason a file's broken line gets; a body that is
    JSON but no transaction or batch Bundle says what it is instead."""
    broken = client.post("/fhir", content=b'{"resourceType": "Bundle", "type": "batch",',
                         headers={"Content-Type": "application/fhir+json"})
    collection = client.post("/fhir", json={"resourceType": "Bundle", "type": "collection"})

    assert (broken.status_code, broken.json()["issue"][0]["code"]) == (400, "structure")
    assert (collection.status_code, collection.json()["issue"][0]["code"]) == (400, "invalid")
    [not_json] = [item for item in _quarantined(graph) if "batch" in item["raw"]]
    assert not_json["reason"].startswith(
        "Текст не является корректным JSON (в конце текста): текст оборвался — не хватает "
        "закрывающих кавычек или скобок.")
    assert not_json["reason"] in _diagnostics(broken.json())
    assert not_json["id"] in _diagnostics(broken.json())
    [not_a_batch] = [item for item in _quarantined(graph) if "collection" in item["raw"]]
    assert not_a_batch["reason"] == (
        "POST /fhir принимает Bundle типа transaction или batch со списком entry, а "
        "получено: Bundle.type 'collection'; пришлите записи в таком Bundle")
    assert not_a_batch["id"] in _diagnostics(collection.json())


def test_batch_issues_name_the_entry_in_fhirpath_and_empty_bundles_have_no_entry(
        client: TestClient) -> None:
    bundle = f.bundle([f.patient("b1"), f.patient("b2"),
                       f.patient("b3", snils="112-233-445 96")], kind="batch")

    body = client.post("/fhir", json=bundle).json()

    issue = body["entry"][2]["response"]["outcome"]["issue"][0]
    assert issue["expression"] == ["Bundle.entry[2]"]
    for kind in ("batch", "transaction"):
        empty = client.post("/fhir", json={"resourceType": "Bundle", "type": kind})
        assert empty.status_code == 200
        assert empty.json() == {"resourceType": "Bundle", "type": f"{kind}-response"}
