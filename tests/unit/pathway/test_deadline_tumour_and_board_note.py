"""What the passport's deadline table needs from a deadline besides its dates: the cancer it
is about (a patient with two has a D4 and a board check for each) and, for the tumour-board
check, words where the dates alone read wrongly (a board before the treatment it precedes
stops the check before it starts)."""

from __future__ import annotations

from datetime import date

from pathway.deadlines import evaluate_patient
from pathway.facts import EventFact, PatientFacts

TODAY = date(2026, 3, 2)
LUNG = "C34.1"
BREAST = "C50.4"
BOARD = "tumor-board-before-treatment"


def _event(key: str, kind: str, on: date, **facts: object) -> EventFact:
    return EventFact(key=key, kind=kind, on=on, **facts)  # type: ignore[arg-type]


def _patient(*events: EventFact) -> PatientFacts:
    return PatientFacts("p", "Центральный", None,
                        tuple(sorted(events, key=lambda e: e.order_key)), ())


def _breast(board_on: date | None) -> list[EventFact]:
    events = [
        _event("b-report", "pathology", date(2019, 3, 1), morphology="8500/3"),
        _event("b-diagnosis", "diagnosis", date(2019, 3, 4), icd10=BREAST, stage="II"),
        _event("b-surgery", "surgery", date(2019, 3, 12)),
    ]
    if board_on:
        events.append(_event("b-board", "tumor-board", board_on))
    return events


def _lung() -> list[EventFact]:
    return [
        _event("l-report", "pathology", date(2026, 2, 10), morphology="8140/3"),
        _event("l-diagnosis", "diagnosis", date(2026, 2, 16), icd10=LUNG),
        _event("l-board", "tumor-board", date(2026, 2, 19)),
        _event("l-surgery", "surgery", date(2026, 2, 20)),
    ]


def test_a_board_before_the_treatment_is_met_and_says_so_in_words() -> None:
    [check] = [r for r in evaluate_patient(_patient(*_breast(date(2019, 3, 7))), TODAY)
               if r.rule == BOARD]

    assert (check.state, check.days_over) == ("met", 0)
    assert check.stopped_on is not None and check.stopped_on < check.started_on
    assert check.note_ru == "консилиум проведён до начала отсчёта, 07.03.2019"
    assert check.as_row()["noteRu"] == check.note_ru


def test_a_board_on_the_treatment_day_needs_no_words_and_none_is_missed() -> None:
    [same_day] = [r for r in evaluate_patient(_patient(*_breast(date(2019, 3, 12))), TODAY)
                  if r.rule == BOARD]
    [unboarded] = [r for r in evaluate_patient(_patient(*_breast(None)), TODAY)
                   if r.rule == BOARD]

    assert (same_day.state, same_day.note_ru) == ("met", None)
    assert unboarded.state == "missed"
    assert unboarded.note_ru == "консилиум до начала лечения 12.03.2019 не проведён"


def test_each_cancer_s_deadlines_name_its_code() -> None:
    results = evaluate_patient(_patient(*_breast(date(2019, 3, 7)), *_lung()), TODAY)

    boards = {r.start_key: r.icd10 for r in results if r.rule == BOARD}
    # the breast D4 starts on a report naming no code: its cancer is its episode's
    d4 = {r.start_key[0]: r.icd10 for r in results if r.rule == "D4"}
    assert boards == {"b-surgery": BREAST, "l-surgery": LUNG}
    assert d4 == {"b": BREAST, "l": LUNG}
    assert all(r.as_row()["icd10"] == r.icd10 for r in results)


def test_a_referral_or_a_treatment_session_code_names_no_cancer() -> None:
    """A D1 started by a Z03.1 referral and a treatment coded Z51.1 name no cancer of their
    own: a Z code in the «Опухоль» column would read as a tumour."""
    facts = _patient(
        _event("ref", "referral", date(2026, 2, 2), icd10="Z03.1", care_stage="suspicion"),
        _event("chemo", "drug-therapy", date(2026, 2, 20), icd10="Z51.1"))
    results = evaluate_patient(facts, TODAY)
    assert results, "the referral starts a clock"
    assert all(r.icd10 is None for r in results), [(r.rule, r.icd10) for r in results]
