"""One patient's route and deadlines as the API shows them (scoped by the principal).

Each look is audited like a passport view (`AuditEntry`, outcome `shown` or `refused`)
before anything is read: a route or a deadline list says as much about a person's illness
as the passport does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.security import Principal
from domain.catalogue import event_label
from domain.rules import shown_days_over
from graph.database import Graph
from pathway.facts import _native
from pathway.scope import effective_principal, scope_for


@dataclass(frozen=True)
class RouteStep:
    key: str
    kind: str
    label_ru: str
    on: date
    care_stage: str | None
    stage_changed: bool  # the care stage differs from the previous step's
    icd10: str | None
    stage: str | None
    organization_oid: str | None
    organization_name: str | None
    organization_kind: str | None
    days_to_next: int | None
    working_days_to_next: int | None


@dataclass(frozen=True)
class DeadlineView:
    deadline_id: str
    rule: str
    title_ru: str
    state: str
    started_on: date
    due_on: date
    stopped_on: date | None
    # none for a precondition (`domain.rules.shown_days_over`)
    days_over: int | None


def audit_pathway_view(graph: Graph, principal: Principal | None, patient_id: str,
                       action: str, *, client_address: str | None = None,
                       detail: str | None = None) -> bool:
    """Record that the principal asked for the patient's pathway (`action`, e.g.
    `pathway.route`); True when the passport's row-level rule lets them see the patient."""
    effective = effective_principal(principal)
    visible = bool(graph.read("find_visible_passport", patientId=patient_id,
                              **effective.query_scope()))
    graph.write("create_audit_entry", userId=effective.user_id, action=action,
                patientId=patient_id, clientAddress=client_address, detail=detail,
                outcome="shown" if visible else "refused")
    return visible


def patient_route(graph: Graph, principal: Principal | None, patient_id: str, *,
                  client_address: str | None = None) -> list[RouteStep]:
    """The ordered route (empty when the patient is unknown or not visible); audited."""
    if not audit_pathway_view(graph, principal, patient_id, "pathway.route",
                              client_address=client_address):
        return []
    rows = graph.read("find_patient_route", patientId=patient_id, **scope_for(principal))
    steps, previous = [], None
    for row in rows:
        org: dict[str, Any] = row["organization"] or {}
        steps.append(RouteStep(
            key=row["key"], kind=row["kind"], label_ru=event_label(row["kind"]),
            on=_native(row["date"]), care_stage=row["careStage"],
            stage_changed=previous is not None and row["careStage"] != previous,
            icd10=row["icd10"], stage=row["stage"], organization_oid=org.get("oid"),
            organization_name=org.get("name"), organization_kind=org.get("kind"),
            days_to_next=row["daysToNext"], working_days_to_next=row["workingDaysToNext"]))
        previous = row["careStage"]
    return steps


def patient_deadlines(graph: Graph, principal: Principal | None, patient_id: str, *,
                      client_address: str | None = None) -> list[DeadlineView]:
    """The patient's deadlines (empty when unknown or not visible); audited."""
    if not audit_pathway_view(graph, principal, patient_id, "pathway.deadlines",
                              client_address=client_address):
        return []
    rows = graph.read("find_patient_deadlines", patientId=patient_id, **scope_for(principal))
    return [DeadlineView(
        deadline_id=d["deadlineId"], rule=d["rule"], title_ru=d["titleRu"], state=d["state"],
        started_on=_native(d["startedOn"]), due_on=_native(d["dueOn"]),
        stopped_on=_native(d.get("stoppedOn")),
        days_over=shown_days_over(d["rule"], d["daysOver"]))
        for d in (r["deadline"] for r in rows)]
