"""The worklist sorted by a column on the server: every sort, both directions, page after
page with no row twice and none lost; the default order unchanged; a foreign cursor
refused in words; filters and the row scope still apply."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.router import schema as served_schema
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from tests.factories import add_patient, add_record
from tests.integration.conftest import empty_graph
from tests.integration.pathway.conftest import CAOP, DISPENSARY, POLYCLINIC, TODAY, add_region

ADMIN = Principal("admin-1", "admin")
PAGE = 4

QUERY = """
query ($filter: WorklistFilterInput, $sort: WorklistSortInput, $first: Int!, $after: String) {
  worklist(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { gapId patientId patientName labelRu since dueOn lastEventOn
                          overdueDays urgency organizationName district site } }
  }
}
"""

# family, given, district, referral day (February 2026), ICD-10, organisation referred to.
# Ties on purpose (two identical names, shared days, districts, sites and organisations);
# empty values (no site for Z03.1, no organisation) that must come last either way; Ё and
# a lower-case surname that sort as Е and as upper case.
PATIENTS = [
    ("Яковлев", "Егор", "Центральный", 2, "C50.4", CAOP),
    ("Абрамова", "Анна", "Северный", 9, "C34.1", CAOP),
    ("Ёлкин", "Пётр", "Центральный", 9, "Z03.1", DISPENSARY),
    ("елисеев", "Олег", "Северный", 3, "C18.2", None),
    ("Иванов", "Иван", "Центральный", 10, "C50.4", CAOP),
    ("Иванов", "Иван", "Центральный", 10, "C50.4", CAOP),
    ("Борисов", "Борис", "Южный", 16, "C34.1", POLYCLINIC),
    ("Жуков", "Глеб", "Северный", 2, "Z03.1", DISPENSARY),
    ("Долгова", "Вера", "Южный", 12, "C50.1", None),
    ("Эйхман", "Лев", "Центральный", 5, "C18.2", DISPENSARY),
    ("Цой", "Ким", "Северный", 12, "C50.4", CAOP),
    ("Фомин", "Юрий", "Южный", 3, "C34.1", POLYCLINIC),
    ("Гусева", "Нина", "Центральный", 16, "C61", DISPENSARY),
    ("Михайлов", "Ян", "Северный", 5, "C50.4", CAOP),
]


@pytest.fixture(scope="module")
def region(session_graph: Graph) -> Graph:
    """Fourteen unanswered suspicions (one gap each), built once for the module."""
    empty_graph(session_graph)
    add_region(session_graph)
    ids = []
    for n, (family, given, district, day, code, referred_to) in enumerate(PATIENTS):
        patient = add_patient(session_graph, f"s-{n:02d}", family=family, given=given,
                              district=district, snils=None)
        add_record(session_graph, patient, "referral", date(2026, 2, day),
                   at=POLYCLINIC if referred_to else None, referred_to=referred_to,
                   facts={"icd10": code, "careStage": "suspicion"})
        ids.append(patient)
    refresh_patients(session_graph, ids, TODAY)
    return session_graph


def _run(graph: Graph, principal: Principal = ADMIN, **variables: Any) -> dict[str, Any]:
    result = schema.execute_sync(QUERY, variable_values={"first": 50, **variables},
                                 context_value=RequestContext(graph=graph, principal=principal))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["worklist"]


def _all_pages(graph: Graph, sort: dict[str, str] | None, principal: Principal = ADMIN,
               **variables: Any) -> tuple[list[dict[str, Any]], int]:
    """Every node, PAGE at a time, following the cursors; and how many pages it took."""
    nodes: list[dict[str, Any]] = []
    after = None
    for pages in range(1, len(PATIENTS) + 2):  # a cursor that does not advance ends here
        page = _run(graph, principal, sort=sort, first=PAGE, after=after, **variables)
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes, pages
        after = page["pageInfo"]["endCursor"]
    pytest.fail(f"the list did not end after {pages} pages: {[n['gapId'] for n in nodes]}")


def _text(value: str | None) -> str | None:
    return None if value is None else value.upper().replace("Ё", "Е")


KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "URGENCY": lambda n: n["urgency"],
    "OVERDUE_DAYS": lambda n: n["overdueDays"],
    "SINCE": lambda n: n["since"],  # ISO dates order as text
    "DUE_ON": lambda n: n["dueOn"],
    "LAST_EVENT_ON": lambda n: n["lastEventOn"],
    "SITE": lambda n: n["site"],
    "GAP": lambda n: _text(n["labelRu"]),
    "DISTRICT": lambda n: _text(n["district"]),
    "PATIENT": lambda n: _text(n["patientName"]),
    "ORGANIZATION": lambda n: _text(n["organizationName"]),
}


def _expected(nodes: list[dict[str, Any]], by: str, descending: bool) -> list[str]:
    """The order the API promises: by the key, gapId breaking ties, empty keys last."""
    key = KEYS[by]
    by_id = sorted(nodes, key=lambda n: n["gapId"])
    present = sorted((n for n in by_id if key(n) is not None), key=key, reverse=descending)
    return [n["gapId"] for n in present + [n for n in by_id if key(n) is None]]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("by", list(KEYS))
def test_each_sort_pages_through_the_whole_list_in_order(
        region: Graph, by: str, direction: str) -> None:
    everything = _run(region)["edges"]
    assert len(everything) == len(PATIENTS)
    nodes, pages = _all_pages(region, {"by": by, "direction": direction})
    seen = [n["gapId"] for n in nodes]
    assert pages == 4 and len(set(seen)) == len(seen) == len(PATIENTS)
    assert seen == _expected([e["node"] for e in everything], by, direction == "DESC")


def test_text_sorts_read_yo_as_ye_and_ignore_case(region: Graph) -> None:
    nodes, _ = _all_pages(region, {"by": "PATIENT", "direction": "ASC"})
    families = [n["patientName"].split()[0] for n in nodes]
    assert families[:6] == ["Абрамова", "Борисов", "Гусева", "Долгова", "елисеев", "Ёлкин"]
    assert families[-1] == "Яковлев"
    nodes, _ = _all_pages(region, {"by": "PATIENT", "direction": "DESC"})
    assert nodes[0]["patientName"] == "Яковлев Егор Иванович"


def test_empty_values_come_last_in_either_direction(region: Graph) -> None:
    for direction in ("ASC", "DESC"):
        nodes, _ = _all_pages(region, {"by": "SITE", "direction": direction})
        assert [n["site"] for n in nodes][-2:] == [None, None]
        nodes, _ = _all_pages(region, {"by": "ORGANIZATION", "direction": direction})
        assert [n["organizationName"] for n in nodes][-2:] == [None, None]
    nodes, _ = _all_pages(region, {"by": "SITE", "direction": "DESC"})
    assert nodes[0]["site"] == "C61"


def test_the_default_order_is_unchanged(region: Graph) -> None:
    implicit, pages = _all_pages(region, None)
    explicit, _ = _all_pages(region, {"by": "URGENCY", "direction": "DESC"})
    assert pages == 4 and implicit == explicit
    assert [n["gapId"] for n in implicit] == _expected(implicit, "URGENCY", descending=True)
    assert implicit[0]["patientId"] == "s-00"  # referred on 2 February, as s-07, lower gapId
    first = _run(region, first=PAGE)
    assert first["pageInfo"]["endCursor"] == _run(
        region, sort={"by": "URGENCY", "direction": "DESC"}, first=PAGE)["pageInfo"]["endCursor"]


def test_a_cursor_of_another_sort_is_refused_in_words(region: Graph) -> None:
    page = _run(region, sort={"by": "PATIENT", "direction": "DESC"}, first=PAGE)
    context = RequestContext(graph=region, principal=ADMIN)
    # the schema the API serves, which masks unexpected errors: this one is meant for users
    result = served_schema.execute_sync(QUERY, variable_values={
        "first": PAGE, "after": page["pageInfo"]["endCursor"],
        "sort": {"by": "OVERDUE_DAYS", "direction": "DESC"}}, context_value=context)
    assert result.errors is not None
    assert result.errors[0].message == (
        "Курсор страницы выдан для сортировки «пациент, по убыванию», а запрошена "
        "«просрочка, по убыванию»: начните с первой страницы.")
    default = _run(region, first=PAGE)["pageInfo"]["endCursor"]
    result = served_schema.execute_sync(QUERY, variable_values={
        "first": PAGE, "after": default, "sort": {"by": "URGENCY", "direction": "ASC"}},
        context_value=context)
    assert result.errors is not None and "«срочность, по убыванию»" in result.errors[0].message


def test_filters_and_row_scope_apply_to_a_sorted_list(region: Graph) -> None:
    north = {"district": "Северный"}
    nodes, _ = _all_pages(region, {"by": "PATIENT", "direction": "DESC"}, filter=north)
    assert [n["patientName"].split()[0] for n in nodes] == [
        "Цой", "Михайлов", "Жуков", "елисеев", "Абрамова"]
    c50 = {"site": "C50", "minOverdueDays": 12}
    nodes, _ = _all_pages(region, {"by": "SINCE", "direction": "ASC"}, filter=c50)
    unsorted = [e["node"] for e in _run(region, filter=c50)["edges"]]
    assert [n["gapId"] for n in nodes] == _expected(unsorted, "SINCE", descending=False)
    assert len(nodes) >= 2 and {n["site"] for n in nodes} == {"C50"}
    assert all(n["overdueDays"] >= 12 for n in nodes)

    at_dispensary = Principal("d-1", "clinician", organization_oid=DISPENSARY)
    coordinator_south = Principal("c-1", "coordinator", district="Южный")
    for principal in (at_dispensary, coordinator_south):
        sorted_ids = [n["gapId"] for n in _all_pages(
            region, {"by": "ORGANIZATION", "direction": "ASC"}, principal)[0]]
        visible = {e["node"]["gapId"] for e in _run(region, principal)["edges"]}
        assert visible and set(sorted_ids) == visible and len(sorted_ids) == len(visible)
    south = _all_pages(region, {"by": "PATIENT", "direction": "ASC"}, coordinator_south)[0]
    assert [n["patientName"].split()[0] for n in south] == ["Борисов", "Долгова", "Фомин"]
