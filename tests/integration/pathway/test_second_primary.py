"""A second primary cancer, from FHIR input to the deadlines the pathway API shows: a
woman treated for breast cancer in 2019 referred with suspected lung cancer in 2026."""

from __future__ import annotations

from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.pathway.conftest import CAOP, POLYCLINIC, TODAY
from tests.integration.registry.helpers import ingest_fully

pytestmark = pytest.mark.integration

ADMIN = Principal("admin-1", "admin")
REFRESH = """mutation($id: String!, $today: Date) {
  refreshPathway(patientId: $id, today: $today) }"""
DEADLINES = """query($id: String!) {
  pathwayDeadlines(patientId: $id) { rule state startedOn stoppedOn } }"""


def _run(graph: Graph, query: str, **variables: Any) -> Any:
    context = RequestContext(graph, ADMIN, client_address="10.0.0.7")
    result = schema.execute_sync(query, variable_values=variables, context_value=context)
    assert not result.errors, result.errors
    return result.data


def _breast_then_lung() -> list[dict[str, Any]]:
    return [
        f.organization(POLYCLINIC, "Поликлиника № 1", "polyclinic"),
        f.organization(CAOP, "ЦАОП Центральный", "caop"),
        f.patient("1", snils="112-233-445 95"),
        f.pathology_report("r-breast", "Patient/1", morphology="8500/3",
                           issued="2019-03-01T12:00:00+03:00"),
        f.condition("c-breast", "Patient/1", "C50.4", recorded="2019-03-04", stage="II"),
        f.referral("s-lung", "Patient/1", reason="C34.1", authored="2026-02-02",
                   performer_oid=CAOP, requester_oid=POLYCLINIC),
        f.encounter("e-caop", "Patient/1", start="2026-02-04", provider_oid=CAOP),
        f.condition("c-lung", "Patient/1", "C34.1", recorded="2026-02-16", stage="IV"),
    ]


def test_a_second_primary_gets_its_own_suspicion_treatment_and_neglect_clocks(
        graph: Graph, settings: Settings) -> None:
    ingest_fully(graph, settings, _breast_then_lung())
    [patient] = [row["id"] for row in graph.read_text(
        "MATCH (p:Patient:Passport) RETURN p.patientId AS id")]

    _run(graph, REFRESH, id=patient, today=TODAY.isoformat())
    deadlines = _run(graph, DEADLINES, id=patient)["pathwayDeadlines"]

    def runs(rule: str) -> list[tuple[str, str, str | None]]:
        return [(d["state"], d["startedOn"], d["stoppedOn"]) for d in deadlines
                if d["rule"] == rule]

    # referred on suspicion of C34 years after the breast cancer, seen at the ЦАОП
    assert runs("D1") == [("met", "2026-02-02", "2026-02-04")]
    # each cancer waits for its own treatment: the breast one from its report, the lung
    # one from its diagnosis (no histology yet)
    assert sorted(runs("D4")) == [("missed", "2019-03-01", None),
                                  ("missed", "2026-02-16", None)]
    # found at stage IV: its own 027-2/у, due 10 working days on (3 March: 23 Feb is a holiday)
    assert runs("neglected-case-protocol") == [("due-soon", "2026-02-16", None)]
