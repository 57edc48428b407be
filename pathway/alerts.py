"""Which notifications a patient's state raises (pure; writing is `pathway.refresh`).

A notification id is stable — patient, kind and the record or deadline it is about — so a
rebuild MERGEs the same node and never sends the same alert twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.codes import stage_group
from pathway.catalogue import notification_kind, notification_window_days
from pathway.deadlines import DeadlineResult
from pathway.facts import EventFact, PatientFacts

_STAGE_ORDER = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4}
_DISTANT_METASTASIS_SITES = ("C78", "C79")


@dataclass(frozen=True)
class Alert:
    notification_id: str
    patient_id: str
    kind: str
    text_ru: str
    event_on: date
    subject: str  # the record key or deadline id the alert is about
    organization_oids: tuple[str, ...]

    def as_row(self, district: str | None, today: date) -> dict[str, Any]:
        info = notification_kind(self.kind)
        props = {
            "notificationId": self.notification_id, "patientId": self.patient_id,
            "kind": self.kind, "severity": info.severity, "title": info.title_ru,
            "text": self.text_ru, "eventOn": self.event_on, "createdOn": today,
            "subject": self.subject, "district": district,
            "organizationOids": list(self.organization_oids),
        }
        payload = {**props, "eventOn": self.event_on.isoformat(), "createdOn": today.isoformat()}
        return {"notificationId": self.notification_id, "patientId": self.patient_id,
                "organizationOids": list(self.organization_oids), "props": props,
                "payload": json.dumps(payload, ensure_ascii=False)}


def _alert(facts: PatientFacts, kind: str, subject: str, on: date, text: str,
           oids: tuple[str, ...]) -> Alert:
    return Alert(f"{facts.patient_id}|{kind}|{subject}", facts.patient_id, kind, text, on,
                 subject, oids)


def deadline_alerts(facts: PatientFacts, deadlines: list[DeadlineResult],
                    today: date) -> list[Alert]:
    window_start = today - timedelta(days=notification_window_days())
    alerts = []
    for d in deadlines:
        if d.state == "due-soon":
            text = f"{d.rule}: {d.title_ru} — срок до {d.due_on:%d.%m.%Y}"
            alerts.append(_alert(facts, "deadline-due-soon", d.deadline_id, d.due_on, text,
                                 d.organization_oids))
        elif d.state == "missed" and (d.stopped_on or d.due_on) >= window_start:
            # news, not history: it fell due (or was closed late) within the window
            text = (f"{d.rule}: {d.title_ru} — срок {d.due_on:%d.%m.%Y} нарушен"
                    + (f" на {d.days_over} дн." if d.days_over else ""))
            alerts.append(_alert(facts, "deadline-missed", d.deadline_id, d.due_on, text,
                                 d.organization_oids))
    return alerts


def _is_m1(value: str | None) -> bool:
    return bool(value) and "M1" in str(value).upper()


def _change_alerts(facts: PatientFacts, event: EventFact, best_stage: int | None,
                   had_m1: bool) -> list[Alert]:
    oids = event.organization_oids
    alerts = []
    group = stage_group(event.stage)
    rank = _STAGE_ORDER.get(group) if group else None
    if rank is not None and best_stage is not None and rank > best_stage:
        alerts.append(_alert(facts, "stage-up", event.key, event.on,
                             f"Стадия повышена до {group}", oids))
    m1_now = _is_m1(event.m) or (event.icd10 or "")[:3] in _DISTANT_METASTASIS_SITES
    if m1_now and not had_m1:
        alerts.append(_alert(facts, "distant-metastasis", event.key, event.on,
                             "Впервые выявлены отдалённые метастазы (M1)", oids))
    if event.relapse:
        alerts.append(_alert(facts, "progression", event.key, event.on,
                             "Выявлено прогрессирование или рецидив", oids))
    if event.emergency or event.encounter_class == "EMER":
        alerts.append(_alert(facts, "emergency-admission", event.key, event.on,
                             "Экстренная госпитализация пациента с ЗНО", oids))
    if event.kind == "hospitalization-refusal":
        alerts.append(_alert(facts, "refusal", event.key, event.on,
                             "Отказ от госпитализации", oids))
    return alerts


def change_alerts(facts: PatientFacts, today: date) -> list[Alert]:
    """Sharp changes among recent events: stage up, first M1, relapse, emergency, refusal."""
    window_start = today - timedelta(days=notification_window_days())
    alerts: list[Alert] = []
    best_stage: int | None = None
    had_m1 = False
    for event in facts.events:
        if window_start <= event.on <= today:
            alerts.extend(_change_alerts(facts, event, best_stage, had_m1))
        group = stage_group(event.stage)
        if group in _STAGE_ORDER:
            best_stage = max(best_stage or 0, _STAGE_ORDER[group])
        had_m1 = had_m1 or _is_m1(event.m) or (event.icd10 or "")[:3] in _DISTANT_METASTASIS_SITES
    return alerts


def patient_alerts(facts: PatientFacts, deadlines: list[DeadlineResult],
                   today: date) -> list[Alert]:
    return deadline_alerts(facts, deadlines, today) + change_alerts(facts, today)
