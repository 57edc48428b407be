"""Derivation of a registry row and its removal, without the database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from registry.contingent import on_register_at
from registry.entry import (
    TumourFacts,
    basis_of_diagnosis,
    derive_entry,
    is_registered_case,
    number_sequences,
)
from registry.errors import RegistryDataError

TODAY = date(2025, 6, 30)


def record(kind: str, on: date, **facts: Any) -> dict[str, Any]:
    return {"kind": kind, "date": on, **facts}


def facts(tumor: dict[str, Any] | None = None, records: list[dict[str, Any]] | None = None,
          **patient: Any) -> TumourFacts:
    base = {"tumorId": "t", "icd10": "C18.7", "morphology": "8140/3",
            "diagnosedOn": date(2023, 3, 1), "verification": "confirmed"}
    return TumourFacts(patient_id="p", tumor={**base, **(tumor or {})},
                       records=records or [], **patient)


def test_basis_is_the_most_valid_evidence() -> None:
    cancer = {"morphology": "8140/3"}
    assert basis_of_diagnosis({}, []) == 9
    assert basis_of_diagnosis({}, [record("consultation", TODAY)]) == 1
    assert basis_of_diagnosis({}, [record("instrumental", TODAY),
                                   record("cytology", TODAY, **cancer)]) == 5
    assert basis_of_diagnosis({}, [record("cytology", TODAY, **cancer),
                                   record("pathology", TODAY, morphology="81403")]) == 7
    assert basis_of_diagnosis({"dco": True}, [record("death", TODAY)]) == 0
    assert basis_of_diagnosis({}, [record("death", TODAY), record("consultation", TODAY)]) == 1
    assert basis_of_diagnosis({"basis": 6}, [record("instrumental", TODAY)]) == 6
    assert basis_of_diagnosis({}, [record("notification-090", TODAY)]) == 9


def test_a_report_that_names_no_cancer_is_no_microscopic_basis() -> None:
    # an uncoded or benign report: the registrar sees the basis missing and reads it
    assert basis_of_diagnosis({}, [record("pathology", TODAY)]) == 9
    assert basis_of_diagnosis({}, [record("pathology", TODAY, morphology="8140/0"),
                                   record("consultation", TODAY)]) == 1
    # a registrar's explicit basis on a record says it itself
    assert basis_of_diagnosis({}, [record("diagnosis", TODAY, basis=5)]) == 5


def test_basis_named_by_ingest_counts_as_its_code() -> None:
    # ingest/tumors.py names the basis of a tumour it derives; the legacy registry codes it
    assert basis_of_diagnosis({"basis": "histology"}, [record("consultation", TODAY)]) == 7
    assert basis_of_diagnosis({"basis": "cytology"}, []) == 5
    assert basis_of_diagnosis({"basis": "clinical"}, []) == 1
    assert basis_of_diagnosis({"basis": "7"}, []) == 7
    with pytest.raises(RegistryDataError, match="unknown basis of diagnosis 'palpation'"):
        basis_of_diagnosis({"basis": "palpation"}, [])


def test_death_removes_from_the_register_on_the_day() -> None:
    entry = derive_entry(facts(deceased_on=date(2024, 8, 8)), TODAY)
    assert (entry.vitalStatus, entry.removalReason, entry.removedOn) == (
        "dead", "died", date(2024, 8, 8))
    assert on_register_at(entry.statuses, date(2024, 8, 7))
    assert not on_register_at(entry.statuses, date(2024, 8, 8))
    # a death after `today` is not known yet
    assert derive_entry(facts(deceased_on=date(2026, 1, 1)), TODAY).onRegister


def test_moved_and_not_confirmed_removals() -> None:
    moved = derive_entry(facts(records=[record(
        "dispensary-observation", date(2023, 3, 5), endDate=date(2024, 2, 2),
        removalReason="moved")]), TODAY)
    assert (moved.removalReason, moved.removedOn) == ("moved", date(2024, 2, 2))
    refuted = derive_entry(facts(tumor={"verification": "refuted"},
                                 records=[record("pathology", date(2023, 4, 4))]), TODAY)
    assert (refuted.removalReason, refuted.removedOn) == ("not-confirmed", date(2023, 4, 4))


def episode(start: date, end: date | None, status: str | None = "finished") -> dict[str, Any]:
    return record("dispensary-observation", start, endDate=end, status=status,
                  resourceType="EpisodeOfCare")


def test_an_ended_observation_nothing_else_explains_is_moving_away() -> None:
    visits = [record("dispensary-observation", on, resourceType="Encounter")
              for on in (date(2023, 8, 1), date(2024, 2, 1))]  # no end date of their own
    ended = derive_entry(facts(records=[
        record("surgery", date(2023, 4, 1)), episode(date(2023, 5, 1), date(2024, 9, 30)),
        *visits]), TODAY)
    assert (ended.removalReason, ended.removedOn) == ("moved", date(2024, 9, 30))
    assert on_register_at(ended.statuses, date(2024, 9, 29))
    assert not on_register_at(ended.statuses, date(2024, 9, 30))


def test_observation_that_goes_on_keeps_the_patient_on_the_register() -> None:
    first = episode(date(2023, 5, 1), date(2024, 3, 1))
    # handed over to another clinic: a new episode is open
    assert derive_entry(facts(records=[first, episode(date(2024, 3, 2), None, "active")]),
                        TODAY).onRegister
    # the episode says it ended but is still active
    assert derive_entry(facts(records=[episode(date(2023, 5, 1), date(2024, 3, 1),
                                               "active")]), TODAY).onRegister
    # a visit of the observation after the episode ended: still in the region's care
    visit = record("dispensary-observation", date(2024, 5, 1), resourceType="Encounter")
    assert derive_entry(facts(records=[first, visit]), TODAY).onRegister
    # the tumour was treated after the episode ended: still in the region's care
    assert derive_entry(facts(records=[first, record("radiotherapy", date(2024, 6, 1))]),
                        TODAY).onRegister
    # a cancelled episode held no one, and an end after `today` is not known yet
    assert derive_entry(facts(records=[episode(date(2023, 5, 1), date(2023, 6, 1),
                                               "cancelled")]), TODAY).onRegister
    assert derive_entry(facts(records=[episode(date(2023, 5, 1), date(2025, 9, 1))]),
                        TODAY).onRegister


def test_an_ended_observation_defers_to_the_reason_the_record_gives() -> None:
    ended = episode(date(2023, 5, 1), date(2024, 9, 30))
    died = derive_entry(facts(records=[ended], deceased_on=date(2024, 9, 30)), TODAY)
    assert (died.removalReason, died.removedOn) == ("died", date(2024, 9, 30))
    died_later = derive_entry(facts(records=[ended], deceased_on=date(2025, 2, 1)), TODAY)
    assert (died_later.removalReason, died_later.removedOn) == ("died", date(2025, 2, 1))
    skin = {"icd10": "C44.3", "morphology": "8091/3", "diagnosedOn": date(2019, 1, 10)}
    basal = derive_entry(facts(tumor=skin, records=[
        episode(date(2019, 2, 1), date(2024, 1, 10))]), TODAY)
    assert (basal.removalReason, basal.removedOn) == ("basal-cell-5-years", date(2024, 1, 10))


def test_basal_cell_leaves_five_years_after_the_last_treatment() -> None:
    skin = {"icd10": "C44.3", "morphology": "8091/3", "diagnosedOn": date(2019, 1, 10)}
    treated_again = derive_entry(facts(tumor=skin, records=[
        record("surgery", date(2021, 2, 1))]), TODAY)
    assert treated_again.onRegister
    untouched = derive_entry(facts(tumor=skin), TODAY)
    assert (untouched.removalReason, untouched.removedOn) == (
        "basal-cell-5-years", date(2024, 1, 10))
    squamous = derive_entry(facts(tumor={**skin, "morphology": "8070/3"}), TODAY)
    assert squamous.onRegister
    relapsed = {**record("diagnosis", date(2022, 6, 1)), "relapse": True}
    assert derive_entry(facts(tumor=skin, records=[relapsed]), TODAY).onRegister


def test_row_fields_from_records() -> None:
    entry = derive_entry(facts(
        tumor={"morphology": None, "stage": "III", "clinicalGroup": "II"},
        records=[record("instrumental", date(2023, 2, 1), activeDetection=True),
                 record("pathology", date(2023, 3, 1), morphology="81403", grade="2",
                        organization="oid-1", organizationName="ОД"),
                 record("drug-therapy", date(2023, 4, 1)),
                 record("radiotherapy", date(2023, 5, 1))],
        last_record_on=date(2025, 1, 1), sex="male"), TODAY)
    assert entry.morphology == "8140/3" and entry.behaviour == 3 and entry.grade == "2"
    assert entry.firstVisitOn == date(2023, 2, 1) and entry.activeDetection
    assert entry.treatment == ["drug-therapy", "radiotherapy"]
    assert entry.organizationOid == "oid-1" and entry.reportingDelayDays is None
    assert entry.lastContactOn == date(2025, 1, 1) and entry.basis == 7


def test_sequence_numbers_follow_the_date_of_diagnosis() -> None:
    later = derive_entry(facts(tumor={"tumorId": "b", "diagnosedOn": date(2024, 1, 1)}), TODAY)
    earlier = derive_entry(facts(tumor={"tumorId": "a", "diagnosedOn": date(2020, 1, 1)}),
                           TODAY)
    number_sequences([later, earlier])
    assert (earlier.sequence, later.sequence) == (1, 2)


def test_the_entry_does_not_depend_on_the_order_the_graph_returns_records() -> None:
    same_day = date(2023, 3, 1)
    records = [record("pathology", same_day, key="lab|DR|2", organization="oid-lab",
                      morphology="8140/3", grade="2"),
               record("consultation", same_day, key="poly|Enc|1", organization="oid-poly"),
               record("instrumental", None, key="poly|DR|0", morphology="8070/3", grade="3")]
    tumor = {"morphology": None, "grade": None}
    first = derive_entry(facts(tumor=tumor, records=records), TODAY)
    assert derive_entry(facts(tumor=tumor, records=records[::-1]), TODAY) == first
    # same day: key order; undated last
    assert (first.organizationOid, first.morphology, first.grade) == ("oid-lab", "8140/3", "2")


def test_a_suspicion_never_diagnosed_is_no_case_of_the_register() -> None:
    suspicion = facts(tumor={"diagnosedOn": None, "verification": "provisional"},
                      records=[record("referral", date(2024, 1, 5))])
    refuted = facts(tumor={"diagnosedOn": None, "verification": "refuted"},
                    records=[record("referral", date(2024, 1, 5))])
    assert not is_registered_case(suspicion) and not is_registered_case(refuted)
    notified = facts(tumor={"diagnosedOn": None, "verification": "refuted"},
                     records=[record("notification-090", date(2024, 1, 20))])
    assert is_registered_case(notified)  # registered, then removed as not confirmed
    assert is_registered_case(facts())  # diagnosed
    assert is_registered_case(facts(tumor={"diagnosedOn": None, "dco": True}))
