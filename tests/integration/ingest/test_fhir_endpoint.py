"""POST /fhir: batch and transaction Bundles answered with a status per entry."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar


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
    refused = body["entry"][1]["response"]["outcome"]["issue"][0]["diagnostics"]
    assert refused.startswith("Patient/p2, элемент Patient.identifier[")
    assert "СНИЛС '112-233-445 96' — неверное контрольное число" in refused
    assert body["entry"][2]["response"]["location"] == "Condition/c1"
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 1
    again = client.post("/fhir", json=f.bundle([f.patient("p1")], kind="batch")).json()
    assert again["entry"][0]["response"]["status"] == "200 OK"
    # a newer version updates (200); a resource first known as a reference is created (201)
    newer = f.patient("p1", version=2, family="Смирнова-Петрова")
    later = client.post("/fhir", json=f.bundle(
        [newer, f.encounter("e9", "Patient/p1", basedOn=[{"reference": "ServiceRequest/s9"}])],
        kind="batch")).json()
    assert [e["response"]["status"] for e in later["entry"]] == ["200 OK", "201 Created"]
    referral = client.post("/fhir", json=f.bundle([f.referral("s9", "Patient/p1")],
                                                  kind="batch")).json()
    assert referral["entry"][0]["response"]["status"] == "201 Created"


def test_an_entry_coded_outside_icd10_is_stored_with_a_warning(client: TestClient,
                                                               graph: Graph) -> None:
    bundle = f.bundle([f.patient("p1"), f.condition("c1", "Patient/p1", "C99.9"),
                       f.condition("c2", "Patient/p1", "C509")], kind="batch")
    body = client.post("/fhir", json=bundle).json()
    statuses = [e["response"]["status"] for e in body["entry"]]
    assert statuses == ["201 Created", "201 Created", "201 Created"]
    [warning] = body["entry"][1]["response"]["outcome"]["issue"]
    assert (warning["severity"], warning["code"], warning["expression"]) == \
        ("warning", "code-invalid", ["Bundle.entry[1]"])
    assert "«C99.9» отсутствует в МКБ-10: запись сохранена" in warning["diagnostics"]
    assert "outcome" not in body["entry"][2]["response"]  # C509 is C50.9
    assert scalar(graph, "MATCH (r:Record {resourceId: 'c1'}) RETURN r.icd10") == "C99.9"


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


def test_other_bundles_and_anonymous_callers_are_refused(client: TestClient,
                                                         settings: Settings) -> None:
    collection = client.post("/fhir", json=f.bundle([f.patient("x")]))
    assert collection.status_code == 400
    assert collection.json()["resourceType"] == "OperationOutcome"
    clinician = issue_token(Principal("doctor", "clinician"), settings)
    forbidden = client.post("/fhir", json=f.bundle([f.patient("x")], kind="batch"),
                            headers={"Authorization": f"Bearer {clinician}"})
    del client.headers["Authorization"]
    anonymous = client.post("/fhir", json=f.bundle([f.patient("x")], kind="batch"))
    # a FHIR client reads every failure as an OperationOutcome, whatever refused it
    for response, status, issue in ((forbidden, 403, "forbidden"), (anonymous, 401, "login"),
                                    (client.get("/fhir/Observation/1"), 501,
                                     "not-supported"),
                                    (client.get("/fhir/nothing-here"), 404, "not-found"),
                                    (client.put("/fhir"), 405, "not-supported")):
        assert response.status_code == status
        assert response.headers["content-type"].startswith("application/fhir+json")
        body = response.json()
        assert (body["resourceType"], body["issue"][0]["code"]) == ("OperationOutcome", issue)
        assert body["issue"][0]["diagnostics"]


def test_each_request_entry_gets_one_answer_in_order(client: TestClient, graph: Graph) -> None:
    """A document Bundle inside a batch used to add one response entry per resource in it,
    so that every later answer was given to the wrong entry."""
    document = {"resourceType": "Bundle", "id": "doc", "type": "collection", "entry": [
        {"resource": f.patient("n1")},
        {"resource": f.condition("nc", "Patient/n1", "C34.1")}]}
    delete = {"request": {"method": "DELETE", "url": "Condition/nc"}}
    wrong_put = {"resource": f.patient("n2"),
                 "request": {"method": "PUT", "url": "Patient/n3"}}
    bundle = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": document, "request": {"method": "POST", "url": "Bundle"}},
        delete, wrong_put,
        {"resource": f.patient("n4"), "request": {"method": "PUT", "url": "Patient/n4"}}]}
    body = client.post("/fhir", json=bundle).json()
    statuses = [e["response"]["status"] for e in body["entry"]]
    assert statuses == ["201 Created", "405 Method Not Allowed", "400 Bad Request",
                        "201 Created"]
    assert "entered-in-error" in body["entry"][1]["response"]["outcome"]["issue"][0][
        "diagnostics"]
    assert "request.url 'Patient/n3' указывает Patient/n3, а entry содержит Patient/n2" in \
        body["entry"][2]["response"]["outcome"]["issue"][0]["diagnostics"]
    assert body["entry"][3]["response"]["location"] == "Patient/n4"
    assert scalar(graph, "MATCH (r:Record {key: 'mis-http|Condition|nc'}) RETURN count(r)") == 1
    assert scalar(graph, "MATCH (r:Record {key: 'mis-http|Patient|n2'}) RETURN count(r)") == 0
    # nothing sent is lost: the refused DELETE and the mismatched PUT wait in quarantine
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 2


def test_a_transaction_with_a_delete_is_refused_whole(client: TestClient, graph: Graph) -> None:
    bundle = f.bundle([f.patient("d1")], kind="transaction")
    bundle["entry"].append({"request": {"method": "DELETE", "url": "Patient/d0"}})
    refused = client.post("/fhir", json=bundle)
    assert refused.status_code == 400
    assert refused.json()["issue"][0]["expression"] == ["Bundle.entry[1]"]
    assert scalar(graph, "MATCH (r:Record) RETURN count(r)") == 0


def test_everything_points_every_reference_at_an_entry(client: TestClient, graph: Graph) -> None:
    """Sent as urn:uuid names of the sender's Bundle, references dangled in $everything."""
    hospital = f.organization("1.2.643.5.1.13.13.12.2.1.9", "Онкодиспансер", "oncology-dispensary",
                              rid="od")
    visit = f.encounter("e1", "urn:uuid:u1",
                        serviceProvider={"reference": "urn:uuid:od"})
    diagnosis = f.condition("c1", "urn:uuid:u1", "C16.2",
                            encounter={"reference": "urn:uuid:e1"})
    posted = client.post("/fhir", json=f.bundle(
        [hospital, {**f.patient("u1")}, visit, diagnosis], kind="transaction", urn=True))
    assert posted.status_code == 200, posted.text
    patient_id = scalar(graph, "MATCH (p:Passport) RETURN p.patientId")
    body = client.get(f"/fhir/Patient/{patient_id}/$everything").json()
    # the operation answers the same when invoked by POST
    assert client.post(f"/fhir/Patient/{patient_id}/$everything").json()["entry"] == \
        body["entry"]
    urls = {entry["fullUrl"] for entry in body["entry"]}
    by_type = {e["resource"]["resourceType"]: e for e in body["entry"]
               if e["search"]["mode"] == "include"}
    assert set(by_type) == {"Organization", "Patient", "Encounter", "Condition"}

    def references(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return own + [r for value in node.values() for r in references(value)]
        return [r for value in node for r in references(value)] if isinstance(node, list) \
            else []

    found = references([e["resource"] for e in body["entry"]])
    assert found and set(found) <= urls
    condition = by_type["Condition"]["resource"]
    assert condition["subject"]["reference"] == by_type["Patient"]["fullUrl"]
    assert condition["encounter"]["reference"] == by_type["Encounter"]["fullUrl"]
    assert by_type["Encounter"]["resource"]["serviceProvider"]["reference"] == \
        by_type["Organization"]["fullUrl"]


def test_a_partly_usable_document_says_what_of_it_was_stored(client: TestClient,
                                                             graph: Graph) -> None:
    document = {"resourceType": "Bundle", "id": "doc2", "type": "collection", "entry": [
        {"resource": f.patient("m1")},
        {"resource": f.patient("m2", birth="1970-13-01")}]}
    body = client.post("/fhir", json={"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": document}]}).json()
    [answer] = body["entry"]
    issues = answer["response"]["outcome"]["issue"]
    assert answer["response"]["status"] == "400 Bad Request"
    assert [(i["severity"], i["diagnostics"].startswith("сохранено: ")) for i in issues] == [
        ("error", False), ("information", True)]
    assert issues[1]["diagnostics"] == "сохранено: Patient/m1"
    assert scalar(graph, "MATCH (r:Record {key: 'mis-http|Patient|m1'}) RETURN count(r)") == 1


