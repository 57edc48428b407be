"""The schema as served: the merged types plus limits, error masking and round-trip counts.

Limits refuse deep, alias-heavy and huge queries before any resolver runs; unexpected
errors are masked (expected failures are typed results), and every response carries the
number of Cypher round trips it took (`extensions.cypherRoundTrips`) for the benchmark.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from onkopassport.errors import OnkopassportError

MAX_DEPTH = 10
MAX_TOKENS = 2000
MAX_ALIASES = 20


class CypherRoundTrips(SchemaExtension):
    """Adds the request's Cypher round trips (counted by the DataLoaders) to the response."""

    def get_results(self) -> dict[str, Any]:
        loaders = getattr(self.execution_context.context, "loaders", None) or {}
        total = sum(getattr(loader, "round_trips", 0) for loader in loaders.values())
        return {"cypherRoundTrips": total}


def _is_unexpected(error: GraphQLError) -> bool:
    # Our own errors and GraphQL's validation errors carry messages meant for the caller;
    # anything else (a bug, a driver error) is masked.
    original = error.original_error
    return original is not None and not isinstance(original, OnkopassportError)


def served_schema(query: type, mutation: type) -> strawberry.Schema:
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        extensions=[
            # Factories: strawberry builds fresh extension instances per request.
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=_is_unexpected),
            CypherRoundTrips,
        ],
    )
