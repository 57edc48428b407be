"""Worklist sorts and their cursors, without a server: a cursor names its sort, and one of
another sort (or of the old urgency-only form) is refused with a message, not misread."""

from __future__ import annotations

import re
from datetime import date

import pytest

from graph.queries import load_query
from onkopassport.errors import InputError
from pathway.cursor import encode_cursor
from pathway.errors import CursorError
from pathway.worklist_sort import (
    DEFAULT_SORT,
    SORT_KEYS,
    SortPosition,
    WorklistSort,
    sort_cursor,
    sort_position,
)


@pytest.mark.parametrize(("sort", "key"), [
    (DEFAULT_SORT, 42),
    (WorklistSort("urgency"), 7),
    (WorklistSort("overdueDays", descending=True), 0),
    (WorklistSort("since"), date(2026, 2, 9)),
    (WorklistSort("dueOn", descending=True), date(2026, 2, 12)),
    (WorklistSort("dueOn"), None),  # a gap written before gaps kept their due day
    (WorklistSort("lastEventOn"), date(2026, 2, 25)),
    (WorklistSort("lastEventOn", descending=True), None),  # a patient without a route
    (WorklistSort("patient", descending=True), "ЯКОВЛЕВ ЕГОР"),
    (WorklistSort("site"), None),  # the last rows: gaps without a site
    (WorklistSort("organization", descending=True), None),
])
def test_a_cursor_carries_its_sort_and_position(sort: WorklistSort, key: object) -> None:
    cursor = sort_cursor(sort, key, "p-1|suspicion|k")  # type: ignore[arg-type]
    assert sort_position(cursor, sort) == SortPosition(key, "p-1|suspicion|k")  # type: ignore[arg-type]
    assert sort_position(None, sort) is None


def test_a_cursor_of_another_sort_is_refused_with_both_sorts_named() -> None:
    by_name_down = sort_cursor(WorklistSort("patient", descending=True), "ИВАНОВ", "g-1")
    with pytest.raises(CursorError) as refused:
        sort_position(by_name_down, WorklistSort("patient"))
    assert str(refused.value) == (
        "Курсор страницы выдан для сортировки «пациент, по убыванию», а запрошена "
        "«пациент, по возрастанию»: начните с первой страницы.")
    default = sort_cursor(DEFAULT_SORT, 120, "g-1")
    with pytest.raises(CursorError, match="«срочность, по убыванию»"):
        sort_position(default, WorklistSort("overdueDays", descending=True))
    with pytest.raises(CursorError, match="«пациент, по убыванию»"):
        sort_position(by_name_down, DEFAULT_SORT)
    # CursorError is an InputError: its message reaches a GraphQL client unmasked.
    assert issubclass(CursorError, InputError)


def test_old_and_tampered_cursors_are_refused() -> None:
    with pytest.raises(CursorError, match="не подходит"):  # before sorts: [urgency, gapId]
        sort_position(encode_cursor(120, "g-1"), DEFAULT_SORT)
    with pytest.raises(CursorError, match="не подходит"):  # urgency is never empty
        sort_position(encode_cursor("urgency", "desc", None, "g-1"), DEFAULT_SORT)
    with pytest.raises(CursorError, match="не подходит"):
        sort_position(encode_cursor("since", "asc", "9 февраля", "g-1"), WorklistSort("since"))
    with pytest.raises(CursorError, match="не подходит"):
        sort_position(encode_cursor("overdueDays", "asc", "12", "g-1"), WorklistSort("overdueDays"))
    with pytest.raises(CursorError, match="не подходит"):
        sort_position(encode_cursor("overdueDays", "asc", True, "g-1"), WorklistSort("overdueDays"))
    with pytest.raises(CursorError, match="повреждён"):
        sort_position("не курсор", DEFAULT_SORT)


def test_an_unknown_sort_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Сортировка «birthDate» не поддерживается"):
        WorklistSort("birthDate")
    assert DEFAULT_SORT.is_default and not WorklistSort("urgency").is_default


def test_the_sorted_query_knows_every_sort_name() -> None:
    text = load_query("find_worklist_gaps_sorted")
    named = set(re.findall(r"WHEN '(\w+)' THEN", text))
    assert named == set(SORT_KEYS)


def _scope_and_filters(name: str) -> list[str]:
    lines = [line.strip() for line in load_query(name).splitlines()]
    start = lines.index("WHERE g.urgency IS NOT NULL")
    end = next(n for n, line in enumerate(lines) if "$sinceFrom" in line)
    return lines[start:end + 1]


def test_the_worklist_queries_share_one_scope_and_filter_block() -> None:
    """Three queries spell the worklist's row rule and filters; they must not drift."""
    block = _scope_and_filters("count_worklist_gaps")
    assert any("$role = 'clinician'" in line for line in block)
    assert _scope_and_filters("find_worklist_gaps") == block
    assert _scope_and_filters("find_worklist_gaps_sorted") == block


def test_every_graphql_sort_field_is_a_sort_the_query_knows() -> None:
    from api.graphql.pathway import WorklistSortField

    assert {field.value for field in WorklistSortField} == set(SORT_KEYS)
    assert WorklistSortField.LAST_EVENT_ON.value == "lastEventOn"
