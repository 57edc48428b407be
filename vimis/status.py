"""What was sent to VIMIS and what came back: per patient, per organisation, overall."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.database import Graph

STATES = ("pending", "sent", "accepted", "rejected")


@dataclass(frozen=True)
class OrganizationStatus:
    oid: str | None
    name: str | None
    counts: dict[str, int]


def messages_of_patient(graph: Graph, patient_id: str, limit: int = 200) -> list[dict[str, Any]]:
    return [row["message"] for row in
            graph.read("find_vimis_messages_of_patient", patientId=patient_id, limit=limit)]


def organization_statuses(graph: Graph, organization_oid: str | None = None
                          ) -> list[OrganizationStatus]:
    rows = graph.read("count_vimis_messages_by_organization", organizationOid=organization_oid)
    return [OrganizationStatus(row["oid"], row["name"],
                               {s["state"]: int(s["messages"]) for s in row["states"]})
            for row in rows]
