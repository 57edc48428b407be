"""A deceased patient cannot be routed: care gaps go, the death and the registry's
documents stay, counted to the day of death (pathway/data/gap_kinds.yaml `after_death`)."""

from __future__ import annotations

from datetime import date

from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import (
    DISPENSARY,
    LABORATORY,
    TODAY,
    add_region,
    deadlines_of,
    gaps_of,
)

MALIGNANT = {"morphology": "8500/3", "behaviour": "3", "icd10": "C50.4"}
STAGE_IV = {"icd10": "C50.4", "verification": "confirmed", "careStage": "diagnosis",
            "stage": "IV"}
DIED = date(2026, 2, 20)


def _neglected_case_operated_without_board(graph: Graph, deceased_on: date | None) -> str:
    """Stage IV breast cancer diagnosed 2 Feb 2026, operated 5 Feb without a tumour board,
    no 090/у, no 027-2/у, never registered for dispensary observation."""
    patient = add_patient(graph, deceased_on=deceased_on)
    add_record(graph, patient, "pathology", date(2026, 1, 30), at=LABORATORY, facts=MALIGNANT)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 2, 2), at=DISPENSARY,
                           facts=STAGE_IV)
    add_record(graph, patient, "surgery", date(2026, 2, 5), at=DISPENSARY)
    if deceased_on is not None:
        add_record(graph, patient, "death", deceased_on, at=DISPENSARY,
                   facts={"icd10": "C50.4"})
    add_tumor(graph, patient, "C50.4", date(2026, 2, 2), stage="IV",
              morphologically_verified=True, record_keys=[diagnosis])
    return patient


def test_a_dead_patient_keeps_only_the_registry_documents_counted_to_death(
        graph: Graph) -> None:
    add_region(graph)
    living = _neglected_case_operated_without_board(graph, None)
    dead = _neglected_case_operated_without_board(graph, DIED)

    refresh_patients(graph, [living, dead], TODAY)

    alive_gaps = gaps_of(graph, living)
    assert {"treatment-without-tumor-board", "missing-neglect-protocol",
            "missing-notification-090"} <= set(alive_gaps)
    assert alive_gaps["missing-notification-090"]["overdueDays"] == 16  # due 5 Feb, to 2 Mar
    assert "дата смерти" not in (alive_gaps["missing-notification-090"]["detail"] or "")
    dead_gaps = gaps_of(graph, dead)
    assert set(dead_gaps) == {"missing-neglect-protocol", "missing-notification-090"}
    notification = dead_gaps["missing-notification-090"]
    assert notification["overdueDays"] == 11  # working days 6–20 Feb, not to 2 Mar
    assert notification["urgency"] == 2 * (1 + 11)
    assert notification["detail"] == "срок истёк 05.02.2026; дата смерти 20.02.2026"
    assert (dead_gaps["missing-neglect-protocol"]["overdueDays"]
            < alive_gaps["missing-neglect-protocol"]["overdueDays"])


def test_a_death_known_only_from_its_certificate_ends_the_care_gaps(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)  # the MIS never learnt of the death: no deceasedOn
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 1, 12), at=DISPENSARY,
                           facts={"icd10": "C50.4", "verification": "confirmed"})
    add_record(graph, patient, "notification-090", date(2026, 1, 13), at=DISPENSARY)
    add_record(graph, patient, "drug-therapy", date(2026, 1, 15), at=DISPENSARY)
    add_record(graph, patient, "death", date(2026, 2, 10), at=DISPENSARY,
               facts={"icd10": "C50.4"})
    add_tumor(graph, patient, "C50.4", date(2026, 1, 12), morphologically_verified=False,
              record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    gaps = gaps_of(graph, patient)
    # no tumour board, no dispensary registration, no morphology: nothing left to route
    assert set(gaps) == {"death-without-verified-diagnosis"}
    death = gaps["death-without-verified-diagnosis"]
    assert death["overdueDays"] == 0 and death["urgency"] == 1  # not 20 days to 2 Mar
    assert death["detail"].endswith("; дата смерти 10.02.2026")


def test_a_notification_not_yet_due_at_death_is_no_gap(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 2, 13), at=LABORATORY, facts=MALIGNANT)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 2, 16), at=DISPENSARY,
                           facts={**STAGE_IV, "stage": "II"})
    add_record(graph, patient, "death", date(2026, 2, 17), at=DISPENSARY,
               facts={"icd10": "C50.4"})
    add_tumor(graph, patient, "C50.4", date(2026, 2, 16), morphologically_verified=True,
              record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    # 090/у was due 19 Feb: the death record ends its clock as deceasedOn would
    assert "notification-090" not in deadlines_of(graph, patient)
    assert gaps_of(graph, patient) == {}
