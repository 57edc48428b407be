"""Every deadline rule on the real graph, including one across the New Year holidays."""

from __future__ import annotations

from datetime import date

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from domain.calendar import add_working_days
from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import (
    CAOP,
    DISPENSARY,
    LABORATORY,
    POLYCLINIC,
    TODAY,
    add_region,
    deadlines_of,
)

SUSPICION = {"icd10": "Z03.1", "careStage": "suspicion"}
MALIGNANT = {"morphology": "8500/3", "behaviour": "3", "icd10": "C50.4"}


def _one(graph: Graph, patient: str, rule: str) -> dict:
    found = deadlines_of(graph, patient)[rule]
    assert len(found) == 1, found
    return found[0]


def test_d1_across_new_year_counts_working_days(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2025, 12, 30), at=POLYCLINIC,
               referred_to=CAOP, facts=SUSPICION)
    add_record(graph, patient, "consultation", date(2026, 1, 13), at=CAOP)

    refresh_patients(graph, [patient], TODAY)

    d1 = _one(graph, patient, "D1")
    # 3 working days from 30 Dec 2025 end on 14 Jan 2026: 15 calendar days later.
    assert d1["dueOn"] == date(2026, 1, 14) == add_working_days(date(2025, 12, 30), 3)
    assert d1["state"] == "met" and d1["daysOver"] == 0


def test_d1_missed_and_due_soon(graph: Graph) -> None:
    add_region(graph)
    late, soon = add_patient(graph), add_patient(graph, snils=None)
    add_record(graph, late, "referral", date(2026, 2, 2), at=POLYCLINIC, referred_to=CAOP,
               facts=SUSPICION)
    add_record(graph, late, "consultation", date(2026, 2, 10), at=CAOP)
    add_record(graph, soon, "referral", date(2026, 2, 26), at=POLYCLINIC, referred_to=CAOP,
               facts=SUSPICION)

    refresh_patients(graph, [late, soon], TODAY)

    assert _one(graph, late, "D1")["state"] == "missed"
    assert _one(graph, late, "D1")["daysOver"] == 3  # due 5 Feb; 6, 9, 10 Feb are late
    assert _one(graph, soon, "D1")["state"] == "due-soon"


def test_d2_tests_on_suspicion(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 2, 2), at=POLYCLINIC,
               referred_to=LABORATORY, facts=SUSPICION)
    add_record(graph, patient, "laboratory", date(2026, 2, 9), at=LABORATORY)

    refresh_patients(graph, [patient], TODAY)

    assert _one(graph, patient, "D2")["state"] == "met"
    assert "D1" not in deadlines_of(graph, patient)


def test_d3_pathology_from_specimen_received(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 2, 27),
               facts={**MALIGNANT, "specimenReceivedOn": date(2026, 2, 2)})

    refresh_patients(graph, [patient], TODAY)

    d3 = _one(graph, patient, "D3")
    assert d3["startedOn"] == date(2026, 2, 2) and d3["state"] == "missed"
    assert d3["dueOn"] == date(2026, 2, 24)  # 15 working days; 23 Feb is a holiday
    assert d3["daysOver"] == 3  # 25, 26, 27 Feb


def test_d4_treatment_after_verification_and_tumor_board_precondition(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 2, 2), facts=MALIGNANT)
    add_record(graph, patient, "surgery", date(2026, 2, 16))

    refresh_patients(graph, [patient], TODAY)

    d4 = _one(graph, patient, "D4")
    assert d4["dueOn"] == date(2026, 2, 11) and d4["state"] == "missed" and d4["daysOver"] == 3
    assert _one(graph, patient, "tumor-board-before-treatment")["state"] == "missed"

    add_record(graph, patient, "tumor-board", date(2026, 2, 12))
    refresh_patients(graph, [patient], TODAY)
    assert _one(graph, patient, "tumor-board-before-treatment")["state"] == "met"


