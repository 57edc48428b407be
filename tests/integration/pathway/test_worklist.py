"""The coordinators' worklist over GraphQL: filters, urgency order, cursors, row scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from pathway.worklist import WorklistFilter, worklist_page
from tests.factories import add_patient, add_record
from tests.integration.pathway.conftest import CAOP, DISPENSARY, POLYCLINIC, TODAY, add_region

ADMIN = Principal("admin-1", "admin")

SUSPICION = {"icd10": "C50.4", "careStage": "suspicion"}
QUERY = """
query ($filter: WorklistFilterInput, $first: Int!, $after: String) {
  worklist(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { patientId kind labelRu overdueDays urgency district site } }
  }
}
"""


@pytest.fixture
def region(graph: Graph) -> Graph:
    """Five unanswered suspicions of different age in two districts, one lung, one colon."""
    add_region(graph)
    ids = []
    for n, (day, district, code) in enumerate([
        (date(2026, 2, 2), "Центральный", "C50.4"), (date(2026, 2, 9), "Центральный", "C50.4"),
        (date(2026, 2, 16), "Северный", "C34.1"), (date(2026, 2, 3), "Северный", "C50.4"),
        (date(2026, 2, 10), "Центральный", "C18.2")]):
        patient = add_patient(graph, f"w-{n}", district=district, snils=None)
        add_record(graph, patient, "referral", day, at=POLYCLINIC, referred_to=CAOP,
                   facts={**SUSPICION, "icd10": code})
        ids.append(patient)
    refresh_patients(graph, ids, TODAY)
    return graph


def _run(graph: Graph, principal: Principal | None, **variables: Any) -> dict[str, Any]:
    context = RequestContext(graph=graph, principal=principal)
    result = schema.execute_sync(QUERY, variable_values={"first": 10, **variables},
                                 context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["worklist"]


def test_sorted_by_urgency_and_paginated_with_cursors(region: Graph) -> None:
    first = _run(region, ADMIN, first=2)
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    urgencies = [e["node"]["urgency"] for e in first["edges"]]
    assert urgencies == sorted(urgencies, reverse=True)
    assert first["edges"][0]["node"]["patientId"] == "w-0"  # the oldest suspicion

    seen = [e["node"]["patientId"] for e in first["edges"]]
    after = first["pageInfo"]["endCursor"]
    while after:
        page = _run(region, ADMIN, first=2, after=after)
        seen += [e["node"]["patientId"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert sorted(seen) == [f"w-{n}" for n in range(5)] and len(seen) == 5


def test_filters(region: Graph) -> None:
    def ids(**flt: Any) -> set[str]:
        page = _run(region, ADMIN, filter=flt)
        return {e["node"]["patientId"] for e in page["edges"]}

    assert ids(district="Северный") == {"w-2", "w-3"}
    assert ids(site="C50") == {"w-0", "w-1", "w-3"}
    assert ids(site="C33-C34") == {"w-2"}
    assert ids(gapKinds=["stalled-pathway"]) == set()
    assert ids(minOverdueDays=12) == {"w-0", "w-3"}  # 16 and 15; the others 11, 10, 6
    assert ids(sinceFrom="2026-02-09") == {"w-1", "w-2", "w-4"}  # referred on 9, 16, 10 Feb
    assert ids(organizationOid=CAOP) == {f"w-{n}" for n in range(5)}
    assert ids(organizationOid=DISPENSARY) == set()


def test_row_level_scope(region: Graph) -> None:
    north = Principal("c-1", "coordinator", district="Северный")
    region_wide = Principal("c-2", "coordinator")
    elsewhere = Principal("d-1", "clinician", organization_oid=DISPENSARY)
    at_caop = Principal("d-2", "clinician", organization_oid=CAOP)
    analyst = Principal("a-1", "analyst")

    assert _run(region, north)["totalCount"] == 2
    assert _run(region, region_wide)["totalCount"] == 5
    assert _run(region, elsewhere)["totalCount"] == 0
    assert _run(region, at_caop)["totalCount"] == 5
    assert _run(region, analyst)["totalCount"] == 0


def test_anonymous_is_refused(region: Graph) -> None:
    from onkopassport.errors import AccessDeniedError

    with pytest.raises(AccessDeniedError):
        worklist_page(region, None, WorklistFilter())


def test_graphql_route_deadlines_and_notification_read(region: Graph) -> None:
    context = RequestContext(graph=region, principal=ADMIN)
    result = schema.execute_sync(
        '{ pathwayRoute(patientId: "w-0") { kind labelRu on organizationKind } '
        '  pathwayDeadlines(patientId: "w-0") { rule state daysOver } '
        '  gapKinds { kind labelRu } }', context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    assert result.data["pathwayRoute"][0]["organizationKind"] == "polyclinic"
    assert result.data["pathwayDeadlines"][0]["rule"] == "D1"
    assert result.data["pathwayDeadlines"][0]["state"] == "missed"
    assert len(result.data["gapKinds"]) == 11
