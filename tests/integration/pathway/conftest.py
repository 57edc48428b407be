"""Shared helpers of the pathway integration tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.database import Graph
from tests.factories import OrganizationSpec, add_organization, add_record, add_tumor

TODAY = date(2026, 3, 2)

POLYCLINIC = "1.2.643.5.1.13.13.12.1.1"
CAOP = "1.2.643.5.1.13.13.12.1.2"
DISPENSARY = "1.2.643.5.1.13.13.12.1.3"
LABORATORY = "1.2.643.5.1.13.13.12.1.4"
CONFIRMED = {"icd10": "C50.4", "verification": "confirmed", "careStage": "diagnosis"}
MALIGNANT = {"morphology": "8500/3", "behaviour": "3", "icd10": "C50.4"}


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


def add_treated_history(graph: Graph, patient: str, *, board: bool = True,
                        registered: bool = True) -> None:
    """A breast cancer verified, diagnosed and notified in November 2025, operated on
    12.11.2025 — with or without a tumour board and a dispensary registration before it."""
    add_record(graph, patient, "pathology", date(2025, 11, 3), at=LABORATORY, facts=MALIGNANT)
    diagnosis = add_record(graph, patient, "diagnosis", date(2025, 11, 5), at=DISPENSARY,
                           facts=CONFIRMED)
    add_record(graph, patient, "notification-090", date(2025, 11, 5), at=DISPENSARY)
    if registered:
        add_record(graph, patient, "dispensary-observation", date(2025, 11, 6), at=CAOP,
                   facts={"dispensaryRegistration": True})
    if board:
        add_record(graph, patient, "tumor-board", date(2025, 11, 7), at=DISPENSARY)
    add_record(graph, patient, "surgery", date(2025, 11, 12), at=DISPENSARY)
    add_tumor(graph, patient, "C50.4", date(2025, 11, 5), morphologically_verified=True,
              record_keys=[diagnosis])
