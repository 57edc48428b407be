"""Continuity gaps: found by the Cypher files named in `pathway/data/gap_kinds.yaml`,
then given their overdue days (working days need the production calendar) and urgency."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from neo4j import ManagedTransaction

from domain import codes
from domain.calendar import ProductionCalendar, default_calendar
from domain.catalogue import event_kind
from domain.rules import RuleSet, due_date, load_rules
from graph.database import run_named
from pathway.catalogue import GapKind, gap_kinds
from pathway.facts import PatientFacts, _native

_ICD10 = re.compile(r"^[A-Z]\d\d(\.\d{1,2})?$")


def overdue_cutoffs(today: date, rules: RuleSet | None = None,
                    calendar: ProductionCalendar | None = None) -> dict[str, date]:
    """Per working-day rule: the last start date whose limit is over on `today`."""
    cal = calendar or default_calendar()
    cutoffs = {}
    for rule in (rules or load_rules()).deadlines:
        if rule.unit != "working_days":
            continue
        start = today
        while due_date(rule, start, cal) >= today:
            start -= timedelta(days=1)
        cutoffs[rule.id] = start
    return cutoffs


def dispensary_months(rules: RuleSet | None = None) -> list[int]:
    ruleset = rules or load_rules()
    return [ruleset.get(r).limit or 0 for r in ("D6", "D7", "D8")]


def gap_due_on(row: dict[str, Any], rules: RuleSet, cal: ProductionCalendar) -> date:
    """The day the gap's deadline fell due: the one its query read (a Deadline's dueOn, a
    dispensary visit's month), else its rule's limit counted from `since`; a kind without
    a rule is overdue from the day it appears, so its due day is `since`."""
    read: date | None = row.get("dueOn")
    since: date = row["since"]
    if read is not None:
        return read
    if row.get("rule") is None:
        return since
    return due_date(rules.get(row["rule"]), since, cal)


def overdue_days(row: dict[str, Any], today: date, rules: RuleSet,
                 cal: ProductionCalendar) -> int:
    """Working days past the due date for working-day rules, calendar days otherwise."""
    since: date = row["since"]
    if row.get("rule") is None:
        return max(0, (today - since).days)
    rule = rules.get(row["rule"])
    due = gap_due_on(row, rules, cal)
    if rule.unit == "months":
        return max(0, (today - due).days)
    # past the due date is at least a day over, weekend or not (domain.rules.evaluate_deadline)
    return max(1, cal.working_days_between(due, today)) if today > due else 0


def gap_detail(row: dict[str, Any]) -> str | None:
    """What a coordinator reads in «Подробности»: the record kind a query names as its
    Russian label, an ICD-10 code with its name, a due date of the document that is
    missing; free text (a refusal's reason) as it is."""
    detail = row.get("detail")
    if detail is None:
        due = row.get("dueOn")
        return f"срок истёк {due:%d.%m.%Y}" if isinstance(due, date) else None
    text = str(detail)
    kind = event_kind(text)
    if kind is not None:
        return kind.label_ru
    if not _ICD10.match(text):
        return text
    if codes.is_unknown_icd10(text):  # stored as sent (C99.9): say so, as the passport does
        return codes.unknown_icd10_label(text)
    name = codes.russian_name(text)
    return f"{text} {name}" if name else text


def find_gap_rows(tx: ManagedTransaction, patient_ids: Sequence[str], today: date,
                  rules: RuleSet | None = None) -> list[tuple[GapKind, dict[str, Any]]]:
    """Run every gap query for the batch inside `tx` (it sees the batch's fresh deadlines)."""
    ruleset = rules or load_rules()
    params = {"patientIds": list(patient_ids), "today": today,
              "cutoffs": overdue_cutoffs(today, ruleset),
              "dispensaryMonths": dispensary_months(ruleset)}
    found = []
    for kind in gap_kinds():
        for record in run_named(tx, kind.query, **params):
            row = {k: _native(v) for k, v in record.data().items()}
            found.append((kind, row))
    return found


def died_by(patient: PatientFacts, today: date) -> date | None:
    """The day of death if the patient had died by `today` (a refresh run for an earlier
    day sees the patient alive)."""
    died_on = patient.died_on
    return died_on if died_on is not None and died_on <= today else None


def gap_rows_by_patient(found: list[tuple[GapKind, dict[str, Any]]],
                        facts: Sequence[PatientFacts], today: date,
                        rules: RuleSet | None = None,
                        calendar: ProductionCalendar | None = None) -> list[dict[str, Any]]:
    """Rows of `write_patient_gaps.cypher`: every patient of the batch, gaps or none.
    A deceased patient keeps only the kinds marked `after_death` in gap_kinds.yaml, and
    their overdue days are counted to the day of death: the queries find gaps whatever
    the patient's vital status, so that this one rule decides it."""
    ruleset = rules or load_rules()
    cal = calendar or default_calendar()
    by_patient: dict[str, list[dict[str, Any]]] = {f.patient_id: [] for f in facts}
    context = {f.patient_id: f for f in facts}
    for kind, row in found:
        patient = context.get(row["patientId"])
        if patient is None:
            continue
        died_on = died_by(patient, today)
        if died_on is not None and not kind.after_death:
            continue
        over = overdue_days(row, died_on or today, ruleset, cal)
        detail = gap_detail(row)
        if died_on is not None:
            # the worklist shows no vital status: say it where the coordinator reads
            detail = "; ".join(filter(None, [detail, f"дата смерти {died_on:%d.%m.%Y}"]))
        by_patient[patient.patient_id].append({
            "gapId": f"{patient.patient_id}|{kind.kind}|{row['anchorKey']}",
            "kind": kind.kind, "labelRu": kind.label_ru, "since": row["since"],
            "dueOn": gap_due_on(row, ruleset, cal), "overdueDays": over,
            "urgency": kind.weight * (1 + over),
            "detail": detail,
            "rule": row.get("rule"), "anchorKey": row["anchorKey"],
            "organizationOid": row.get("organizationOid"), "district": patient.district,
            "site": patient.site, "careOrganizationOids": patient.organization_oids,
        })
    return [{"patientId": pid, "gaps": gaps} for pid, gaps in by_patient.items()]