def test_xml_is_refused_with_the_format_the_server_speaks(client: TestClient,
                                                         graph: Graph) -> None:
    for response in (client.get("/fhir/metadata?_format=xml"),
                     client.get("/fhir/metadata", headers={"Accept": "application/fhir+xml"})):
        assert response.status_code == 406
        assert response.json()["issue"][0]["code"] == "not-supported"
    assert client.get("/fhir/metadata", headers={"Accept": "application/fhir+json"}
                      ).status_code == 200
    assert client.get("/fhir/metadata?_format=json").status_code == 200
    posted = client.post("/fhir", content=b"<Bundle xmlns='http://hl7.org/fhir'/>",
                         headers={"Content-Type": "application/fhir+xml"})
    assert posted.status_code == 415
    diagnostics = posted.json()["issue"][0]["diagnostics"]
    assert diagnostics.startswith("Content-Type application/fhir+xml не читается")
    assert "пришлите Bundle как application/fhir+json" in diagnostics
    assert scalar(graph, "MATCH (q:Quarantine) RETURN q.raw").startswith("<Bundle")


def test_a_conditional_create_finds_the_stored_record(client: TestClient, graph: Graph) -> None:
    """Another MIS sends its patient with `ifNoneExist: identifier=СНИЛС` and a diagnosis
    naming the patient by the entry's urn:uuid. The person is stored already (by СНИЛС,
    written with spaces and dashes there, digits here): the patient entry stores nothing and
    answers 200 with the stored record's location, and the diagnosis names that record."""
    client.post("/fhir", json=f.bundle([f.patient("p1", snils="112-233-445 95")],
                                       kind="batch"))
    again = {**f.patient("local-7", snils="11223344595", local_system="urn:mis:b:patient")}
    diagnosis = f.condition("c7", "urn:uuid:patient-7", "C50.4")
    fresh = f.patient("p8", snils="156-987-458 41")
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:patient-7", "resource": again,
         "request": {"method": "POST", "url": "Patient",
                     "ifNoneExist": f"identifier={f.SNILS}|11223344595"}},
        {"fullUrl": "urn:uuid:c7", "resource": diagnosis,
         "request": {"method": "POST", "url": "Condition"}},
        {"fullUrl": "urn:uuid:patient-8", "resource": fresh,
         "request": {"method": "POST", "url": "Patient",
                     "ifNoneExist": f"identifier={f.SNILS}|156-987-458 41"}}]}
    answer = client.post("/fhir", json=bundle)
    assert answer.status_code == 200, answer.text
    responses = [e["response"] for e in answer.json()["entry"]]
    assert responses[0] == {"status": "200 OK", "location": "Patient/p1"}
    assert [r["status"] for r in responses[1:]] == ["201 Created", "201 Created"]
    stored = scalar(graph, "MATCH (r:Record {resourceType: 'Patient'}) "
                           "WHERE NOT r.placeholder RETURN collect(r.key)")
    assert sorted(stored) == ["mis-http|Patient|p1", "mis-http|Patient|p8"]
    assert scalar(graph, "MATCH (:Record {key: 'mis-http|Condition|c7'})-[:SUBJECT]->(s) "
                         "RETURN s.key") == "mis-http|Patient|p1"


