"""The worklist's «Последнее событие» column: each row carries the day of its patient's
latest step of care, and the server sorts the whole list by it, both ways, gapId breaking
ties, a patient without a route last — an order neither the day a gap was found nor its
deadline gives: a patient seen last week may have a gap found months ago."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import (
    CAOP,
    CONFIRMED,
    DISPENSARY,
    POLYCLINIC,
    TODAY,
    add_region,
    add_treated_history,
)

ADMIN = Principal("admin-1", "admin")
QUERY = """
query ($sort: WorklistSortInput, $first: Int!, $after: String) {
  worklist(sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { gapId patientId kind since dueOn lastEventOn } }
  }
}
"""

# patientId → the day of the patient's last event (None: died with no record, no route).
LAST_EVENT = {
    "le-quiet": date(2025, 11, 12),  # operated in November, not seen since
    "le-diagnosis": date(2026, 2, 2),  # two gaps: a tie on the key
    "le-referral": date(2026, 2, 16),
    "le-seen": date(2026, 2, 25),  # its gap was found in November, the patient seen lately
    "le-dead": None,
}


@pytest.fixture
def region(graph: Graph) -> Graph:
    add_region(graph)
    quiet = add_patient(graph, "le-quiet", family="Тихонов")
    add_treated_history(graph, quiet, board=True)  # a missed dispensary visit
    diagnosed = add_patient(graph, "le-diagnosis", family="Борисова")
    diagnosis = add_record(graph, diagnosed, "diagnosis", date(2026, 2, 2), at=DISPENSARY,
                           facts=CONFIRMED)
    add_tumor(graph, diagnosed, "C50.4", date(2026, 2, 2), record_keys=[diagnosis])
    referral = add_patient(graph, "le-referral", family="Андреев")
    add_record(graph, referral, "referral", date(2026, 2, 16), at=POLYCLINIC, referred_to=CAOP,
               facts={"icd10": "Z03.1", "careStage": "suspicion"})
    seen = add_patient(graph, "le-seen", family="Григорьева")
    add_treated_history(graph, seen, board=False)  # treated without a tumour board in November
    add_record(graph, seen, "dispensary-observation", date(2026, 2, 25), at=CAOP,
               facts={"dispensaryVisit": True})
    dead = add_patient(graph, "le-dead", family="Умершая", deceased_on=date(2026, 1, 20))
    refresh_patients(graph, [quiet, diagnosed, referral, seen, dead], TODAY)
    return graph


def _nodes(graph: Graph, sort: dict[str, str] | None, first: int = 50) -> list[dict[str, Any]]:
    """Every row in the order asked for, `first` at a time, following the cursors."""
    nodes: list[dict[str, Any]] = []
    after = None
    for _ in range(20):
        result = schema.execute_sync(
            QUERY, variable_values={"sort": sort, "first": first, "after": after},
            context_value=RequestContext(graph=graph, principal=ADMIN))
        assert result.errors is None, result.errors
        assert result.data is not None
        page = result.data["worklist"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes
        after = page["pageInfo"]["endCursor"]
    pytest.fail("the list did not end")


def _expected(nodes: list[dict[str, Any]], key: str, descending: bool) -> list[str]:
    """By the key, gapId breaking ties in either direction, empty keys last."""
    by_id = sorted(nodes, key=lambda n: n["gapId"])
    present = sorted((n for n in by_id if n[key] is not None), key=lambda n: n[key],
                     reverse=descending)  # a stable sort: ties stay in gapId order
    return [n["gapId"] for n in present + [n for n in by_id if n[key] is None]]


def test_each_row_carries_its_patients_last_event(region: Graph) -> None:
    nodes = _nodes(region, None)
    assert {n["patientId"] for n in nodes} == set(LAST_EVENT)
    for node in nodes:
        expected = LAST_EVENT[node["patientId"]]
        assert node["lastEventOn"] == (expected.isoformat() if expected else None), node
    assert sum(n["patientId"] == "le-diagnosis" for n in nodes) == 2


@pytest.mark.parametrize("first", [50, 2])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_the_list_sorts_by_last_event_on_the_server(
        region: Graph, direction: str, first: int) -> None:
    everything = _nodes(region, None)
    nodes = _nodes(region, {"by": "LAST_EVENT_ON", "direction": direction}, first=first)
    seen = [n["gapId"] for n in nodes]
    assert len(set(seen)) == len(seen) == len(everything)
    assert seen == _expected(everything, "lastEventOn", direction == "DESC")
    patients = list(dict.fromkeys(n["patientId"] for n in nodes))
    if direction == "ASC":
        assert patients == ["le-quiet", "le-diagnosis", "le-referral", "le-seen", "le-dead"]
    else:
        assert patients == ["le-seen", "le-referral", "le-diagnosis", "le-quiet", "le-dead"]
    tied = [n["gapId"] for n in nodes if n["patientId"] == "le-diagnosis"]
    assert tied == sorted(tied)  # gapId breaks the tie, whichever the direction


def test_the_order_is_the_last_events_not_the_gaps_own_days(region: Graph) -> None:
    by_last_event = [n["gapId"] for n in _nodes(region, {"by": "LAST_EVENT_ON",
                                                         "direction": "ASC"})]
    for other in ("SINCE", "DUE_ON"):
        assert [n["gapId"] for n in _nodes(region, {"by": other, "direction": "ASC"})] \
            != by_last_event
