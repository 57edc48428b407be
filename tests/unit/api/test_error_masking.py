"""What callers read when a GraphQL request fails (the served schema's MaskErrors rule)."""

from __future__ import annotations

import logging

import strawberry

from api.graphql.passport_limits import UNEXPECTED_ERROR, served_schema
from onkopassport.errors import InputError


@strawberry.type
class Query:
    @strawberry.field
    def age(self, year: int) -> int:
        if year < 0:
            raise InputError("year: отчётный год должен быть от 1990 до 2100, получено -1.")
        return 2026 - year

    @strawberry.field
    def broken(self) -> int:
        return {}["no such key"]  # type: ignore[no-any-return]


@strawberry.type
class Mutation:
    @strawberry.mutation
    def noop(self) -> bool:
        return True


SCHEMA = served_schema(Query, Mutation)


def _messages(query: str, **variables: object) -> list[str]:
    result = SCHEMA.execute_sync(query, variable_values=variables)
    return [error.message for error in result.errors or []]


def test_a_variable_the_scalar_refuses_is_named_not_masked() -> None:
    assert _messages("query($y: Int!) { age(year: $y) }", y="abc") == [
        "Variable '$y' has invalid value: Int cannot represent non-integer value: 'abc'"]


def test_project_errors_reach_the_caller_and_bugs_are_masked_in_russian() -> None:
    assert _messages("{ age(year: -1) }") == [
        "year: отчётный год должен быть от 1990 до 2100, получено -1."]
    assert _messages("{ broken }") == [UNEXPECTED_ERROR]
    assert UNEXPECTED_ERROR.startswith("Внутренняя ошибка сервера")


def test_a_users_bad_input_is_one_quiet_line_a_bug_keeps_its_traceback(caplog) -> None:
    """The server log is for faults: a refused input is answered, not reported as a crash."""
    caplog.set_level(logging.INFO)

    _messages("{ age(year: -1) }")
    refused = [r for r in caplog.records if "отчётный год" in r.getMessage()]
    assert [(r.levelno, r.exc_info) for r in refused] == [(logging.INFO, None)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    caplog.clear()
    _messages("{ broken }")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
