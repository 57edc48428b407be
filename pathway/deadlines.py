"""Deadline states of one patient: D1–D8, 027-2/у, 090/у and the tumour-board precondition.

Pure: facts in, rows out. Rules come from `domain.rules` (the data file), working days from
`domain.calendar`; nothing here knows a limit or a holiday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.calendar import ProductionCalendar, default_calendar
from domain.rules import DeadlineRule, DeadlineState, RuleSet, evaluate_deadline, load_rules
from pathway.clocks import CONDITIONS, Clock, tumor_board_checks
from pathway.episodes import episodes, named_site
from pathway.facts import PatientFacts

OPEN_STATES = ("pending", "due-soon", "missed")
# Rules whose open clock means the patient is still on the way to treatment (an "open
# pathway" for the load of an organisation).
PATHWAY_RULES = ("D1", "D2", "D3", "D4", "D5")


@dataclass(frozen=True)
class DeadlineResult:
    deadline_id: str
    rule: str
    title_ru: str
    state: DeadlineState
    started_on: date
    due_on: date
    stopped_on: date | None
    days_over: int
    start_key: str
    stop_key: str | None
    organization_oids: tuple[str, ...]
    # the ICD-10 code of the cancer the deadline is about: a patient with two cancers has a
    # D4 for each, and the clinician must tell them apart
    icd10: str | None = None
    # what the dates alone would say wrongly (a board held before the treatment it precedes)
    note_ru: str | None = None

    @property
    def is_open(self) -> bool:
        return self.stopped_on is None

    def as_row(self) -> dict[str, Any]:
        return {
            "deadlineId": self.deadline_id, "rule": self.rule, "titleRu": self.title_ru,
            "state": self.state, "startedOn": self.started_on, "dueOn": self.due_on,
            "stoppedOn": self.stopped_on, "daysOver": self.days_over,
            "startKey": self.start_key, "stopKey": self.stop_key,
            "organizationOids": list(self.organization_oids), "icd10": self.icd10,
            "noteRu": self.note_ru,
        }


def deadline_id(patient_id: str, rule_id: str, start_key: str) -> str:
    """Stable across rebuilds: the same start record always names the same deadline."""
    return f"{patient_id}|{rule_id}|{start_key}"


def _result(
    facts: PatientFacts, clock: Clock, today: date, cal: ProductionCalendar,
    codes: dict[str, str],
) -> DeadlineResult | None:
    rule = clock.rule
    as_of = today
    died_on = facts.died_on
    if died_on and clock.stop is None:
        # Death ends every running clock: one still within its limit is void, not missed.
        outcome = evaluate_deadline(rule, clock.started_on, None, died_on, calendar=cal)
        if died_on <= outcome.due_on:
            return None
        as_of = min(today, died_on)
    outcome = evaluate_deadline(rule, clock.started_on, clock.stopped_on, as_of, calendar=cal)
    return DeadlineResult(
        deadline_id=deadline_id(facts.patient_id, rule.id, clock.start.key), rule=rule.id,
        title_ru=rule.title_ru, state=outcome.state, started_on=clock.started_on,
        due_on=outcome.due_on, stopped_on=clock.stopped_on, days_over=outcome.days_over,
        start_key=clock.start.key, stop_key=clock.stop.key if clock.stop else None,
        organization_oids=clock.start.organization_oids, icd10=clock_icd10(clock, codes),
    )


def episode_codes(facts: PatientFacts) -> dict[str, str]:
    """Record key → the ICD-10 code of the cancer whose episode holds it (`pathway.episodes`:
    the same split of the records the clocks ran on)."""
    return {e.key: episode.code for episode in episodes(facts) if episode.code
            for e in episode.events}


def clock_icd10(clock: Clock, codes: dict[str, str]) -> str | None:
    """The cancer a clock is about: its own, else its start record's episode's, else a
    cancer code its start or stop record names (a referral's Z03.1 names none)."""
    named = [e.icd10 for e in (clock.start, clock.stop) if e and named_site(e.icd10)]
    own = clock.icd10 if named_site(clock.icd10) else None
    return own or codes.get(clock.start.key) or next(iter(named), None)


def tumor_board_preconditions(rule: DeadlineRule, facts: PatientFacts) -> list[DeadlineResult]:
    """Per primary cancer: met when a tumour-board decision of that cancer precedes (or is
    the same day as) its first treatment (`pathway.clocks.tumor_board_checks`).

    The check is anchored on the treatment (`started_on`), so a board held days before it
    stops the check before it starts: the rule is met with nothing over, and `note_ru` says
    so in words, for a table would otherwise show «завершён» before «начало»."""
    return [DeadlineResult(
        deadline_id=deadline_id(facts.patient_id, rule.id, check.start.key), rule=rule.id,
        title_ru=rule.title_ru, state="met" if check.stop else "missed",
        started_on=check.started_on, due_on=check.started_on, stopped_on=check.stopped_on,
        days_over=0, start_key=check.start.key, stop_key=check.stop.key if check.stop else None,
        organization_oids=check.start.organization_oids, icd10=clock_icd10(check, {}),
        note_ru=_board_note(check),
    ) for check in tumor_board_checks(rule, facts)]


def _board_note(check: Clock) -> str | None:
    if check.stopped_on is None:
        return f"консилиум до начала лечения {check.started_on:%d.%m.%Y} не проведён"
    if check.stopped_on < check.started_on:
        return f"консилиум проведён до начала отсчёта, {check.stopped_on:%d.%m.%Y}"
    return None


def evaluate_patient(
    facts: PatientFacts, today: date, *, rules: RuleSet | None = None,
    calendar: ProductionCalendar | None = None,
) -> list[DeadlineResult]:
    """Every deadline of the patient on `today`, in rule order then start date."""
    ruleset = rules or load_rules()
    cal = calendar or default_calendar()
    results: list[DeadlineResult] = []
    codes = episode_codes(facts)
    for rule in ruleset.rules:
        if rule.kind == "precondition":
            results.extend(tumor_board_preconditions(rule, facts))
            continue
        finder = CONDITIONS.get(rule.condition)
        if finder is None:
            continue
        for clock in finder(rule, facts):
            if clock.started_on <= today:
                result = _result(facts, clock, today, cal, codes)
                results.extend([result] if result else [])
    return results


def open_pathway(deadlines: list[DeadlineResult]) -> bool:
    """The patient waits for a step of diagnosis or the start of treatment."""
    return any(d.is_open and d.rule in PATHWAY_RULES for d in deadlines)
