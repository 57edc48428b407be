"""What the passport shows: tumours with Russian names, route across organisations, the
pathway's deadlines, gaps and notifications, and guideline recommendations."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from graph.database import Graph
from onkopassport.settings import Settings
from tests.factories import add_record
from tests.integration.passport.conftest import (
    ORG_NMIC,
    ORG_POLYCLINIC,
    PRINCIPALS,
    bearer,
    build_region,
    graphql,
)

QUERY = """
query($id: ID!, $asOf: Date) {
  passport(patientId: $id, asOf: $asOf) {
    ... on Passport {
      tumors { icd10 icd10NameRu morphology stage t n m clinicalGroup clinicalGroupLabelRu
               diagnosedOn verification }
      currentCareStage currentClinicalGroup
      route { kind kindLabelRu date organization { name } referredTo { name }
              daysSincePrevious }
      deadlines { rule titleRu state dueOn daysOver }
      gaps { kind since overdueDays }
      notifications { title severity read }
      recommendations { siteGroup guidelineId guidelineYear
                        done { recommendationId state doneOn }
                        missing { recommendationId titleRu }
                        nextSteps { titleRu dueOn because } }
    }
  }
}
"""


def add_pathway_nodes(graph: Graph) -> None:
    graph.write_text("""
        MATCH (p:Patient {patientId: 'north-1'})
        CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: 'north-1|D4', rule: 'D4',
                state: 'pending', startedOn: date('2026-03-16'), dueOn: date('2026-03-25'),
                daysOver: 0})
        CREATE (p)-[:HAS_GAP]->(:Gap {gapId: 'north-1|no-treatment',
                kind: 'diagnosis-without-treatment', since: date('2026-03-17'),
                overdueDays: 3, detail: 'нет лечения'})
        CREATE (p)-[:HAS_NOTIFICATION]->(:Notification {notificationId: 'n-1',
                kind: 'deadline-due-soon', severity: 'warning', title: 'Срок D4 истекает',
                createdOn: date('2026-03-24'), readBy: ['u-admin']})
    """)


def test_full_passport(graph: Graph, client: TestClient, settings: Settings) -> None:
    build_region(graph)
    add_pathway_nodes(graph)
    body = graphql(client, QUERY, bearer(settings, PRINCIPALS["admin"]), id="north-1",
                   asOf="2026-03-20").json()
    assert "errors" not in body, body
    passport = body["data"]["passport"]
    tumor = passport["tumors"][0]
    assert tumor["icd10"] == "C50.4" and tumor["icd10NameRu"]
    assert (tumor["stage"], tumor["t"], tumor["n"], tumor["m"]) == ("IIA", "T2", "N0", "M0")
    assert tumor["clinicalGroupLabelRu"].startswith("II")
    assert passport["currentClinicalGroup"] == "II"
    assert passport["currentCareStage"] == "diagnosis"
    route = passport["route"]
    assert [step["kind"] for step in route] == ["referral", "consultation", "pathology",
                                                "diagnosis", "referral"]
    assert route[0]["organization"]["name"] == "Поликлиника № 1"
    assert route[0]["referredTo"]["name"] == "Онкодиспансер"
    assert route[1]["daysSincePrevious"] == 2
    assert route[0]["kindLabelRu"] == "Направление"
    assert passport["deadlines"] == [{"rule": "D4", "titleRu": passport["deadlines"][0]["titleRu"],
                                      "state": "pending", "dueOn": "2026-03-25", "daysOver": 0}]
    assert passport["deadlines"][0]["titleRu"]
    assert passport["gaps"] == [{"kind": "diagnosis-without-treatment", "since": "2026-03-17",
                                 "overdueDays": 3}]
    assert passport["notifications"] == [{"title": "Срок D4 истекает", "severity": "warning",
                                          "read": True}]
    recommendations = passport["recommendations"][0]
    assert recommendations["siteGroup"] == "breast"
    assert recommendations["guidelineId"] and recommendations["guidelineYear"] >= 2000
    done = {item["recommendationId"] for item in recommendations["done"]}
    missing = {item["recommendationId"] for item in recommendations["missing"]}
    assert done and missing and not done & missing
    due = [step["dueOn"] for step in recommendations["nextSteps"] if step["dueOn"]]
    assert due and all(date.fromisoformat(d) >= date(2026, 3, 16) for d in due)


def test_missing_pathway_nodes_give_empty_lists(graph: Graph, client: TestClient,
                                                settings: Settings) -> None:
    build_region(graph)
    body = graphql(client, QUERY, bearer(settings, PRINCIPALS["admin"]), id="south-1").json()
    passport = body["data"]["passport"]
    assert passport["deadlines"] == [] and passport["gaps"] == []
    assert passport["notifications"] == [] and passport["tumors"] == []
    assert passport["recommendations"] == []


def test_search_by_name_and_birth_date_with_pagination(
    graph: Graph, client: TestClient, settings: Settings
) -> None:
    build_region(graph)
    from tests.factories import add_patient

    for index in range(3):
        add_patient(graph, f"twin-{index}", family="Ёлкин", given="Пётр",
                    birth_date=date(1955, 1, 9), district="Южный", snils=None)
    query = """query($after: String) { patients(family: "елкин", birthDate: "1955-01-09",
                first: 2, after: $after) { ... on PatientConnection {
                edges { cursor node { patientId fullName } }
                pageInfo { hasNextPage endCursor } } } }"""
    headers = bearer(settings, PRINCIPALS["coordinator-south"])
    first = graphql(client, query, headers).json()["data"]["patients"]
    assert [e["node"]["patientId"] for e in first["edges"]] == ["south-1", "twin-0"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = graphql(client, query, headers, after=first["pageInfo"]["endCursor"]).json()
    page = second["data"]["patients"]
    assert [e["node"]["patientId"] for e in page["edges"]] == ["twin-1", "twin-2"]
    assert page["pageInfo"]["hasNextPage"] is False


def test_a_referral_naming_no_place_shows_where_it_was_issued(
        graph: Graph, client: TestClient, settings: Settings) -> None:
    """The history said «организация не указана» for every referral an MIS sends with its
    requester only."""
    build_region(graph)
    add_record(graph, "north-1", "referral", date(2026, 3, 19), issued_by=ORG_POLYCLINIC,
               referred_to=ORG_NMIC, resource_type="ServiceRequest", record_id="ref-3")
    body = graphql(client, QUERY, bearer(settings, PRINCIPALS["admin"]), id="north-1",
                   asOf="2026-03-20").json()
    step = body["data"]["passport"]["route"][-1]
    assert (step["kind"], step["organization"]["name"]) == ("referral", "Поликлиника № 1")


def test_deadlines_and_gaps_come_in_the_order_of_the_care(
        graph: Graph, client: TestClient, settings: Settings) -> None:
    build_region(graph)
    graph.write_text("""
        MATCH (p:Patient {patientId: 'north-1'})
        CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: 'n|D4', rule: 'D4', state: 'met',
                startedOn: date('2026-03-17'), dueOn: date('2026-03-26')})
        CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: 'n|D1', rule: 'D1', state: 'met',
                startedOn: date('2026-03-02'), dueOn: date('2026-03-05')})
        CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: 'n|090', rule: 'notification-090',
                state: 'met', startedOn: date('2026-03-17'), dueOn: date('2026-03-20')})
        CREATE (p)-[:HAS_GAP]->(:Gap {gapId: 'n|b', kind: 'diagnosis-without-treatment',
                since: date('2026-03-17'), overdueDays: 3})
        CREATE (p)-[:HAS_GAP]->(:Gap {gapId: 'n|a', kind: 'stalled-pathway',
                since: date('2026-03-04'), overdueDays: 9})""")
    passport = graphql(client, QUERY, bearer(settings, PRINCIPALS["admin"]), id="north-1",
                       asOf="2026-03-20").json()["data"]["passport"]
    assert [d["rule"] for d in passport["deadlines"]] == ["D1", "D4", "notification-090"]
    assert [g["since"] for g in passport["gaps"]] == ["2026-03-04", "2026-03-17"]
    # the table names each rule in short, in Russian: not by an internal id
    codes = graphql(client, '{ passport(patientId: "north-1") { ... on Passport { deadlines { '
                            'codeRu } } } }', bearer(settings, PRINCIPALS["admin"])).json()
    assert [d["codeRu"] for d in codes["data"]["passport"]["deadlines"]] == ["D1", "D4", "090/у"]


def test_route_steps_name_any_diagnosis_and_show_a_tests_result(
        graph: Graph, client: TestClient, settings: Settings) -> None:
    """A comorbidity by its МКБ-10 name, a code the table lacks by the record's own display
    (not a bare code), a lab report with its result."""
    build_region(graph)
    for record_id, day, facts in (
            ("dx-i25", 19, {"icd10": "I25.1", "verification": "confirmed"}),
            ("dx-q85", 20, {"icd10": "Q85.9", "verification": "confirmed",
                            "text": "Факоматоз неуточненный"})):
        add_record(graph, "north-1", "diagnosis", date(2026, 3, day), at=ORG_POLYCLINIC,
                   resource_type="Condition", record_id=record_id, facts=facts)
    add_record(graph, "north-1", "laboratory", date(2026, 3, 21), at=ORG_POLYCLINIC,
               resource_type="DiagnosticReport", record_id="lab-1",
               facts={"text": "Раково-эмбриональный антиген (РЭА) в крови",
                      "value": "3.2 нг/мл"})
    body = graphql(client, """query($id: ID!) { passport(patientId: $id) { ... on Passport {
                       route { kind icd10 icd10NameRu summaryRu } } } }""",
                   bearer(settings, PRINCIPALS["admin"]), id="north-1").json()
    assert "errors" not in body, body
    steps = body["data"]["passport"]["route"][-3:]
    assert steps == [
        {"kind": "diagnosis", "icd10": "I25.1",
         "icd10NameRu": "Атеросклеротическая болезнь сердца",
         "summaryRu": "Атеросклеротическая болезнь сердца"},
        {"kind": "diagnosis", "icd10": "Q85.9", "icd10NameRu": "Факоматоз неуточненный",
         "summaryRu": "Факоматоз неуточненный"},
        {"kind": "laboratory", "icd10": None, "icd10NameRu": None,
         "summaryRu": "Раково-эмбриональный антиген (РЭА) в крови: 3,2 нг/мл"}]
