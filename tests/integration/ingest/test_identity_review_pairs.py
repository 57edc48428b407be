"""Review pairs of a record linked to one person by its СНИЛС and resembling others below a
link, through the real pipeline and the review list the «Сверка личности» page reads
(GET /identity/reviews): one pair per person, not asked twice."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.database import Graph
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

SNILS = "112-233-445 95"
OTHER_SNILS = "00375659347"


def _named_by_snils(ingest: IngestFn) -> None:
    """A registry record naming its patient only by СНИЛС: the person the cards link to."""
    by_snils = f.condition("c1", "Patient/x", "C50.4")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3", "value": SNILS}}
    ingest([by_snils], "registry-office")


def _card(pid: str, **fields: Any) -> dict[str, Any]:
    return f.patient(pid, family="Иванова", given="Мария", patronymic="Петровна", **fields)


def _pairs_of(client: TestClient, key: str) -> list[dict[str, Any]]:
    return [pair for pair in client.get("/identity/reviews").json()
            if key in {record["key"] for record in pair["records"]}]


def _reviews(graph: Graph) -> int:
    return int(scalar(graph, "MATCH (r:LinkReview) RETURN count(r)"))


def test_a_record_linked_by_snils_and_resembling_another_person_is_reviewed_once(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """The polyclinic's card (district «Южный», no СНИЛС) is one person; the dispensary's
    card carries the СНИЛС and scores 0.85 against it (another district): it joins the
    СНИЛС person and the pair is asked, shown as any pair is. A later card of the same
    person is not asked about the same two people again, open or rejected."""
    ingest([_card("1", district="Южный")], "poly")
    _named_by_snils(ingest)
    ingest([_card("2", snils=SNILS, local_system="urn:mis:onco:patient")], "onco")

    [pair] = client.get("/identity/reviews").json()
    assert {r["key"] for r in pair["records"]} == {"onco|Patient|2", "poly|Patient|1"}
    assert pair["score"] == 0.85
    assert pair["reasonRu"] == ("Дата рождения совпадает; ФИО похожи на 100 %; пол совпадает; "
                                "районы различаются; СНИЛС есть только в одной записи.")
    assert scalar(graph, "MATCH (:PatientRecord {key: 'onco|Patient|2'})-[l:BELONGS_TO]->() "
                         "RETURN l.reason") == "snils"

    ingest([_card("3", snils=SNILS, local_system="urn:mis:lab:patient")], "lab")
    assert _reviews(graph) == 1
    decided = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": False})
    assert decided.status_code == 200, decided.text
    ingest([_card("4", snils=SNILS, local_system="urn:mis:hosp:patient")], "hosp")
    assert _reviews(graph) == 1
    assert client.get("/identity/reviews").json() == []


def test_a_record_resembling_two_people_is_paired_with_each(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """Two cards in two other districts are two people (alike only enough for a pair of
    their own); the dispensary's card resembles both: a pair with each, the closer first."""
    ingest([_card("1", district="Южный")], "poly")
    ingest([f.patient("1", family="Иванова", given="Марья", patronymic="Петровна",
                      district="Западный", local_system="urn:mis:clinic:patient")], "clinic")
    _named_by_snils(ingest)
    ingest([_card("2", snils=SNILS, local_system="urn:mis:onco:patient")], "onco")

    pairs = _pairs_of(client, "onco|Patient|2")
    others = [next(r["key"] for r in pair["records"] if r["key"] != "onco|Patient|2")
              for pair in pairs]
    assert others == ["poly|Patient|1", "clinic|Patient|1"]
    assert [pair["score"] for pair in pairs] == [0.85, 0.8159]
    assert all(len(pair["records"]) == 2 and pair["reasonRu"].startswith("Дата рождения")
               for pair in pairs)
    people = {r["patientId"] for pair in pairs for r in pair["records"]}
    assert len(people) == 3


@pytest.mark.parametrize("district", ["Южный", "Северный"])  # below a link; as alike as one
def test_people_of_two_different_snils_are_not_paired(
        graph: Graph, ingest: IngestFn, client: TestClient, district: str) -> None:
    """The card without СНИЛС links to the СНИЛС person through its ЕНП; the card it
    resembles holds another СНИЛС: the two people could never be one."""
    ingest([_card("1", district=district, snils=OTHER_SNILS)], "poly")
    ingest([_card("5", snils=SNILS, enp="1234567890123456",
                  local_system="urn:mis:hosp:patient", district="Восточный")], "hosp")
    before = _reviews(graph)
    ingest([_card("2", enp="1234567890123456", local_system="urn:mis:onco:patient")], "onco")

    assert scalar(graph, "MATCH (:PatientRecord {key: 'onco|Patient|2'})-[l:BELONGS_TO]->() "
                         "RETURN l.reason") == "enp"
    assert _reviews(graph) == before
    assert _pairs_of(client, "onco|Patient|2") == []
