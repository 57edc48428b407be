"""The worklist's «Срок» column: each gap keeps the last day of its deadline (`dueOn`), the
row carries it, and the server sorts by it — an order neither urgency nor the day the gap
was found gives, since limits differ from rule to rule."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from pathway import refresh_patients
from pathway.backfill import backfill_gap_due_on
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import (
    CAOP,
    CONFIRMED,
    DISPENSARY,
    POLYCLINIC,
    TODAY,
    add_region,
    add_treated_history,
    gaps_of,
)

ADMIN = Principal("admin-1", "admin")
QUERY = """
query ($sort: WorklistSortInput, $first: Int!, $after: String) {
  worklist(sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { gapId patientId kind since dueOn overdueDays urgency } }
  }
}
"""

# (patientId, gap kind) → its due day, earliest first. TODAY is Monday 2 March 2026.
DUE = {
    # no rule: overdue from the day treatment began without a tumour board
    ("due-board", "treatment-without-tumor-board"): date(2025, 11, 12),
    # 090/у within 3 working days of the diagnosis of 2 February (its Deadline's dueOn)
    ("due-diagnosis", "missing-notification-090"): date(2026, 2, 5),
    # the first dispensary visit within 3 months of the registration of 6 November
    ("due-dispensary", "missed-dispensary-visit"): date(2026, 2, 6),
    # treatment within 7 working days of the diagnosis of 2 February
    ("due-diagnosis", "diagnosis-without-treatment"): date(2026, 2, 11),
    # an oncologist within 3 working days of the referral of 16 February
    ("due-referral", "suspicion-not-followed-up"): date(2026, 2, 19),
}


@pytest.fixture
def region(graph: Graph) -> Graph:
    """Four patients, five gaps of four rules (see DUE)."""
    add_region(graph)
    referral = add_patient(graph, "due-referral", family="Андреев")
    add_record(graph, referral, "referral", date(2026, 2, 16), at=POLYCLINIC, referred_to=CAOP,
               facts={"icd10": "Z03.1", "careStage": "suspicion"})
    diagnosed = add_patient(graph, "due-diagnosis", family="Борисова")
    diagnosis = add_record(graph, diagnosed, "diagnosis", date(2026, 2, 2), at=DISPENSARY,
                           facts=CONFIRMED)
    add_tumor(graph, diagnosed, "C50.4", date(2026, 2, 2), record_keys=[diagnosis])
    dispensary = add_patient(graph, "due-dispensary", family="Васильев")
    add_treated_history(graph, dispensary, board=True)
    no_board = add_patient(graph, "due-board", family="Григорьева")
    add_treated_history(graph, no_board, board=False)
    add_record(graph, no_board, "dispensary-observation", date(2026, 2, 2), at=CAOP,
               facts={"dispensaryVisit": True})
    refresh_patients(graph, [referral, diagnosed, dispensary, no_board], TODAY)
    return graph


def _nodes(graph: Graph, sort: dict[str, str] | None, first: int = 50) -> list[dict[str, Any]]:
    """Every row in the order asked for, `first` at a time, following the cursors."""
    nodes: list[dict[str, Any]] = []
    after = None
    for _ in range(len(DUE) + 1):
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


def _order(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(n["patientId"], n["kind"]) for n in nodes]


def test_each_gap_keeps_the_last_day_of_its_deadline(region: Graph) -> None:
    rows = {(n["patientId"], n["kind"]): n for n in _nodes(region, None)}
    assert set(rows) == set(DUE)
    assert {key: date.fromisoformat(n["dueOn"]) for key, n in rows.items()} == DUE
    stored = gaps_of(region, "due-diagnosis")["diagnosis-without-treatment"]
    assert stored["dueOn"].to_native() == date(2026, 2, 11)  # a Date, not text
    # the overdue days count from it: 12 working days after 11 February (23 Feb off)
    assert rows[("due-diagnosis", "diagnosis-without-treatment")]["overdueDays"] == 12


def test_the_list_sorts_by_due_day_in_an_order_of_its_own(region: Graph) -> None:
    by_due = _nodes(region, {"by": "DUE_ON", "direction": "ASC"})
    assert _order(by_due) == list(DUE)
    # neither the default (most urgent first) nor the day found gives this order
    assert _order(_nodes(region, None)) != list(DUE)
    assert _order(_nodes(region, {"by": "SINCE", "direction": "ASC"})) != list(DUE)
    assert _order(_nodes(region, {"by": "DUE_ON", "direction": "DESC"})) == list(DUE)[::-1]
    # two at a time, the cursors carry the date key: the same rows, none twice
    assert _order(_nodes(region, {"by": "DUE_ON", "direction": "ASC"}, first=2)) == list(DUE)


def test_a_gap_written_before_due_days_were_kept_comes_last(region: Graph) -> None:
    region.write_text("MATCH (g:Gap {kind: 'missed-dispensary-visit'}) REMOVE g.dueOn")
    old = ("due-dispensary", "missed-dispensary-visit")
    for direction in ("ASC", "DESC"):
        nodes = _nodes(region, {"by": "DUE_ON", "direction": direction}, first=2)
        assert _order(nodes)[-1] == old and nodes[-1]["dueOn"] is None
        assert len(nodes) == len(DUE)


def _as_old_code_wrote(graph: Graph) -> None:
    """The gaps as a version before `Gap.dueOn` left them: everything but that field."""
    graph.write_text("MATCH (g:Gap) REMOVE g.dueOn")
    assert all(n["dueOn"] is None for n in _nodes(graph, None))


def test_the_api_start_gives_old_gaps_their_due_day(region: Graph, settings: Settings) -> None:
    """No `pathway refresh` needed: starting the API back-fills dueOn from what each gap
    stores, the same day a refresh writes, and «Срок» sorts the old gaps in place."""
    stored = {key: gaps_of(region, key[0])[key[1]] for key in DUE}
    _as_old_code_wrote(region)
    with TestClient(create_app(settings)):
        pass  # the start (lifespan) is what runs the back-fill
    rows = {(n["patientId"], n["kind"]): n for n in _nodes(region, None)}
    assert {key: date.fromisoformat(n["dueOn"]) for key, n in rows.items()} == DUE
    assert _order(_nodes(region, {"by": "DUE_ON", "direction": "ASC"}, first=2)) == list(DUE)
    assert _order(_nodes(region, {"by": "DUE_ON", "direction": "DESC"})) == list(DUE)[::-1]
    after = {key: gaps_of(region, key[0])[key[1]] for key in DUE}
    assert after == stored  # nothing else of the gaps changed, and dueOn is a Date again


def test_the_back_fill_goes_in_batches_and_once(region: Graph) -> None:
    _as_old_code_wrote(region)
    region.write_text("MATCH (g:Gap {kind: 'suspicion-not-followed-up'}) "
                      "SET g.dueOn = date('2030-01-01')")  # as a refresh since wrote it
    assert backfill_gap_due_on(region, batch_size=2) == len(DUE) - 1
    assert backfill_gap_due_on(region, batch_size=2) == 0  # idempotent: nothing left
    dues = {(n["patientId"], n["kind"]): date.fromisoformat(n["dueOn"])
            for n in _nodes(region, None)}
    assert dues == {**DUE, ("due-referral", "suspicion-not-followed-up"): date(2030, 1, 1)}