def test_a_conditional_create_must_pick_one_record_by_identifier(client: TestClient,
                                                                 graph: Graph) -> None:
    """Two stored patients carry the searched identifier: 412, nothing stored and the
    entry kept in quarantine; a search by name is refused as not supported, and kept."""
    shared = {"system": "urn:region:card", "value": "K-1"}
    twins = [f.patient(pid, identifier=[{"system": "urn:mis:a:patient", "value": pid},
                                         shared]) for pid in ("t1", "t2")]
    client.post("/fhir", json=f.bundle(twins, kind="batch"))
    bundle = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": f.patient("t3"),
         "request": {"method": "POST", "url": "Patient",
                     "ifNoneExist": "identifier=urn:region:card|K-1"}},
        {"resource": f.patient("t4"),
         "request": {"method": "POST", "url": "Patient", "ifNoneExist": "family=Смирнова"}}]}
    responses = [e["response"] for e in client.post("/fhir", json=bundle).json()["entry"]]
    assert [r["status"] for r in responses] == ["412 Precondition Failed", "400 Bad Request"]
    assert "Patient/t1, Patient/t2" in responses[0]["outcome"]["issue"][0]["diagnostics"]
    assert ("request.ifNoneExist 'family=Смирнова': условие условного создания "
            "поддерживается только вида identifier=system|value") in \
        responses[1]["outcome"]["issue"][0]["diagnostics"]
    assert scalar(graph, "MATCH (r:Record) WHERE r.key IN ['mis-http|Patient|t3', "
                         "'mis-http|Patient|t4'] RETURN count(r)") == 0
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 2


