"""What the worklist and passport pages learn from the server (demo review H2): the
districts a user may filter the worklist by, and per deadline its cancer and, for a tumour
board held before the treatment, words instead of an inverted interval."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record
from tests.integration.pathway.conftest import (
    CAOP,
    POLYCLINIC,
    TODAY,
    add_region,
    add_treated_history,
)

WORKLIST = """query ($filter: WorklistFilterInput) { worklistDistricts
  worklist(filter: $filter, first: 10) { edges { node { patientId district } } } }"""
PASSPORT = """query ($id: ID!) { passport(patientId: $id) { ... on Passport {
  deadlines { rule state startedOn stoppedOn daysOver icd10 noteRu } } } }"""


def _run(graph: Graph, principal: Principal, query: str, **variables: Any) -> dict[str, Any]:
    # async: the passport's resolvers are
    result = asyncio.run(schema.execute(
        query, variable_values=variables,
        context_value=RequestContext(graph=graph, principal=principal)))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def test_a_district_coordinator_is_offered_only_their_district(graph: Graph) -> None:
    add_region(graph)
    ids = []
    for n, district in enumerate(["Центральный", "Северный"]):
        patient = add_patient(graph, f"wd-{n}", district=district, snils=None)
        add_record(graph, patient, "referral", date(2026, 2, 2), at=POLYCLINIC,
                   referred_to=CAOP, facts={"icd10": "C50.4", "careStage": "suspicion"})
        ids.append(patient)
    refresh_patients(graph, ids, TODAY)

    north = Principal("coord-north", "coordinator", district="Северный")
    assert _run(graph, north, WORKLIST)["worklistDistricts"] == ["Северный"]
    # what the select no longer offers the server would not give anyway
    other = _run(graph, north, WORKLIST, filter={"district": "Центральный"})
    assert other["worklist"]["edges"] == []
    for regional in (Principal("coord-region", "coordinator"), Principal("admin-1", "admin")):
        assert _run(graph, regional, WORKLIST)["worklistDistricts"] == [
            "Северный", "Центральный"]


def test_a_board_before_the_operation_reads_as_met_in_words_with_its_cancer(
        graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph, "wd-board", snils=None)
    add_treated_history(graph, patient)  # board 07.11.2025, operation 12.11.2025
    refresh_patients(graph, [patient], TODAY)

    rows = _run(graph, Principal("admin-1", "admin"), PASSPORT,
                id=patient)["passport"]["deadlines"]
    [board] = [d for d in rows if d["rule"] == "tumor-board-before-treatment"]
    assert (board["state"], board["daysOver"]) == ("met", None)  # no limit in days
    assert (board["startedOn"], board["stoppedOn"]) == ("2025-11-12", "2025-11-07")
    assert board["noteRu"] == "консилиум проведён до начала отсчёта, 07.11.2025"
    assert {d["icd10"] for d in rows} == {"C50.4"}
