"""A review pair answered by a join of its two people: the join closes it (`joined`), the
list never shows a pair of records one person holds, and «Разные люди» on such a pair is
refused with how to part the people instead (GET/POST /identity/reviews)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph.database import Graph
from ingest.identity import close_answered_reviews
from onkopassport.startup import prepare_graph
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

SNILS = "112-233-445 95"
POLY_CARD = "urn:mis:poly:patient"


def _card(pid: str, **fields: Any) -> dict[str, Any]:
    return f.patient(pid, family="Иванова", given="Мария", patronymic="Петровна", **fields)


def _pair_asked(ingest: IngestFn, client: TestClient) -> dict[str, Any]:
    """The polyclinic's card (no СНИЛС) is one person, a record naming the patient by
    СНИЛС another; the dispensary's card carries the СНИЛС and all else the polyclinic's
    card has: it joins the СНИЛС person, and the pair (100 %) is asked."""
    ingest([_card("1", local_system=POLY_CARD)], "poly")
    by_snils = f.condition("c1", "Patient/x", "C50.4")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3", "value": SNILS}}
    ingest([by_snils], "registry-office")
    ingest([_card("2", snils=SNILS, local_system="urn:mis:onco:patient")], "onco")
    [pair] = client.get("/identity/reviews").json()
    assert {record["key"] for record in pair["records"]} == {"onco|Patient|2", "poly|Patient|1"}
    return pair


def _review(graph: Graph, review_id: str) -> dict[str, Any]:
    [row] = graph.read_text(
        "MATCH (r:LinkReview {reviewId: $id}) RETURN r.status AS status, "
        "r.joinedInto AS joinedInto, r.joinedBecause AS because, r.joinedVia AS via, "
        "r.decidedAt IS NOT NULL AS dated", id=review_id)
    return row


def _person(graph: Graph, key: str) -> str:
    return str(scalar(graph, "MATCH (:PatientRecord {key: $key})-[:BELONGS_TO]->(p) "
                             "RETURN p.patientId", key=key))


def test_a_100_percent_pair_says_why_it_was_not_joined(
        ingest: IngestFn, client: TestClient) -> None:
    pair = _pair_asked(ingest, client)

    assert pair["score"] == 1.0
    assert pair["reasonRu"].endswith("район совпадает; СНИЛС есть только в одной записи.")
    assert pair["notJoinedRu"] == (
        "Не объединены автоматически: записи уже принадлежат двум разным людям, а людей "
        "система объединяет сама только по общему СНИЛС, ЕНП или номеру карты вместе с "
        "датой рождения; по одному сходству ФИО, пола и района решает оператор.")


def test_a_record_carrying_both_identifiers_closes_the_pair_as_joined(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    pair = _pair_asked(ingest, client)

    # The laboratory's card carries the СНИЛС and the polyclinic's card number (and the
    # same birth date): the two people are one.
    lab = _card("9", snils=SNILS, local_system="urn:mis:lab:patient")
    lab["identifier"].append({"system": POLY_CARD, "value": "1"})
    ingest([lab], "lab")

    person = _person(graph, "poly|Patient|1")
    assert _person(graph, "onco|Patient|2") == person
    assert _review(graph, pair["reviewId"]) == {
        "status": "joined", "joinedInto": person, "because": "local-id",
        "via": "lab|Patient|9", "dated": True}
    assert client.get("/identity/reviews").json() == []

    refused = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": False})
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith(
        f"Пара '{pair['reviewId']}' уже закрыта: обе её записи принадлежат одному человеку "
        f"{person}")
    assert _review(graph, pair["reviewId"])["status"] == "joined"

    # Parted again by hand: the pair stays closed, and says what became of it.
    [join] = client.get("/identity/merges").json()
    assert client.post("/identity/merges/undo", json={
        "patient_id": join["patientId"], "merged_from": join["mergedFrom"],
        "why": "разные люди"}).status_code == 200
    parted = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": False})
    assert parted.status_code == 409
    assert parted.json()["detail"] == (
        f"Пара '{pair['reviewId']}' уже закрыта: её записи объединяли в одного человека "
        f"({person}), затем людей разъединили вручную; решение не требуется.")
    assert client.get("/identity/reviews").json() == []


def test_different_people_is_refused_for_an_open_pair_one_person_holds(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """A pair left open by a join made before joins closed pairs: not listed, and «Разные
    люди» is refused (the graph keeps the records one person's) with how to part them."""
    pair = _pair_asked(ingest, client)
    graph.write_text("""
        MATCH (poly:PatientRecord {key: 'poly|Patient|1'})-[link:BELONGS_TO]->()
        MATCH (:PatientRecord {key: 'onco|Patient|2'})-[:BELONGS_TO]->(person)
        DELETE link
        CREATE (poly)-[:BELONGS_TO {reason: 'snils', mergedFrom: 'P-OLD'}]->(person)""")
    person = _person(graph, "onco|Patient|2")

    assert client.get("/identity/reviews").json() == []
    refused = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": False})

    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert f"обе её записи принадлежат одному человеку {person}" in detail
    assert "Ответ «Разные люди» записи не разделит" in detail
    assert "кнопкой «Разъединить людей»" in detail
    assert _review(graph, pair["reviewId"])["status"] == "open"


def test_accepting_a_pair_closes_another_pair_the_join_answered(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """Three cards in three districts (alike only enough for a pair): B is paired with A,
    C with A and with B. «Один человек» for B–A, then for C–A, makes C–B one person's."""
    for source, district in (("a", "Южный"), ("b", "Западный"), ("c", "Восточный")):
        ingest([_card("1", district=district, local_system=f"urn:mis:{source}:patient")],
               source)
    pairs = {frozenset(record["key"] for record in pair["records"]): pair["reviewId"]
             for pair in client.get("/identity/reviews").json()}
    a, b, c = "a|Patient|1", "b|Patient|1", "c|Patient|1"
    assert set(pairs) == {frozenset({a, b}), frozenset({a, c}), frozenset({b, c})}

    for accepted in ({a, b}, {a, c}):
        decided = client.post(f"/identity/reviews/{pairs[frozenset(accepted)]}",
                              json={"accept": True})
        assert decided.status_code == 200, decided.text

    assert _review(graph, pairs[frozenset({b, c})]) == {
        "status": "joined", "joinedInto": _person(graph, c), "because": "review",
        "via": c, "dated": True}
    assert client.get("/identity/reviews").json() == []


def test_the_start_closes_an_open_pair_one_person_holds_as_joined(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """The same pair left open by an earlier version's join: the next start closes it as
    joined into the person, with the link's reason, and a second start finds nothing."""
    pair = _pair_asked(ingest, client)
    graph.write_text("""
        MATCH (poly:PatientRecord {key: 'poly|Patient|1'})-[link:BELONGS_TO]->()
        MATCH (:PatientRecord {key: 'onco|Patient|2'})-[:BELONGS_TO]->(person)
        DELETE link
        CREATE (poly)-[:BELONGS_TO {reason: 'snils', mergedFrom: 'P-OLD',
                                    mergedBecause: 'snils', mergedVia: 'lab|Patient|9'}]
               ->(person)""")
    person = _person(graph, "onco|Patient|2")

    prepare_graph(graph)

    assert _review(graph, pair["reviewId"]) == {
        "status": "joined", "joinedInto": person, "because": "snils",
        "via": "lab|Patient|9", "dated": True}
    assert close_answered_reviews(graph) == 0
    accepted = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": True})
    assert accepted.status_code == 409
    assert accepted.json()["detail"].endswith("Решение не требуется.")


def test_the_start_leaves_open_a_pair_of_two_people(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    pair = _pair_asked(ingest, client)

    prepare_graph(graph)

    assert _review(graph, pair["reviewId"])["status"] == "open"
    assert [p["reviewId"] for p in client.get("/identity/reviews").json()] == [pair["reviewId"]]
