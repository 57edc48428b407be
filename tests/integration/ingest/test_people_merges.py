"""Two people already in the graph joined by one record that proves them one, and an
operator undoing that join in one step (GET /identity/merges, POST /identity/merges/undo)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.database import Graph
from onkopassport.cli import app as cli
from onkopassport.errors import NotFoundError
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

SNILS = "112-233-445 95"
HOSPITAL_CARD = "urn:mis:hospital:patient"


def _people(graph: Graph) -> int:
    return int(scalar(graph, "MATCH (p:Patient) RETURN count(p)"))


def _person_of(graph: Graph, record_key: str) -> str:
    return str(scalar(graph, """
        MATCH (:Record {key: $key})-[:SUBJECT]->()-[:BELONGS_TO]->(p:Patient)
        RETURN p.patientId""", key=record_key))


def _onco_card(pid: str) -> dict[str, Any]:
    """The dispensary's card: its own id, the СНИЛС and the hospital's card number."""
    card = f.patient(pid, family="Климов", given="Пётр", patronymic="Фёдорович", sex="male",
                     birth="1961-09-09", snils=SNILS, local_system="urn:mis:onco:patient")
    card["identifier"].append({"system": HOSPITAL_CARD, "value": "1132"})
    return card


def _two_people_then_the_record_joining_them(ingest: IngestFn) -> None:
    ingest([f.patient("1132", family="Климов", given="Пётр", patronymic="Фёдорович",
                      sex="male", birth="1961-09-09", local_system=HOSPITAL_CARD),
            f.encounter("e1", "Patient/1132", start="2025-01-10"),
            f.condition("c0", "Patient/1132", "C34.1")], "hospital")
    by_snils = f.condition("c1", "Patient/x", "C34.1")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3", "value": SNILS}}
    ingest([by_snils], "registry-office")


def test_a_hospital_card_number_and_birth_date_join_two_stored_people(
        graph: Graph, ingest: IngestFn) -> None:
    _two_people_then_the_record_joining_them(ingest)
    assert _people(graph) == 2  # the card and the СНИЛС share nothing yet

    ingest([_onco_card("646")], "onco")

    assert _people(graph) == 1
    assert _person_of(graph, "hospital|Encounter|e1") == \
        _person_of(graph, "registry-office|Condition|c1")
    assert scalar(graph, """
        MATCH (:PatientRecord {key: 'hospital|Patient|1132'})-[link:BELONGS_TO]->()
        RETURN link.mergedBecause + ' via ' + link.mergedVia""") == \
        "local-id via onco|Patient|646"


def test_an_operator_undoes_a_join_in_one_step_and_it_is_not_made_again(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    _two_people_then_the_record_joining_them(ingest)
    ingest([_onco_card("646")], "onco")

    [join] = client.get("/identity/merges").json()
    assert join["reason"] == "local-id"
    assert join["reasonRu"] == "общий номер карты организации и дата рождения"
    assert join["via"]["key"] == "onco|Patient|646"
    assert join["via"]["birthDate"] == "1961-09-09"
    assert [record["key"] for record in join["moved"]] == ["hospital|Patient|1132"]
    assert join["family"] == "Климов" and join["mergedAt"]

    undone = client.post("/identity/merges/undo", json={
        "patient_id": join["patientId"], "merged_from": join["mergedFrom"],
        "why": "однофамильцы, карта перепутана"})
    assert undone.status_code == 200, undone.text
    assert undone.json()["recordsMovedBack"] == ["hospital|Patient|1132"]

    assert _people(graph) == 2
    assert _person_of(graph, "hospital|Encounter|e1") == join["mergedFrom"]
    assert _person_of(graph, "registry-office|Condition|c1") == join["patientId"]
    # Both are people with passports again: the refresh rebuilt the one made anew.
    assert scalar(graph, "MATCH (p:Passport {patientId: $id}) RETURN count(p)",
                  id=join["mergedFrom"]) == 1
    assert client.get("/identity/merges").json() == []

    # Another record carrying both identifiers does not join them again.
    ingest([_onco_card("647")], "onco-2")
    assert _people(graph) == 2
    assert _person_of(graph, "hospital|Encounter|e1") == join["mergedFrom"]


def test_undoing_a_join_that_was_not_made_says_so_in_russian(client: TestClient) -> None:
    response = client.post("/identity/merges/undo", json={
        "patient_id": "P1", "merged_from": "P2", "why": "другой человек"})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Человек P1 не объединён с человеком P2")


def test_the_cli_lists_joins_and_undoes_one(graph: Graph, ingest: IngestFn) -> None:
    _two_people_then_the_record_joining_them(ingest)
    ingest([_onco_card("646")], "onco")
    into = _person_of(graph, "registry-office|Condition|c1")
    joined = str(scalar(graph, "MATCH ()-[l:BELONGS_TO]->() WHERE l.mergedFrom IS NOT NULL "
                               "RETURN l.mergedFrom"))

    listed = CliRunner().invoke(cli, ["identity", "merges"])
    assert listed.exit_code == 0, listed.output
    assert "Объединённые люди: 1" in listed.output and joined in listed.output

    wrong = CliRunner().invoke(cli, ["identity", "unmerge", into, "--from", "P-NOBODY",
                                     "--operator", "registrar", "--why", "разные люди"])
    # The console entry point (onkopassport.cli.run) prints a project error's message.
    assert isinstance(wrong.exception, NotFoundError)
    assert "не объединён с человеком P-NOBODY" in str(wrong.exception)

    undone = CliRunner().invoke(cli, ["identity", "unmerge", into, "--from", joined,
                                      "--operator", "registrar", "--why", "разные люди"])
    assert undone.exit_code == 0, undone.output
    assert f"{joined} снова отдельный человек: ему возвращены записи (1): " \
        "hospital|Patient|1132" in " ".join(undone.output.split())
    assert _people(graph) == 2


def test_accepting_a_review_pair_makes_the_two_people_one_whole(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """«Это один человек» joins the people, not one record: a person holding two cards (one
    СНИЛС) stays whole whichever of the pair's records the review names first."""
    ingest([f.patient("1", family="Иванова", given="Мария", patronymic="Петровна",
                      snils=SNILS)], "a")
    ingest([f.patient("3", family="Иванова", given="Мария", patronymic="Петровна",
                      snils=SNILS)], "c")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный")], "b")
    assert _people(graph) == 2
    [pair] = client.get("/identity/reviews").json()

    decided = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": True})

    assert decided.status_code == 200, decided.text
    assert _people(graph) == 1
    [join] = client.get("/identity/merges").json()
    assert (join["reason"], join["reasonRu"]) == ("review", "решение оператора: один человек")
    assert [record["key"] for record in join["moved"]] == ["b|Patient|2"]
    undone = client.post("/identity/merges/undo", json={
        "patient_id": join["patientId"], "merged_from": join["mergedFrom"],
        "why": "ошибся при сверке"})
    assert undone.status_code == 200 and _people(graph) == 2


