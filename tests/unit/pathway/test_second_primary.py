"""Deadline clocks of a second primary cancer: a lung cancer found in 2026 in a woman
treated for breast cancer in 2019 runs D1, D2, D4, D5, 027-2/у and the tumour-board check
again, on its own records."""

from __future__ import annotations

from datetime import date

from pathway.deadlines import DeadlineResult, evaluate_patient
from pathway.facts import EventFact, PatientFacts, TumorFact

TODAY = date(2026, 3, 2)
LUNG = "C34.1"
BREAST = "C50.4"


def _event(key: str, kind: str, on: date, **facts: object) -> EventFact:
    return EventFact(key=key, kind=kind, on=on, **facts)  # type: ignore[arg-type]


def _patient(*events: EventFact, tumors: tuple[TumorFact, ...] = ()) -> PatientFacts:
    ordered = tuple(sorted(events, key=lambda e: e.order_key))
    return PatientFacts("p", "Центральный", None, ordered, tumors)


def _breast_cancer_2019() -> list[EventFact]:
    """Diagnosed, verified, operated on and notified in 2019, stage II; followed since."""
    return [
        _event("b-referral", "referral", date(2019, 2, 18), icd10="Z03.1", target_kind="caop"),
        _event("b-consult", "consultation", date(2019, 2, 20), at_kind="caop"),
        _event("b-report", "pathology", date(2019, 3, 1), morphology="8500/3"),
        _event("b-diagnosis", "diagnosis", date(2019, 3, 4), icd10=BREAST, stage="II"),
        _event("b-surgery", "surgery", date(2019, 3, 12)),
    ]


def _clocks(facts: PatientFacts, rule: str) -> list[DeadlineResult]:
    return [r for r in evaluate_patient(facts, TODAY) if r.rule == rule]


def _runs(facts: PatientFacts, rule: str) -> list[tuple[str, str | None, str]]:
    return [(r.start_key, r.stop_key, r.state) for r in _clocks(facts, rule)]


def test_a_suspected_second_primary_starts_d1_and_d2() -> None:
    patient = _patient(
        *_breast_cancer_2019(),
        _event("l-referral", "referral", date(2026, 2, 2), icd10=LUNG, target_kind="caop"),
        _event("l-consult", "consultation", date(2026, 2, 4), at_kind="caop"),
        _event("l-ct-order", "referral", date(2026, 2, 4), icd10=LUNG, asks="diagnostics",
               target_kind="hospital", target_oid="1.2.ct"),
        _event("l-ct", "instrumental", date(2026, 2, 9), at_oid="1.2.ct"),
    )

    assert _runs(patient, "D1") == [("b-referral", "b-consult", "met"),
                                    ("l-referral", "l-consult", "met")]
    assert _runs(patient, "D2") == [("l-ct-order", "l-ct", "met")]


def test_a_follow_up_referral_of_the_known_cancer_starts_nothing() -> None:
    patient = _patient(
        *_breast_cancer_2019(),
        # the breast cancer's own follow-up: its site, or a follow-up code (Z08), even
        # shortly before a new primary is found
        _event("b-control", "referral", date(2024, 5, 6), icd10="C50.9",
               target_kind="oncology-dispensary", care_stage="suspicion"),
        _event("b-z08", "referral", date(2025, 12, 1), icd10="Z08", target_kind="caop"),
        _event("l-referral", "referral", date(2026, 2, 2), icd10=LUNG, target_kind="caop"),
        _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG),
    )

    assert [r.start_key for r in _clocks(patient, "D1")] == ["b-referral", "l-referral"]


def test_a_referral_naming_no_site_counts_when_it_was_the_work_up_of_a_new_primary() -> None:
    suspicion = _event("z03", "referral", date(2026, 1, 26), icd10="Z03.1", target_kind="caop",
                       target_oid="1.2.caop")
    seen = _event("z03-consult", "consultation", date(2026, 1, 28), at_oid="1.2.caop")
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG)
    relapse_of_breast = _event("b-relapse", "diagnosis", date(2026, 2, 16), icd10="C50.9")

    found_lung = _patient(*_breast_cancer_2019(), suspicion, seen, lung)
    assert _runs(found_lung, "D1")[1:] == [("z03", "z03-consult", "met")]
    # nothing new was found, or only the known cancer again: follow-up, not a suspicion
    # … or the lung cancer was found a year later: the referral was the breast cancer's
    # follow-up (one of many over the years), not the lung cancer's work-up
    lung_a_year_later = _event("l-diagnosis", "diagnosis", date(2027, 1, 18), icd10=LUNG)
    for events in ((suspicion, seen), (suspicion, seen, relapse_of_breast),
                   (suspicion, seen, lung_a_year_later)):
        patient = _patient(*_breast_cancer_2019(), *events)
        assert [r.start_key for r in _clocks(patient, "D1")] == ["b-referral"]