def test_a_conditional_create_of_an_organization_finds_it_by_its_oid(client: TestClient,
                                                                     graph: Graph) -> None:
    """An Organization's FRMO OID names the organisation, not an identifier node: the
    conditional create finds the record describing it, and a referral naming the entry
    by its urn:uuid is issued by that organisation."""
    client.post("/fhir", json=f.bundle([f.organization("1.2.643.5.1.13.21", "ЦАОП Южный",
                                                       "caop", rid="caop-21")], kind="batch"))
    again = f.organization("1.2.643.5.1.13.21", "ЦАОП «Южный»", "caop", rid="org-77")
    referral = f.referral("r7", "Patient/p7")
    referral["requester"] = {"reference": "urn:uuid:org-77"}
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:org-77", "resource": again,
         "request": {"method": "POST", "url": "Organization",
                     "ifNoneExist": f"identifier={f.FRMO}|1.2.643.5.1.13.21"}},
        {"resource": f.patient("p7"), "request": {"method": "PUT", "url": "Patient/p7"}},
        {"resource": referral, "request": {"method": "PUT", "url": "ServiceRequest/r7"}}]}
    responses = [e["response"] for e in client.post("/fhir", json=bundle).json()["entry"]]
    assert responses[0] == {"status": "200 OK", "location": "Organization/caop-21"}
    assert scalar(graph, "MATCH (r:Record {key: 'mis-http|Organization|org-77'}) "
                         "RETURN count(r)") == 0
    assert scalar(graph, "MATCH (:Record {key: 'mis-http|ServiceRequest|r7'})"
                         "-[:ISSUED_BY]->(o:Organization) RETURN o.oid") == "1.2.643.5.1.13.21"


def test_a_conditional_update_replaces_the_senders_own_record(client: TestClient,
                                                              graph: Graph) -> None:
    """`PUT Patient?identifier=СНИЛС` from an MIS whose patient is stored (and whose СНИЛС
    another organisation's record carries too): the entry becomes the new version of the
    sender's own record — the other organisation's is not the sender's to replace — and a
    diagnosis naming the entry by urn:uuid names that record. Found nowhere: created under
    its own id."""
    client.post("/fhir", json=f.bundle([f.patient("p1", snils="112-233-445 95")],
                                       kind="batch"))
    client.post("/fhir", headers={"X-Source-System": "mis-b"},
                json=f.bundle([f.patient("b-7", snils="112-233-445 95")], kind="batch"))
    renamed = f.patient("p1", family="Смирнова-Орлова", snils="112-233-445 95",
                        version=2)
    del renamed["id"]
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:patient-1", "resource": renamed,
         "request": {"method": "PUT", "url": f"Patient?identifier={f.SNILS}|11223344595"}},
        {"fullUrl": "urn:uuid:c1", "resource": f.condition("c1", "urn:uuid:patient-1", "C50.4"),
         "request": {"method": "POST", "url": "Condition"}},
        {"resource": f.patient("p9", snils="156-987-458 41"),
         "request": {"method": "PUT", "url": f"Patient?identifier={f.SNILS}|15698745841"}}]}

    answer = client.post("/fhir", json=bundle)

    assert answer.status_code == 200, answer.text
    responses = [e["response"] for e in answer.json()["entry"]]
    assert responses == [{"status": "200 OK", "location": "Patient/p1"},
                         {"status": "201 Created", "location": "Condition/c1"},
                         {"status": "201 Created", "location": "Patient/p9"}]
    patients = {row["key"]: row["family"] for row in graph.read_text(
        "MATCH (r:Record {resourceType: 'Patient'}) WHERE NOT r.placeholder "
        "RETURN r.key AS key, r.family AS family")}
    assert patients == {"mis-http|Patient|p1": "Смирнова-Орлова",
                        "mis-b|Patient|b-7": "Смирнова", "mis-http|Patient|p9": "Смирнова"}
    assert scalar(graph, "MATCH (:Record {key: 'mis-http|Condition|c1'})-[:SUBJECT]->(s) "
                         "RETURN s.key") == "mis-http|Patient|p1"


