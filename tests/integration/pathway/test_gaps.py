"""Every continuity gap kind, found by its Cypher file on the real graph."""

from __future__ import annotations

from datetime import date

from graph.database import Graph
from pathway import refresh_patients
from pathway.catalogue import gap_kinds
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import (
    CAOP,
    CONFIRMED,
    DISPENSARY,
    MALIGNANT,
    POLYCLINIC,
    TODAY,
    add_region,
    add_treated_history,
    gaps_of,
)

SUSPICION = {"icd10": "Z03.1", "careStage": "suspicion"}


def _treated_patient(graph: Graph, *, board: bool = True, registered: bool = True) -> str:
    patient = add_patient(graph)
    add_treated_history(graph, patient, board=board, registered=registered)
    return patient


def test_suspicion_never_followed_up(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    referral = add_record(graph, patient, "referral", date(2026, 2, 16), at=POLYCLINIC,
                          referred_to=CAOP, facts=SUSPICION)

    refresh_patients(graph, [patient], TODAY)

    gap = gaps_of(graph, patient)["suspicion-not-followed-up"]
    assert gap["anchorKey"] == referral and gap["organizationOid"] == CAOP
    assert gap["overdueDays"] == 6  # due 19 Feb (23 Feb off): 20, 24–27 Feb, 2 Mar
    assert gap["labelRu"].startswith("Подозрение")


def test_stalled_pathway_after_diagnostics(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 1, 12), at=POLYCLINIC, referred_to=CAOP,
               facts=SUSPICION)
    add_record(graph, patient, "consultation", date(2026, 1, 13), at=CAOP)
    add_record(graph, patient, "instrumental", date(2026, 1, 15), at=CAOP,
               facts={"careStage": "diagnostics"})

    refresh_patients(graph, [patient], TODAY)

    gaps = gaps_of(graph, patient)
    assert set(gaps) == {"stalled-pathway"}
    assert gaps["stalled-pathway"]["rule"] == "D2"
    assert gaps["stalled-pathway"]["detail"] == "Инструментальное исследование"


def test_ruled_out_suspicion_is_not_stalled(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 1, 12), facts=SUSPICION)
    add_record(graph, patient, "consultation", date(2026, 1, 13), facts={"oncoSign": False})

    refresh_patients(graph, [patient], TODAY)

    assert gaps_of(graph, patient) == {}


def test_diagnosis_without_treatment(graph: Graph) -> None:
    patient = add_patient(graph)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 2, 2), facts=CONFIRMED)
    add_tumor(graph, patient, "C50.4", date(2026, 2, 2), record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    gap = gaps_of(graph, patient)["diagnosis-without-treatment"]
    assert gap["site"] == "C50" and gap["overdueDays"] == 12  # due 11 Feb, 23 Feb off


def test_treatment_without_dispensary_registration(graph: Graph) -> None:
    patient = _treated_patient(graph, registered=False)

    refresh_patients(graph, [patient], TODAY)

    assert set(gaps_of(graph, patient)) == {"treatment-without-dispensary"}


def test_missed_dispensary_visit(graph: Graph) -> None:
    patient = _treated_patient(graph)  # registered 6 Nov 2025: first visit due 6 Feb 2026

    refresh_patients(graph, [patient], TODAY)

    gap = gaps_of(graph, patient)["missed-dispensary-visit"]
    assert gap["rule"] == "D6" and gap["overdueDays"] == 24  # calendar days since 6 Feb


def test_refusal_without_follow_up(graph: Graph) -> None:
    patient = _treated_patient(graph)
    add_record(graph, patient, "dispensary-observation", date(2026, 2, 2), at=CAOP,
               facts={"dispensaryVisit": True})
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 10), at=DISPENSARY)

    refresh_patients(graph, [patient], TODAY)

    assert set(gaps_of(graph, patient)) == {"refusal-without-follow-up"}


def test_death_without_verified_diagnosis(graph: Graph) -> None:
    patient = add_patient(graph, deceased_on=date(2026, 2, 20))
    add_record(graph, patient, "diagnosis", date(2026, 2, 1), facts={"icd10": "C25.0"})
    add_record(graph, patient, "death", date(2026, 2, 20), facts={"icd10": "C25.0"})

    refresh_patients(graph, [patient], TODAY)

    gap = gaps_of(graph, patient)["death-without-verified-diagnosis"]
    assert gap["detail"].startswith("C25.0 Злокачественное новообразование")


def test_treatment_without_tumor_board(graph: Graph) -> None:
    patient = _treated_patient(graph, board=False)
    add_record(graph, patient, "dispensary-observation", date(2026, 2, 2), at=CAOP,
               facts={"dispensaryVisit": True})

    refresh_patients(graph, [patient], TODAY)

    assert set(gaps_of(graph, patient)) == {"treatment-without-tumor-board"}


def test_neglected_case_without_protocol_and_new_cancer_without_090(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 1, 30), facts=MALIGNANT)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 2, 2),
                           facts={**CONFIRMED, "stage": "IV"})
    add_tumor(graph, patient, "C50.4", date(2026, 2, 2), stage="IV", clinical_group="IV",
              morphologically_verified=True, record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    gaps = gaps_of(graph, patient)
    assert {"missing-neglect-protocol", "missing-notification-090"} <= set(gaps)
    assert gaps["missing-notification-090"]["overdueDays"] == 16  # due 5 Feb


def test_unverified_diagnosis(graph: Graph) -> None:
    patient = add_patient(graph)
    diagnosis = add_record(graph, patient, "diagnosis", date(2026, 1, 12), facts=CONFIRMED)
    add_record(graph, patient, "notification-090", date(2026, 1, 13))
    add_record(graph, patient, "tumor-board", date(2026, 1, 14))
    add_record(graph, patient, "drug-therapy", date(2026, 1, 15))
    add_record(graph, patient, "dispensary-observation", date(2026, 1, 15))
    add_tumor(graph, patient, "C50.4", date(2026, 1, 12), morphologically_verified=False,
              record_keys=[diagnosis])

    refresh_patients(graph, [patient], TODAY)

    assert set(gaps_of(graph, patient)) == {"unverified-diagnosis"}


def test_every_gap_kind_is_covered_and_gaps_close_when_care_arrives(graph: Graph) -> None:
    tested = {"suspicion-not-followed-up", "stalled-pathway", "diagnosis-without-treatment",
              "treatment-without-dispensary", "missed-dispensary-visit",
              "refusal-without-follow-up", "death-without-verified-diagnosis",
              "treatment-without-tumor-board", "missing-neglect-protocol",
              "missing-notification-090", "unverified-diagnosis"}
    assert {k.kind for k in gap_kinds()} == tested

    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 2, 2), facts=SUSPICION)
    refresh_patients(graph, [patient], TODAY)
    assert set(gaps_of(graph, patient)) == {"suspicion-not-followed-up"}
    add_record(graph, patient, "consultation", date(2026, 2, 25))
    refresh_patients(graph, [patient], TODAY)
    assert gaps_of(graph, patient) == {}
