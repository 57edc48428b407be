"""The schema as served: the merged types plus limits, error masking and round-trip counts.

Limits refuse deep, alias-heavy and huge queries before any resolver runs; unexpected
errors are masked (expected failures are typed results), and every response carries the
number of Cypher round trips it took (`extensions.cypherRoundTrips`) for the benchmark.
"""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from api.graphql.execution import PlainFieldsExecutionContext
from onkopassport.errors import OnkopassportError

log = logging.getLogger(__name__)
MAX_DEPTH = 10
MAX_TOKENS = 2000
MAX_ALIASES = 20


# The limiters build their validation rule classes in __init__; a fresh class per request
# would make every request a miss of the validation cache (its key holds the rules), and
# validating the passport query costs far more than running it. So the rule classes are
# built once here and each request gets a fresh AddValidationRules holding the same ones.
_LIMIT_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


class CypherRoundTrips(SchemaExtension):
    """Adds the request's Cypher round trips (counted by the DataLoaders) to the response."""

    def get_results(self) -> dict[str, Any]:
        loaders = getattr(self.execution_context.context, "loaders", None) or {}
        total = sum(getattr(loader, "round_trips", 0) for loader in loaders.values())
        return {"cypherRoundTrips": total}


def _is_unexpected(error: GraphQLError) -> bool:
    # Our own errors, GraphQL's validation errors and the coercion of variables (no path:
    # raised before any resolver ran, e.g. "Variable '$d' got invalid value '1960-02-30'")
    # carry messages meant for the caller; anything a resolver raised otherwise (a bug, a
    # driver error) is masked.
    original = error.original_error
    if original is None or error.path is None:
        return False
    return not isinstance(original, OnkopassportError | GraphQLError)


# What a user reads instead of an unexpected exception's text (which stays in the log).
UNEXPECTED_ERROR = "Внутренняя ошибка сервера; запрос не выполнен. Сообщите администратору."


class _ServedSchema(strawberry.Schema):
    """Strawberry logs every error of a request with its traceback at ERROR. A user's bad
    input («Локализация «рак» не распознана», a refused role) is answered in the response
    and is no fault of the server: one INFO line. A bug keeps strawberry's full report."""

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if _is_unexpected(error):
                StrawberryLogger.error(error, execution_context)
            else:
                log.info("GraphQL request refused: %s", error.message)


def served_schema(query: type, mutation: type) -> strawberry.Schema:
    return _ServedSchema(
        query=query,
        mutation=mutation,
        execution_context_class=PlainFieldsExecutionContext,
        extensions=[
            # Factories: strawberry builds fresh extension instances per request.
            lambda: AddValidationRules(list(_LIMIT_RULES)),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=_is_unexpected, error_message=UNEXPECTED_ERROR),
            CypherRoundTrips,
        ],
    )