def test_a_second_primary_found_advanced_needs_its_own_027_2() -> None:
    progression = _event("b-stage", "stage-observation", date(2025, 9, 1), stage="IV")
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 2), icd10=LUNG, stage="IV")
    protocol = _event("l-protocol", "neglected-case-protocol", date(2026, 2, 10))

    waiting = _clocks(_patient(*_breast_cancer_2019(), progression, lung),
                      "neglected-case-protocol")
    assert [(r.start_key, r.due_on, r.state) for r in waiting] == [
        ("l-diagnosis", date(2026, 2, 16), "missed")]
    answered = _patient(*_breast_cancer_2019(), progression, lung, protocol)
    assert _runs(answered, "neglected-case-protocol") == [
        ("l-diagnosis", "l-protocol", "met")]
    # the breast cancer's progression years on is no neglected case of its own
    assert _runs(_patient(*_breast_cancer_2019(), progression), "neglected-case-protocol") == []


def test_each_neglected_primary_needs_its_own_protocol() -> None:
    breast = _event("b-diagnosis", "diagnosis", date(2025, 6, 2), icd10=BREAST, stage="IIIB")
    breast_protocol = _event("b-protocol", "neglected-case-protocol", date(2025, 6, 5))
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 2), icd10=LUNG, stage="IV")

    assert _runs(_patient(breast, breast_protocol, lung), "neglected-case-protocol") == [
        ("b-diagnosis", "b-protocol", "met"), ("l-diagnosis", None, "missed")]


def test_a_second_primary_has_its_own_d4_clock_that_breast_treatment_does_not_stop() -> None:
    lung_report = _event("l-report", "pathology", date(2026, 2, 13), icd10=LUNG,
                         morphology="8140/3")
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG)
    hormones = _event("b-hormones", "drug-therapy", date(2026, 2, 17), icd10=BREAST)
    lobectomy = _event("l-surgery", "surgery", date(2026, 2, 20))

    waiting = _patient(*_breast_cancer_2019(), lung_report, lung, hormones)
    assert _runs(waiting, "D4") == [("b-report", "b-surgery", "met"),
                                    ("l-report", None, "missed")]
    treated = _patient(*_breast_cancer_2019(), lung_report, lung, hormones, lobectomy)
    assert _runs(treated, "D4")[1] == ("l-report", "l-surgery", "met")


def test_the_first_cancer_s_operation_does_not_swallow_a_second_s_surgical_pathway() -> None:
    """The lung cancer was operated on before its report came back: its diagnosis starts
    the clock — the breast operation of 2019 was not 'treatment before the report'."""
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 2), icd10=LUNG)
    lobectomy = _event("l-surgery", "surgery", date(2026, 2, 10))
    report = _event("l-report", "pathology", date(2026, 2, 20), morphology="8140/3")

    patient = _patient(*_breast_cancer_2019(), lung, lobectomy, report)

    assert _runs(patient, "D4")[1:] == [("l-diagnosis", "l-surgery", "met")]


def test_an_uncoded_biopsy_belongs_to_the_cancer_cared_for_when_it_was_taken() -> None:
    """The breast cancer's recurrence biopsy, months before the lung cancer, does not
    start the lung cancer's D4 (its diagnosis, set without histology, does)."""
    recurrence = _event("b-recurrence", "pathology", date(2025, 10, 1), morphology="8500/3")
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 2), icd10=LUNG)

    patient = _patient(*_breast_cancer_2019(), recurrence, lung)

    assert [r.start_key for r in _clocks(patient, "D4")] == ["b-report", "l-diagnosis"]


def _tumour(tumor_id: str, icd10: str, on: date) -> TumorFact:
    return TumorFact(tumor_id, icd10, icd10[:3], "I", None, on, "confirmed")


def test_the_tumours_say_which_cancers_are_separate_primaries() -> None:
    """Two skin cancers of different histology at one site are two primaries (IARC), a
    lung cancer coded C34 and then C33 is one."""
    basal = _event("s1", "diagnosis", date(2018, 4, 2), icd10="C44.3")
    squamous = _event("s2", "diagnosis", date(2025, 10, 6), icd10="C44.3")
    skin = (_tumour("p|C44|1", "C44.3", basal.on), _tumour("p|C44|2", "C44.3", squamous.on))
    assert [r.start_key for r in _clocks(_patient(basal, squamous, tumors=skin), "D4")] == [
        "s1", "s2"]
    assert [r.start_key for r in _clocks(_patient(basal, squamous), "D4")] == ["s1"]

    bronchus = _event("l1", "diagnosis", date(2025, 10, 6), icd10="C34.1")
    trachea = _event("l2", "diagnosis", date(2025, 11, 3), icd10="C33")
    lung = (_tumour("p|C33-C34|1", "C34.1", bronchus.on),)
    assert [r.start_key for r in _clocks(_patient(bronchus, trachea, tumors=lung), "D4")] == [
        "l1"]


