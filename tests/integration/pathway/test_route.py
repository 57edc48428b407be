"""The route: NEXT chain in time order, late records, retractions, idempotence."""

from __future__ import annotations

from datetime import date

from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record
from tests.integration.pathway.conftest import CAOP, POLYCLINIC, TODAY, add_region

SUSPICION = {"icd10": "Z03.1", "careStage": "suspicion"}


def _chain(graph: Graph, patient_id: str) -> list[tuple[str, int, int]]:
    rows = graph.read_text(
        """
        MATCH (:Patient {patientId: $id})-[:FIRST_EVENT]->(first)
        MATCH path = (first)-[:NEXT*0..]->(last)
        WHERE NOT (last)-[:NEXT]->()
        UNWIND relationships(path) AS n
        RETURN startNode(n).kind AS a, n.days AS days, n.workingDays AS wd
        """, id=patient_id)
    return [(r["a"], r["days"], r["wd"]) for r in rows]


def _kinds(graph: Graph, patient_id: str) -> list[str]:
    rows = graph.read_text(
        "MATCH (:Patient {patientId: $id})<-[:BELONGS_TO]-()<-[:SUBJECT]-(e:Event) "
        "RETURN e.kind AS kind ORDER BY e.routeIndex", id=patient_id)
    return [r["kind"] for r in rows]


def test_route_orders_events_and_counts_calendar_and_working_days(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "consultation", date(2026, 1, 12), at=CAOP)
    add_record(graph, patient, "referral", date(2025, 12, 30), at=POLYCLINIC,
               referred_to=CAOP, facts=SUSPICION)

    refresh_patients(graph, [patient], TODAY)

    # 30 Dec 2025 → 12 Jan 2026: 13 calendar days but one working day (31 Dec and
    # 1–11 Jan are days off under the 2025/2026 decrees)
    assert _chain(graph, patient) == [("referral", 13, 1)]
    last = graph.read_text("MATCH (:Patient {patientId: $id})-[:LAST_EVENT]->(e) "
                           "RETURN e.kind AS kind", id=patient)
    assert last == [{"kind": "consultation"}]


def test_late_record_lands_in_its_place_and_rebuild_is_idempotent(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 1, 12), at=POLYCLINIC, facts=SUSPICION)
    add_record(graph, patient, "diagnosis", date(2026, 1, 30), at=CAOP,
               facts={"icd10": "C50.4", "careStage": "diagnosis"})
    refresh_patients(graph, [patient], TODAY)
    add_record(graph, patient, "consultation", date(2026, 1, 14), at=CAOP)  # arrives late

    refresh_patients(graph, [patient], TODAY)
    refresh_patients(graph, [patient], TODAY)

    assert _kinds(graph, patient) == ["referral", "consultation", "diagnosis"]
    links = graph.read_text("MATCH ()-[n:NEXT]->() RETURN count(n) AS n")[0]["n"]
    assert links == 2


def test_same_day_ties_follow_the_care_stage_order(graph: Graph) -> None:
    patient = add_patient(graph)
    day = date(2026, 2, 2)
    add_record(graph, patient, "surgery", day, facts={"careStage": "treatment"})
    add_record(graph, patient, "tumor-board", day, facts={"careStage": "treatment"})
    add_record(graph, patient, "diagnosis", day, facts={"careStage": "diagnosis",
                                                        "icd10": "C18.2"})

    refresh_patients(graph, [patient], TODAY)

    kinds = _kinds(graph, patient)
    assert kinds[0] == "diagnosis" and set(kinds[1:]) == {"surgery", "tumor-board"}


def test_retracted_records_and_non_passports_have_no_route(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 1, 12), facts=SUSPICION)
    add_record(graph, patient, "laboratory", date(2026, 1, 13), facts={"retracted": True})
    refresh_patients(graph, [patient], TODAY)
    assert _kinds(graph, patient) == ["referral"]

    graph.write_text("MATCH (p:Patient {patientId: $id}) REMOVE p:Passport", id=patient)
    summary = refresh_patients(graph, [patient], TODAY)

    assert summary.cleared == 1
    assert _kinds(graph, patient) == []
    assert graph.read_text("MATCH (d:Deadline) RETURN count(d) AS n")[0]["n"] == 0
