"""Pure pathway logic without a server: clocks, deadlines, alerts, cutoffs, route order."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import add_working_days
from domain.rules import get_rule
from pathway.alerts import change_alerts, deadline_alerts
from pathway.clocks import observation_year
from pathway.deadlines import evaluate_patient, open_pathway
from pathway.facts import EventFact, PatientFacts, TumorFact
from pathway.gaps import gap_due_on, overdue_cutoffs, overdue_days
from pathway.route import route_links

TODAY = date(2026, 3, 2)


def _event(n: int, kind: str, on: date, **facts: object) -> EventFact:
    return EventFact(key=f"k{n:02d}", kind=kind, on=on, **facts)  # type: ignore[arg-type]


def _patient(*events: EventFact, deceased_on: date | None = None,
             tumors: tuple[TumorFact, ...] = ()) -> PatientFacts:
    ordered = tuple(sorted(events, key=lambda e: e.order_key))
    return PatientFacts("p", "Центральный", deceased_on, ordered, tumors)


def _rules(results: list) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for r in results:
        found.setdefault(r.rule, []).append(r.state)
    return found


def test_d1_needs_a_suspicion_referral_to_an_oncologist() -> None:
    to_caop = _event(1, "referral", date(2026, 2, 2), icd10="Z03.1", target_kind="caop")
    to_surgeon = _event(2, "referral", date(2026, 2, 2), icd10="K35", target_kind="hospital")
    visit = _event(3, "consultation", date(2026, 2, 4), at_kind="caop")

    assert _rules(evaluate_patient(_patient(to_caop, visit), TODAY)) == {"D1": ["met"]}
    assert evaluate_patient(_patient(to_surgeon, visit), TODAY) == []


def test_d1_stops_only_at_the_oncologist() -> None:
    referral = _event(1, "referral", date(2026, 2, 2), icd10="Z03.1", target_kind="caop",
                      target_oid="1.2.caop")
    therapist = _event(2, "consultation", date(2026, 2, 3), at_kind="polyclinic",
                       at_oid="1.2.poly")
    named = _event(3, "consultation", date(2026, 2, 4), at_oid="1.2.caop")
    [waiting] = evaluate_patient(_patient(referral, therapist), TODAY)
    assert (waiting.rule, waiting.state) == ("D1", "missed")
    [seen] = evaluate_patient(_patient(referral, therapist, named), TODAY)
    assert (seen.state, seen.stopped_on) == ("met", date(2026, 2, 4))


def test_what_a_referral_asks_decides_between_d1_and_d2() -> None:
    on = date(2026, 2, 2)
    ct_at_dispensary = _event(1, "referral", on, icd10="Z03.1", target_kind="oncology-dispensary",
                              asks="diagnostics")
    consult_at_caop = _event(1, "referral", on, icd10="Z03.1", target_kind="caop",
                             asks="consultation")
    admission = _event(1, "referral", on, icd10="Z03.1", target_kind="hospital",
                       asks="hospitalization")
    unsaid = _event(1, "referral", on, icd10="Z03.1", target_kind="laboratory")
    assert set(_rules(evaluate_patient(_patient(ct_at_dispensary), TODAY))) == {"D2"}
    assert set(_rules(evaluate_patient(_patient(consult_at_caop), TODAY))) == {"D1"}
    assert evaluate_patient(_patient(admission), TODAY) == []
    assert set(_rules(evaluate_patient(_patient(unsaid), TODAY))) == {"D2"}  # by where


def test_d2_stops_at_the_tests_the_order_asked_for() -> None:
    order = _event(1, "referral", date(2026, 2, 2), icd10="Z03.1", target_kind="laboratory",
                   target_oid="1.2.lab", asks="diagnostics")
    routine = _event(2, "laboratory", date(2026, 2, 3), at_oid="1.2.poly")
    answer = _event(3, "laboratory", date(2026, 2, 5), at_oid="1.2.lab")
    named = _event(3, "instrumental", date(2026, 2, 4), at_oid="1.2.other",
                   based_on=("k01",))
    [waiting] = evaluate_patient(_patient(order, routine), TODAY)
    assert (waiting.rule, waiting.state) == ("D2", "missed")
    [done] = evaluate_patient(_patient(order, routine, answer), TODAY)
    assert (done.state, done.stopped_on) == ("met", date(2026, 2, 5))
    [by_reference] = evaluate_patient(_patient(order, routine, named), TODAY)
    assert by_reference.stopped_on == date(2026, 2, 4)


def test_d1_across_the_new_year_is_due_fifteen_calendar_days_later() -> None:
    referral = _event(1, "referral", date(2025, 12, 30), icd10="Z03.1", target_kind="caop")
    [d1] = evaluate_patient(_patient(referral), date(2026, 1, 13))
    assert d1.due_on == date(2026, 1, 14) and d1.state == "due-soon"
    [late] = evaluate_patient(_patient(referral), date(2026, 1, 16))
    assert late.state == "missed" and late.days_over == 2


def test_treatment_precondition_and_open_pathway() -> None:
    pathology = _event(1, "pathology", date(2026, 2, 2), morphology="8140/3")
    surgery = _event(2, "surgery", date(2026, 2, 5))
    results = evaluate_patient(_patient(pathology, surgery), TODAY)
    assert _rules(results) == {"D4": ["met"], "tumor-board-before-treatment": ["missed"]}
    assert not open_pathway(results)
    assert open_pathway(evaluate_patient(_patient(pathology), TODAY))


def test_d4_when_the_operation_came_before_the_histology_report() -> None:
    """The surgical pathway: diagnosis, board, operation, then the report on the removed
    tumour. Treatment began 3 working days after the diagnosis set without histology."""
    diagnosis = _event(1, "diagnosis", date(2026, 1, 12), icd10="C18.7")
    board = _event(2, "tumor-board", date(2026, 1, 13))
    surgery = _event(3, "surgery", date(2026, 1, 15))
    report = _event(4, "pathology", date(2026, 1, 26), morphology="8140/3")
    d4 = [r for r in evaluate_patient(_patient(diagnosis, board, surgery, report), TODAY)
          if r.rule == "D4"]
    assert [(r.state, r.started_on, r.stopped_on) for r in d4] == [
        ("met", date(2026, 1, 12), date(2026, 1, 15))]
    # An operation that found the cancer (no diagnosis before it) leaves nothing to time.
    assert not [r for r in evaluate_patient(_patient(surgery, report), TODAY)
                if r.rule == "D4"]


def test_each_new_primary_needs_its_own_090() -> None:
    breast = _event(1, "diagnosis", date(2026, 1, 12), icd10="C50.4")
    colon = _event(2, "diagnosis", date(2026, 2, 2), icd10="C18.2")
    notice = _event(3, "notification-090", date(2026, 1, 13))
    results = [r for r in evaluate_patient(_patient(breast, colon, notice), TODAY)
               if r.rule == "notification-090"]
    assert [r.state for r in results] == ["met", "missed"]


@pytest.mark.parametrize("verification", ["provisional", "refuted"])
def test_an_unconfirmed_diagnosis_opens_no_090_or_treatment_clock(verification: str) -> None:
    suspicion = _event(1, "diagnosis", date(2026, 2, 2), icd10="C50.4",
                       verification=verification)
    rules = _rules(evaluate_patient(_patient(suspicion), TODAY))
    assert "notification-090" not in rules and "D4" not in rules
    confirmed = _event(1, "diagnosis", date(2026, 2, 2), icd10="C50.4",
                       verification="confirmed")
    assert "notification-090" in _rules(evaluate_patient(_patient(confirmed), TODAY))


def test_codes_of_one_organ_are_one_cancer_and_need_one_090() -> None:
    """IARC 2004 counts C33 and C34 (trachea, lung) as one site, as the tumours do: a
    bronchus cancer coded C33 at first and C34.1 later is one lung cancer, not two."""
    trachea = _event(1, "diagnosis", date(2026, 1, 12), icd10="C33")
    notice = _event(2, "notification-090", date(2026, 1, 13))
    lung = _event(3, "diagnosis", date(2026, 2, 2), icd10="C34.1")
    results = [r for r in evaluate_patient(_patient(trachea, notice, lung), TODAY)
               if r.rule == "notification-090"]
    assert [r.state for r in results] == ["met"]


def test_a_metastasis_needs_no_090_of_its_own() -> None:
    breast = _event(1, "diagnosis", date(2026, 1, 12), icd10="C50.4")
    notice = _event(2, "notification-090", date(2026, 1, 13))
    liver_metastasis = _event(3, "diagnosis", date(2026, 2, 2), icd10="C78.7")
    results = [r for r in evaluate_patient(_patient(breast, notice, liver_metastasis), TODAY)
               if r.rule == "notification-090"]
    assert [r.state for r in results] == ["met"]


def test_only_a_cancer_newly_found_advanced_needs_the_neglected_case_protocol() -> None:
    found_advanced = _event(1, "diagnosis", date(2026, 1, 12), icd10="C34.1", stage="IV")
    assert "neglected-case-protocol" in _rules(evaluate_patient(_patient(found_advanced),
                                                                TODAY))
    early = _event(1, "diagnosis", date(2024, 1, 12), icd10="C34.1", stage="I")
    progressed = _event(2, "diagnosis", date(2026, 1, 12), icd10="C34.1", stage="IV")
    suspected = _event(1, "diagnosis", date(2026, 1, 12), icd10="C34.1", stage="IV",
                       verification="provisional")
    for events in ((early, progressed), (suspected,)):
        assert "neglected-case-protocol" not in _rules(evaluate_patient(_patient(*events),
                                                                        TODAY))


def test_ids_are_stable_across_evaluations() -> None:
    patient = _patient(_event(1, "diagnosis", date(2026, 2, 2), icd10="C50.4"))
    first = {r.deadline_id for r in evaluate_patient(patient, TODAY)}
    assert first == {r.deadline_id for r in evaluate_patient(patient, date(2026, 3, 9))}
    assert "p|D5|k01" in first


def test_observation_year() -> None:
    registered = date(2024, 2, 29)
    assert observation_year(registered, date(2025, 2, 27)) == 1
    assert observation_year(registered, date(2025, 3, 1)) == 2
    assert observation_year(registered, date(2027, 3, 1)) == 4


def test_alerts_for_sharp_changes_within_the_window() -> None:
    patient = _patient(
        _event(1, "stage-observation", date(2025, 10, 1), stage="IIA", m="M0"),
        _event(2, "stage-observation", date(2026, 2, 20), stage="IIIB", m="M1"),
        _event(3, "hospitalization", date(2026, 2, 21), encounter_class="EMER"),
        _event(4, "hospitalization-refusal", date(2025, 1, 5)),
    )
    kinds = sorted(a.kind for a in change_alerts(patient, TODAY))
    assert kinds == ["distant-metastasis", "emergency-admission", "stage-up"]


def test_deadline_alerts_skip_old_history() -> None:
    old = _patient(_event(1, "pathology", date(2024, 1, 10), morphology="8140/3"),
                   _event(2, "surgery", date(2024, 3, 1)))
    results = evaluate_patient(old, TODAY)
    assert any(r.state == "missed" for r in results)
    assert deadline_alerts(old, results, TODAY) == []


def test_route_links_count_working_days() -> None:
    patient = _patient(_event(1, "referral", date(2025, 12, 30)),
                       _event(2, "consultation", date(2026, 1, 12)))
    [link] = route_links(patient)
    assert (link.days, link.working_days) == (13, 1)


def test_overdue_cutoffs_match_the_due_dates() -> None:
    cutoffs = overdue_cutoffs(TODAY)
    for rule_id in ("D1", "D2", "D4"):
        rule = get_rule(rule_id)
        assert add_working_days(cutoffs[rule_id], rule.limit or 0) < TODAY
        assert add_working_days(date.fromordinal(cutoffs[rule_id].toordinal() + 1),
                                rule.limit or 0) >= TODAY


@pytest.mark.parametrize(("row", "expected"), [
    ({"since": date(2026, 2, 2), "rule": "D1", "dueOn": None}, 16),
    ({"since": date(2026, 2, 2), "rule": None, "dueOn": None}, 28),
    ({"since": date(2025, 11, 6), "rule": "D6", "dueOn": date(2026, 2, 6)}, 24),
])
def test_overdue_days(row: dict, expected: int) -> None:
    from domain.calendar import default_calendar
    from domain.rules import load_rules

    assert overdue_days(row, TODAY, load_rules(), default_calendar()) == expected


@pytest.mark.parametrize(("row", "expected"), [
    # D1, 3 working days from Monday 16 Feb 2026: Thursday 19 Feb
    ({"since": date(2026, 2, 16), "rule": "D1", "dueOn": None}, date(2026, 2, 19)),
    # D4, 7 working days from 2 Feb, across no holiday: 11 Feb; from 16 Feb, 23 Feb is off
    ({"since": date(2026, 2, 2), "rule": "D4", "dueOn": None}, date(2026, 2, 11)),
    ({"since": date(2026, 2, 16), "rule": "D4", "dueOn": None}, date(2026, 2, 26)),
    # the due day a query read (a Deadline's, a dispensary month) wins over the rule's
    ({"since": date(2025, 11, 6), "rule": "D6", "dueOn": date(2026, 2, 6)}, date(2026, 2, 6)),
    # no rule: overdue from the day the gap appears
    ({"since": date(2025, 11, 12), "rule": None, "dueOn": None}, date(2025, 11, 12)),
])
def test_gap_due_on_is_the_day_overdue_days_count_from(row: dict, expected: date) -> None:
    from domain.calendar import default_calendar
    from domain.rules import load_rules

    rules, calendar = load_rules(), default_calendar()
    assert gap_due_on(row, rules, calendar) == expected
    # a gap is not overdue on its due day, and is from the next working day on
    assert overdue_days(row, expected, rules, calendar) == 0