def test_a_single_primary_patient_keeps_every_clock() -> None:
    """Follow-up after one cancer — its referrals, a progression, a recurrence biopsy, an
    old operation — starts nothing new (the same clocks as before second primaries)."""
    patient = _patient(
        *_breast_cancer_2019(),
        _event("b-090", "notification-090", date(2019, 3, 5)),
        _event("b-board", "tumor-board", date(2019, 3, 7)),
        _event("b-register", "dispensary-observation", date(2019, 3, 6),
               dispensary_registration=True),
        _event("b-z03", "referral", date(2023, 4, 3), icd10="Z03.1", target_kind="caop"),
        _event("b-stage", "stage-observation", date(2023, 5, 2), stage="IV"),
        _event("b-recurrence", "pathology", date(2023, 5, 10), morphology="8500/3"),
        _event("b-chemo", "drug-therapy", date(2023, 5, 22)),
        tumors=(_tumour("p|C50|1", BREAST, date(2019, 3, 1)),),
    )

    clocks = {(r.rule, r.start_key, r.stop_key) for r in evaluate_patient(patient, TODAY)
              if r.rule not in ("D6", "D7", "D8")}

    assert clocks == {
        ("D1", "b-referral", "b-consult"), ("D4", "b-report", "b-surgery"),
        ("D5", "b-diagnosis", "b-register"), ("notification-090", "b-diagnosis", "b-090"),
        ("tumor-board-before-treatment", "b-surgery", "b-board")}


def test_a_second_primary_needs_its_own_dispensary_observation_d5() -> None:
    """The breast cancer's registration of 2019 does not stop the lung cancer's D5, nor a
    breast dispensary visit after it; a registration after the lung diagnosis does."""
    registered_2019 = _event("b-register", "dispensary-observation", date(2019, 3, 6),
                             dispensary_registration=True)
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG)
    breast_visit = _event("b-visit", "dispensary-observation", date(2026, 2, 17),
                          icd10=BREAST, dispensary_visit=True)
    lung_register = _event("l-register", "dispensary-observation", date(2026, 2, 18),
                           icd10=LUNG, dispensary_registration=True)

    waiting = _patient(*_breast_cancer_2019(), registered_2019, lung, breast_visit)
    assert _runs(waiting, "D5") == [("b-diagnosis", "b-register", "met"),
                                    ("l-diagnosis", None, "missed")]
    registered = _patient(*_breast_cancer_2019(), registered_2019, lung, breast_visit,
                          lung_register)
    assert _runs(registered, "D5")[1] == ("l-diagnosis", "l-register", "met")


def test_a_second_primary_s_first_treatment_needs_its_own_tumour_board() -> None:
    """The 2019 breast board does not cover the lobectomy of 2026; the breast hormone
    therapy after the lung diagnosis is not the lung cancer's first treatment."""
    board_2019 = _event("b-board", "tumor-board", date(2019, 3, 7))
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG)
    hormones = _event("b-hormones", "drug-therapy", date(2026, 2, 17), icd10=BREAST)
    breast_board = _event("b-board-2026", "tumor-board", date(2026, 2, 18), icd10=BREAST)
    lobectomy = _event("l-surgery", "surgery", date(2026, 2, 20))

    unboarded = _patient(*_breast_cancer_2019(), board_2019, lung, hormones, breast_board,
                         lobectomy)
    assert _runs(unboarded, "tumor-board-before-treatment") == [
        ("b-surgery", "b-board", "met"), ("l-surgery", None, "missed")]
    lung_board = _event("l-board", "tumor-board", date(2026, 2, 19))
    boarded = _patient(*_breast_cancer_2019(), board_2019, lung, hormones, lobectomy,
                       lung_board)
    assert _runs(boarded, "tumor-board-before-treatment")[1] == (
        "l-surgery", "l-board", "met")


def test_a_second_primary_s_board_may_precede_its_diagnosis_within_its_work_up() -> None:
    """Its work-up began with the referral naming its site: a board after that counts,
    one before it (the breast cancer's, a month earlier) does not."""
    breast_relapse_board = _event("b-board-2026", "tumor-board", date(2026, 1, 12))
    referral = _event("l-referral", "referral", date(2026, 1, 19), icd10=LUNG,
                      target_kind="caop")
    lung_board = _event("l-board", "tumor-board", date(2026, 2, 9))
    lung = _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG)
    lobectomy = _event("l-surgery", "surgery", date(2026, 2, 20))

    early = _patient(*_breast_cancer_2019(), breast_relapse_board, lung, lobectomy)
    assert _runs(early, "tumor-board-before-treatment")[1] == ("l-surgery", None, "missed")
    in_work_up = _patient(*_breast_cancer_2019(), breast_relapse_board, referral, lung_board,
                          lung, lobectomy)
    assert _runs(in_work_up, "tumor-board-before-treatment")[1] == (
        "l-surgery", "l-board", "met")
