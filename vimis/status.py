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


# The CLI runs with the operator's rights: the whole region.
OPERATOR_SCOPE: dict[str, str | None] = {"role": "admin", "organizationOid": None,
                                         "district": None}


def messages_of_patient(graph: Graph, patient_id: str, scope: dict[str, str | None] | None = None,
                        limit: int = 200) -> list[dict[str, Any]]:
    """The patient's VIMIS messages; `scope` is the caller's row-level scope."""
    return [row["message"] for row in
            graph.read("find_vimis_messages_of_patient", patientId=patient_id, limit=limit,
                       **(scope or OPERATOR_SCOPE))]


def organization_statuses(graph: Graph, organization_oid: str | None = None
                          ) -> list[OrganizationStatus]:
    rows = graph.read("count_vimis_messages_by_organization", organizationOid=organization_oid)
    return [OrganizationStatus(row["oid"], row["name"],
                               {s["state"]: int(s["messages"]) for s in row["states"]})
            for row in rows]
