"""Shared helpers of the pathway integration tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.database import Graph
from tests.factories import OrganizationSpec, add_organization

TODAY = date(2026, 3, 2)

POLYCLINIC = "1.2.643.5.1.13.13.12.1.1"
CAOP = "1.2.643.5.1.13.13.12.1.2"
DISPENSARY = "1.2.643.5.1.13.13.12.1.3"
LABORATORY = "1.2.643.5.1.13.13.12.1.4"


def add_region(graph: Graph) -> None:
    add_organization(graph, OrganizationSpec(POLYCLINIC, "Поликлиника № 1", "polyclinic"))
    add_organization(graph, OrganizationSpec(CAOP, "ЦАОП Центральный", "caop",
                                             capabilities=["ct", "biopsy"]))
    add_organization(graph, OrganizationSpec(
        DISPENSARY, "Онкодиспансер", "oncology-dispensary",
        capabilities=["ct", "pathology", "tumor-board", "surgery", "chemotherapy",
                      "radiotherapy"]))
    add_organization(graph, OrganizationSpec(LABORATORY, "Лаборатория", "laboratory",
                                             capabilities=["pathology"]))


def deadlines_of(graph: Graph, patient_id: str) -> dict[str, list[dict[str, Any]]]:
    rows = graph.read_text(
        "MATCH (:Patient {patientId: $id})-[:HAS_DEADLINE]->(d:Deadline) "
        "RETURN d {.*} AS d ORDER BY d.startedOn", id=patient_id)
    result: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        d = {k: v.to_native() if hasattr(v, "to_native") else v for k, v in row["d"].items()}
        result.setdefault(d["rule"], []).append(d)
    return result


def gaps_of(graph: Graph, patient_id: str) -> dict[str, dict[str, Any]]:
    rows = graph.read_text(
        "MATCH (:Patient {patientId: $id})-[:HAS_GAP]->(g:Gap) RETURN g {.*} AS g", id=patient_id)
    return {r["g"]["kind"]: r["g"] for r in rows}
