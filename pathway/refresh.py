"""Rebuild the derived pathway layer of patients: route, deadlines, gaps, notifications.

Called by ingest after each batch (`refresh_patients`) and for the whole region
(`refresh_all`). Each batch is read in one query, evaluated in Python, and written back in
one transaction of UNWIND queries, so a patient's derived facts change all at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from domain.calendar import default_calendar
from domain.rules import load_rules
from graph.database import Graph, batched, run_named
from pathway.alerts import patient_alerts
from pathway.deadlines import DeadlineResult, evaluate_patient, open_pathway
from pathway.facts import PatientFacts, fetch_facts
from pathway.gaps import find_gap_rows, gap_rows_by_patient
from pathway.route import route_row

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 500


@dataclass
class RefreshSummary:
    """What a refresh did; counts add up over batches."""

    patients: int = 0
    events: int = 0
    deadlines: int = 0
    gaps: int = 0
    notifications: int = 0
    cleared: int = 0
    gap_kinds: dict[str, int] = field(default_factory=dict)

    def add(self, other: RefreshSummary) -> None:
        self.patients += other.patients
        self.events += other.events
        self.deadlines += other.deadlines
        self.gaps += other.gaps
        self.notifications += other.notifications
        self.cleared += other.cleared
        for kind, n in other.gap_kinds.items():
            self.gap_kinds[kind] = self.gap_kinds.get(kind, 0) + n


@dataclass(frozen=True)
class _Plan:
    facts: list[PatientFacts]
    routes: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    not_passports: list[str]


def _current_organization(facts: PatientFacts) -> str | None:
    return next((e.at_oid for e in reversed(facts.events) if e.at_oid), None)


def _deadline_row(facts: PatientFacts, deadlines: list[DeadlineResult]) -> dict[str, Any]:
    return {"patientId": facts.patient_id, "openPathway": open_pathway(deadlines),
            "currentOrganizationOid": _current_organization(facts),
            "deadlines": [d.as_row() for d in deadlines]}


def plan_batch(facts: list[PatientFacts], requested: Sequence[str], today: date) -> _Plan:
    """Everything to write for one batch, computed without the database."""
    rules, calendar = load_rules(), default_calendar()
    deadlines, notifications = [], []
    for patient in facts:
        results = evaluate_patient(patient, today, rules=rules, calendar=calendar)
        deadlines.append(_deadline_row(patient, results))
        notifications += [a.as_row(patient.district, today)
                          for a in patient_alerts(patient, results, today)]
    found = {f.patient_id for f in facts}
    return _Plan(facts, [route_row(f, calendar) for f in facts], deadlines, notifications,
                 [pid for pid in requested if pid not in found])


def _write_plan(tx: ManagedTransaction, plan: _Plan, today: date) -> RefreshSummary:
    ids = [f.patient_id for f in plan.facts]
    if plan.not_passports:
        run_named(tx, "clear_patient_derived", patientIds=plan.not_passports).consume()
    run_named(tx, "write_patient_routes", rows=plan.routes).consume()
    run_named(tx, "write_patient_deadlines", rows=plan.deadlines).consume()
    gap_rows = gap_rows_by_patient(find_gap_rows(tx, ids, today), plan.facts, today)
    run_named(tx, "write_patient_gaps", rows=gap_rows).consume()
    if plan.notifications:
        run_named(tx, "write_notifications", rows=plan.notifications).consume()
    summary = RefreshSummary(
        patients=len(ids), events=sum(len(f.events) for f in plan.facts),
        deadlines=sum(len(r["deadlines"]) for r in plan.deadlines),
        gaps=sum(len(r["gaps"]) for r in gap_rows), notifications=len(plan.notifications),
        cleared=len(plan.not_passports))
    for row in gap_rows:
        for gap in row["gaps"]:
            summary.gap_kinds[gap["kind"]] = summary.gap_kinds.get(gap["kind"], 0) + 1
    return summary


def refresh_patients(graph: Graph, patient_ids: Iterable[str], today: date, *,
                     batch_size: int = DEFAULT_BATCH_SIZE) -> RefreshSummary:
    """Rebuild route, deadlines, gaps and notifications of these patients (idempotent).

    Patients that are not passports get their derived layer cleared instead.
    """
    total = RefreshSummary()
    unique = list(dict.fromkeys(patient_ids))
    for batch in batched(unique, batch_size):
        plan = plan_batch(fetch_facts(graph, batch), batch, today)

        def write(tx: ManagedTransaction, plan: _Plan = plan) -> RefreshSummary:
            return _write_plan(tx, plan, today)

        total.add(graph.execute_write(write))
    return total


def refresh_all(graph: Graph, today: date, batch_size: int = DEFAULT_BATCH_SIZE,
                progress: Callable[[int], None] | None = None) -> RefreshSummary:
    """Refresh every passport of the region, page by page in patientId order."""
    total = RefreshSummary()
    after = ""
    while True:
        rows = graph.read("list_passport_ids", after=after, limit=batch_size)
        if not rows:
            break
        ids = [r["patientId"] for r in rows]
        total.add(refresh_patients(graph, ids, today, batch_size=batch_size))
        after = ids[-1]
        if progress:
            progress(total.patients)
        log.info("pathway refresh: %d patients", total.patients)
    stale = [r["patientId"] for r in graph.read("list_stale_derived_patients")]
    if stale:
        total.add(refresh_patients(graph, stale, today, batch_size=batch_size))
    return total
