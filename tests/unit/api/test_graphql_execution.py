"""The leaf shortcut of api/graphql/execution.py answers exactly like graphql-core.

Each query runs twice over the same objects, with the shortcut and with strawberry's
stock execution context, and the data and the errors (message and path) must match:
plain leaves, enums, dates, nulls, a null on a non-null field, a value a scalar refuses,
aliases, fragments, @skip/@include, unions, lists and resolvers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from typing import Annotated, Any

import pytest
import strawberry

from api.graphql.execution import PlainFieldsExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Leaf:
    name: str
    count: int | None
    on: dt.date | None
    colour: Colour
    ratio: int | None  # 2.5 in one object: a value the Int scalar refuses
    required: str  # set to None on purpose in one object: a non-null violation

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


@strawberry.type
class Other:
    label: str


Either = Annotated[Leaf | Other, strawberry.union("Either")]


@strawberry.type
class Holder:
    """Plain objects inside plain objects: built by the short path unless one needs
    graphql-core (a null in a list of non-null items, a refused value deep inside)."""

    label: str
    leaf: Leaf | None
    maybe_leaves: list[Leaf | None]
    leaves: list[Leaf]


def _leaf(name: str, **overrides: Any) -> Leaf:
    values: dict[str, Any] = {"name": name, "count": 3, "on": dt.date(2026, 11, 26),
                              "colour": Colour.GREEN, "ratio": 4, "required": "yes"}
    values.update(overrides)
    return Leaf(**values)


@strawberry.type
class Query:
    @strawberry.field
    def leaves(self) -> list[Leaf]:
        return [_leaf("a"), _leaf("b", count=None, on=None, ratio=None),
                _leaf("c", ratio=2.5)]

    @strawberry.field
    def broken(self) -> Leaf | None:
        return _leaf("d", required=None)

    @strawberry.field
    def mixed(self) -> list[Either]:
        return [_leaf("e"), Other(label="other")]

    @strawberry.field
    async def later(self) -> Leaf:
        return _leaf("f")

    @strawberry.field
    def holders(self) -> list[Holder]:
        return [
            Holder(label="plain", leaf=_leaf("g"), maybe_leaves=[_leaf("h"), None],
                   leaves=[_leaf("i")]),
            Holder(label="empty", leaf=None, maybe_leaves=[], leaves=[]),
            Holder(label="null item", leaf=_leaf("j"), maybe_leaves=[None],
                   leaves=[_leaf("k"), None]),  # type: ignore[list-item]
            Holder(label="refused deep", leaf=_leaf("l", ratio=0.5), maybe_leaves=[],
                   leaves=[]),
        ]


QUERIES = [
    "{ leaves { name count on colour ratio required } }",
    "{ leaves { n: name again: name count } }",
    "{ broken { name required } }",
    "{ leaves { ...Parts shout(times: 2) } } fragment Parts on Leaf { name on }",
    "query($yes: Boolean!) { leaves { name @include(if: $yes) count @skip(if: $yes) } }",
    "{ mixed { __typename ... on Leaf { name colour } ... on Other { label } } }",
    "{ later { name on } }",
    "{ holders { label __typename leaf { name ratio on } maybeLeaves { name colour }"
    " leaves { name required } } }",
    "{ holders { l: label leaf { __typename n: name } leaves { ...Parts } } }"
    " fragment Parts on Leaf { name count }",
    "{ holders { label leaves { name shout } } }",
]


def _run(context_class: type | None, query: str) -> tuple[Any, list[tuple[str, Any]]]:
    schema = strawberry.Schema(query=Query, execution_context_class=context_class)
    result = asyncio.run(schema.execute(query, variable_values={"yes": True}))
    errors = sorted((error.message, error.path) for error in result.errors or [])
    return result.data, errors


@pytest.mark.parametrize("query", QUERIES)
def test_the_shortcut_answers_exactly_like_graphql_core(query: str) -> None:
    assert _run(PlainFieldsExecutionContext, query) == _run(None, query)


def test_the_comparison_sees_errors_and_nulls() -> None:
    # The cases above do exercise refusals and null bubbling, so equality means something.
    _, refused = _run(PlainFieldsExecutionContext, QUERIES[0])
    assert any("non-integer" in message for message, _ in refused)
    data, null_errors = _run(PlainFieldsExecutionContext, QUERIES[2])
    assert data == {"broken": None} and "non-nullable" in null_errors[0][0]