def test_a_conditional_update_is_refused_when_it_does_not_name_one_record(
        client: TestClient, graph: Graph) -> None:
    """Several of the sender's records found: 412; a body naming another id than the one
    found, or another type than the url searches, or a search by name: 400 — each kept in
    quarantine with the reason, nothing stored."""
    shared = {"system": "urn:region:card", "value": "K-1"}
    client.post("/fhir", json=f.bundle([
        f.patient(pid, identifier=[{"system": "urn:mis:a:patient", "value": pid}, shared])
        for pid in ("t1", "t2")], kind="batch"))
    bundle = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": f.patient("t3", family="Иванова"),
         "request": {"method": "PUT", "url": "Patient?identifier=urn:region:card|K-1"}},
        {"resource": f.patient("t9", family="Иванова"),
         "request": {"method": "PUT", "url": "Patient?identifier=urn:mis:a:patient|t1"}},
        {"resource": f.patient("t1", family="Иванова"),
         "request": {"method": "PUT", "url": "Condition?identifier=urn:mis:a:patient|t1"}},
        {"resource": f.patient("t1", family="Иванова"),
         "request": {"method": "PUT", "url": "Patient?family=Смирнова"}}]}

    responses = [e["response"] for e in client.post("/fhir", json=bundle).json()["entry"]]

    assert [r["status"] for r in responses] == ["412 Precondition Failed"] + \
        ["400 Bad Request"] * 3
    reasons = [r["outcome"]["issue"][0]["diagnostics"] for r in responses]
    assert reasons[0].startswith("request.url 'Patient?identifier=urn:region:card|K-1' находит "
                                 "несколько записей (Patient/t1, Patient/t2)")
    assert "находит Patient/t1, а entry содержит Patient/t9" in reasons[1]
    assert "с id 't1'" in reasons[1]
    assert "'Condition?identifier=urn:mis:a:patient|t1' ищет Condition, а entry содержит " \
        "Patient" in reasons[2]
    assert reasons[3].startswith("request.url 'Patient?family=Смирнова': условие условного "
                                 "обновления поддерживается только вида identifier=system|value")
    assert scalar(graph, "MATCH (r:Record {resourceType: 'Patient'}) "
                         "WHERE r.family = 'Иванова' OR r.key ENDS WITH 't9' "
                         "OR r.key ENDS WITH 't3' RETURN count(r)") == 0
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 4


def test_a_create_without_id_or_full_url_gets_an_id_from_the_server(client: TestClient,
                                                                     graph: Graph) -> None:
    """FHIR's create lets the server assign the id; it was refused as «непригодный id ('None')»."""
    diagnosis = f.condition("unused", "Patient/p1", "C61")
    del diagnosis["id"]
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"resource": f.patient("p1"), "request": {"method": "PUT", "url": "Patient/p1"}},
        {"resource": diagnosis, "request": {"method": "POST", "url": "Condition"}}]}

    response = client.post("/fhir", json=bundle)

    assert response.status_code == 200, response.text
    created = response.json()["entry"][1]["response"]
    assert created["status"] == "201 Created"
    kind, assigned = created["location"].split("/")
    assert kind == "Condition" and len(assigned) == 32
    assert scalar(graph, "MATCH (r:Record {key: $key})-[:SUBJECT]->(:PatientRecord) "
                         "RETURN r.icd10", key=f"mis-http|Condition|{assigned}") == "C61"
    assert scalar(graph, "MATCH (q:Quarantine) RETURN count(q)") == 0