def test_pathway_api_counts_no_days_over_for_the_board_precondition(graph: Graph) -> None:
    """A board before treatment has no limit in days: the API says nothing over (null, as
    the passport does), not 0 days when it was missed by weeks."""
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 2, 2), facts=MALIGNANT)
    add_record(graph, patient, "surgery", date(2026, 2, 16))
    refresh_patients(graph, [patient], TODAY)

    result = schema.execute_sync(
        "query($id: String!) { pathwayDeadlines(patientId: $id) { rule state daysOver } }",
        variable_values={"id": patient},
        context_value=RequestContext(graph, Principal("admin-1", "admin")))

    assert not result.errors, result.errors
    shown = {d["rule"]: (d["state"], d["daysOver"]) for d in result.data["pathwayDeadlines"]}
    assert shown["D4"] == ("missed", 3)
    assert shown["tumor-board-before-treatment"] == ("missed", None)


def test_d5_dispensary_registration_after_diagnosis(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "diagnosis", date(2026, 2, 2),
               facts={"icd10": "C50.4", "verification": "confirmed"})
    add_record(graph, patient, "dispensary-observation", date(2026, 2, 4), at=CAOP,
               facts={"dispensaryRegistration": True})

    refresh_patients(graph, [patient], TODAY)

    assert _one(graph, patient, "D5")["state"] == "met"


def test_d6_d7_d8_dispensary_visits_by_year_of_observation(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "dispensary-observation", date(2022, 1, 10), at=DISPENSARY,
               facts={"dispensaryRegistration": True})
    visits = [date(2022, 4, 8), date(2022, 7, 1), date(2023, 3, 1), date(2023, 8, 15),
              date(2024, 6, 1), date(2025, 5, 20)]
    for day in visits:
        add_record(graph, patient, "dispensary-observation", day, at=CAOP,
                   facts={"dispensaryVisit": True})

    refresh_patients(graph, [patient], TODAY)

    found = deadlines_of(graph, patient)
    assert [d["state"] for d in found["D6"]] == ["met", "met", "missed"]  # every 3 months
    assert found["D6"][2]["dueOn"] == date(2022, 10, 1)
    assert found["D6"][2]["daysOver"] == 151  # calendar days for month rules
    assert [d["state"] for d in found["D7"]] == ["met", "missed"]  # year 2: every 6 months
    assert [d["state"] for d in found["D8"]] == ["met", "pending"]  # year 3 on: yearly
    assert found["D8"][-1]["dueOn"] == date(2026, 5, 20)


def test_neglected_case_protocol_and_notification_090(graph: Graph) -> None:
    patient = add_patient(graph)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 2, 2),
                           facts={"icd10": "C50.4", "stage": "III",
                                  "verification": "confirmed"})
    add_record(graph, patient, "notification-090", date(2026, 2, 4))
    add_tumor(graph, patient, "C50.4", date(2026, 2, 2), stage="III", record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    assert _one(graph, patient, "notification-090")["state"] == "met"
    neglect = _one(graph, patient, "neglected-case-protocol")  # stage III of a visual site
    assert neglect["state"] == "missed" and neglect["dueOn"] == date(2026, 2, 16)

    add_record(graph, patient, "neglected-case-protocol", date(2026, 2, 10))
    refresh_patients(graph, [patient], TODAY)
    assert _one(graph, patient, "neglected-case-protocol")["state"] == "met"


def test_stage_three_of_a_hidden_site_is_not_neglected(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "diagnosis", date(2026, 2, 2),
               facts={"icd10": "C18.2", "stage": "III", "verification": "confirmed"})

    refresh_patients(graph, [patient], TODAY)

    assert "neglected-case-protocol" not in deadlines_of(graph, patient)


def test_death_voids_a_running_clock(graph: Graph) -> None:
    patient = add_patient(graph, deceased_on=date(2026, 2, 27))
    add_record(graph, patient, "pathology", date(2026, 2, 26), facts=MALIGNANT)

    refresh_patients(graph, [patient], TODAY)

    assert "D4" not in deadlines_of(graph, patient)
