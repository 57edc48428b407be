"""The route: a patient's care events in time order, as rows for the NEXT chain."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from domain.calendar import ProductionCalendar, default_calendar
from pathway.facts import PatientFacts


@dataclass(frozen=True)
class RouteLink:
    from_key: str
    to_key: str
    days: int
    working_days: int


def route_links(facts: PatientFacts, calendar: ProductionCalendar | None = None) -> list[RouteLink]:
    """Consecutive pairs of the patient's events with calendar and working days between."""
    cal = calendar or default_calendar()
    events = facts.events
    return [
        RouteLink(a.key, b.key, (b.on - a.on).days, cal.working_days_between(a.on, b.on))
        for a, b in itertools.pairwise(events)
    ]


def route_row(facts: PatientFacts, calendar: ProductionCalendar | None = None) -> dict[str, Any]:
    """One row of `write_patient_routes.cypher`."""
    links = route_links(facts, calendar)
    return {
        "patientId": facts.patient_id,
        "eventKeys": [e.key for e in facts.events],
        "links": [
            {"from": link.from_key, "to": link.to_key, "days": link.days,
             "workingDays": link.working_days}
            for link in links
        ],
        "linkIds": [f"{link.from_key}>{link.to_key}" for link in links],
    }
