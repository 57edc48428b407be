"""Review of the pathway API: refresh scoped, dated and audited; route and deadlines
audited; a missed deadline said as overdue; worklist items name their rule in Russian."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record
from tests.integration.pathway.conftest import CAOP, POLYCLINIC, TODAY, add_region

SUSPICION = {"icd10": "C50.4", "careStage": "suspicion", "verification": "provisional"}
ADMIN = Principal("admin-1", "admin")
NORTH = Principal("coord-n", "coordinator", district="Северный")
CENTRE = Principal("coord-c", "coordinator", district="Центральный")

REFRESH = "mutation($id: String!, $today: Date) { refreshPathway(patientId: $id, today: $today) }"


def _run(graph: Graph, principal: Principal, query: str, development: bool = False,
         **variables: Any) -> tuple[Any, list[str]]:
    context = RequestContext(graph, principal, client_address="10.0.0.7",
                             development=development)
    result = schema.execute_sync(query, variable_values=variables, context_value=context)
    return result.data, [error.message for error in result.errors or []]


def _suspected(graph: Graph, district: str = "Центральный") -> str:
    patient = add_patient(graph, district=district, snils=None)
    add_record(graph, patient, "referral", date(2026, 2, 2), at=POLYCLINIC, referred_to=CAOP,
               facts=SUSPICION)
    return patient


def _derived(graph: Graph, patient: str) -> dict[str, int]:
    rows = graph.read_text(
        "MATCH (p:Patient {patientId: $id}) RETURN COUNT { (p)-[:HAS_DEADLINE]->() } AS d, "
        "COUNT { (p)-[:HAS_GAP]->() } AS g, COUNT { (p)-[:HAS_NOTIFICATION]->() } AS n, "
        "COUNT { (:OutboxMessage) } AS o", id=patient)
    return rows[0]


def _audit(graph: Graph, action: str) -> list[dict[str, Any]]:
    return graph.read_text(
        "MATCH (a:AuditEntry {action: $action}) RETURN a.userId AS user, a.outcome AS outcome,"
        " a.patientId AS patient, a.clientAddress AS client, a.detail AS detail "
        "ORDER BY a.at", action=action)


def test_refresh_is_limited_to_visible_patients_and_audited(graph: Graph) -> None:
    """A coordinator of one district could rebuild another district's patient's deadlines,
    gaps and notifications (which the outbox sends out)."""
    add_region(graph)
    patient = _suspected(graph)
    before = _derived(graph, patient)

    _, errors = _run(graph, NORTH, REFRESH, id=patient)

    assert errors == ["Паспорт не найден или недоступен для вашей роли."]
    assert _derived(graph, patient) == before  # nothing derived, nothing sent
    data, errors = _run(graph, CENTRE, REFRESH, id=patient)
    assert errors == [] and data["refreshPathway"] >= 1
    assert _derived(graph, patient)["d"] >= 1
    audit = _audit(graph, "pathway.refresh")
    assert [(a["user"], a["outcome"], a["patient"], a["client"]) for a in audit] == [
        ("coord-n", "refused", patient, "10.0.0.7"), ("coord-c", "shown", patient, "10.0.0.7")]
    assert audit[1]["detail"] == f"today={date.today().isoformat()}"


def test_refresh_on_another_day_is_for_admins_or_development(graph: Graph) -> None:
    add_region(graph)
    patient = _suspected(graph)
    before = _derived(graph, patient)

    _, errors = _run(graph, CENTRE, REFRESH, id=patient, today="2030-01-01")

    assert len(errors) == 1 and "01.01.2030" in errors[0] and "администратору" in errors[0]
    assert _derived(graph, patient) == before
    assert _audit(graph, "pathway.refresh") == []  # refused before anything was looked at
    # the real date is no rehearsal; an admin and a developer may pick a day
    assert _run(graph, CENTRE, REFRESH, id=patient, today=date.today().isoformat())[1] == []
    assert _run(graph, ADMIN, REFRESH, id=patient, today=TODAY.isoformat())[1] == []
    assert _run(graph, CENTRE, REFRESH, development=True, id=patient,
                today=TODAY.isoformat())[1] == []
    assert [a["detail"] for a in _audit(graph, "pathway.refresh")][1:] == [
        f"today={TODAY.isoformat()}", f"today={TODAY.isoformat()}"]


ROUTE_AND_DEADLINES = """query($id: String!) {
  pathwayRoute(patientId: $id) { kind }
  pathwayDeadlines(patientId: $id) { rule state } }"""


def test_route_and_deadlines_are_audited_like_a_passport_view(graph: Graph) -> None:
    add_region(graph)
    patient = _suspected(graph)
    refresh_patients(graph, [patient], TODAY)

    shown, errors = _run(graph, CENTRE, ROUTE_AND_DEADLINES, id=patient)
    hidden, _ = _run(graph, NORTH, ROUTE_AND_DEADLINES, id=patient)

    assert errors == [] and shown["pathwayRoute"] and shown["pathwayDeadlines"]
    assert hidden == {"pathwayRoute": [], "pathwayDeadlines": []}
    for action in ("pathway.route", "pathway.deadlines"):
        assert [(a["user"], a["outcome"], a["patient"], a["client"])
                for a in _audit(graph, action)] == [
            ("coord-c", "shown", patient, "10.0.0.7"),
            ("coord-n", "refused", patient, "10.0.0.7")]


NEXT = """query($id: String!) { nextOrganization(patientId: $id, today: "2026-03-02") {
  step budgetWorkingDays overdueWorkingDays dueOn reasons } }"""


def test_a_missed_deadline_is_said_overdue_not_negative_remaining(graph: Graph) -> None:
    add_region(graph)
    patient = _suspected(graph)  # referred 2 Feb: D1 (5 working days) missed by 2 March
    refresh_patients(graph, [patient], TODAY)

    data, errors = _run(graph, ADMIN, NEXT, id=patient)

    assert errors == []
    advice = data["nextOrganization"]
    assert advice["budgetWorkingDays"] == 0
    assert advice["overdueWorkingDays"] > 0
    deadline = next(r for r in advice["reasons"] if r.startswith("Срок"))
    assert f"просрочен на {advice['overdueWorkingDays']} раб. дн." in deadline
    assert "осталось" not in deadline and "-" not in deadline.split(",")[1]


WORKLIST = """{ worklist(first: 20) { edges { node { kind rule codeRu } } } }"""


def test_worklist_items_name_their_rule_in_russian(graph: Graph) -> None:
    add_region(graph)
    patient = _suspected(graph)
    # diagnosed without a notification 090/у: the gap of rule 'notification-090'
    add_record(graph, patient, "diagnosis", date(2026, 2, 10), at=CAOP,
               facts={"icd10": "C50.4", "verification": "confirmed", "careStage": "diagnosis"})
    refresh_patients(graph, [patient], TODAY)

    data, errors = _run(graph, ADMIN, WORKLIST)

    assert errors == []
    nodes = [edge["node"] for edge in data["worklist"]["edges"]]
    codes = {node["rule"]: node["codeRu"] for node in nodes}
    assert codes.get("notification-090") == "090/у", nodes
    assert all(node["codeRu"] is None for node in nodes if node["rule"] is None)