def test_a_review_pair_of_people_with_two_snils_is_not_accepted(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    ingest([f.patient("1", family="Иванова", given="Мария", patronymic="Петровна",
                      snils=SNILS)], "a")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный")], "b")
    [pair] = client.get("/identity/reviews").json()
    # Meanwhile the second person's card got a СНИЛС of its own.
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный", snils="146-234-715 53", version=2)], "b")

    decided = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": True})

    assert decided.status_code == 409
    assert "разные СНИЛС" in decided.json()["detail"]
    # the numbers are not repeated: a coordinator sees СНИЛС masked
    assert not re.search(r"445 ?95|715 ?53", decided.json()["detail"])
    assert _people(graph) == 2
    assert client.get("/identity/reviews").json()[0]["reviewId"] == pair["reviewId"]


def test_a_record_as_alike_to_another_stored_person_asks_the_operator(
        graph: Graph, ingest: IngestFn, client: TestClient) -> None:
    """A polyclinic card without СНИЛС founded one person, a record naming the patient by
    СНИЛС another; the dispensary's card carries the СНИЛС and the same name, birth date
    and district as the polyclinic's: it joins the СНИЛС person, and the pair is asked."""
    ingest([f.patient("1", family="Иванова", given="Мария", patronymic="Петровна")], "poly")
    by_snils = f.condition("c1", "Patient/x", "C50.4")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3", "value": SNILS}}
    ingest([by_snils], "registry-office")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      snils=SNILS, local_system="urn:mis:onco:patient")], "onco")
    assert _people(graph) == 2

    [pair] = client.get("/identity/reviews").json()
    assert {record["key"] for record in pair["records"]} == {"onco|Patient|2", "poly|Patient|1"}
    decided = client.post(f"/identity/reviews/{pair['reviewId']}", json={"accept": True})

    assert decided.status_code == 200, decided.text
    assert _people(graph) == 1
    assert _person_of(graph, "registry-office|Condition|c1") == \
        str(scalar(graph, "MATCH (:PatientRecord {key: 'poly|Patient|1'})-[:BELONGS_TO]->(p) "
                          "RETURN p.patientId"))
