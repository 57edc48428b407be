"""The GraphQL schema: each area contributes its own Query (and Mutation) type.

Areas add their types to the two tuples below; `merge_types` joins them into one schema.
"""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from api.graphql.analytics import AnalyticsMutation, AnalyticsQuery
from api.graphql.passport import PassportQuery
from api.graphql.pathway import PathwayMutation, PathwayQuery
from api.graphql.registry import RegistryMutation, RegistryQuery
from api.graphql.vimis import VimisQuery


@strawberry.type
class ServiceQuery:
    @strawberry.field(description="Version of the Onkopassport API.")
    def api_version(self) -> str:
        return "0.1.0"


QUERY_TYPES: tuple[type, ...] = (
    ServiceQuery, PassportQuery, AnalyticsQuery, PathwayQuery, RegistryQuery, VimisQuery,
)
MUTATION_TYPES: tuple[type, ...] = (AnalyticsMutation, PathwayMutation, RegistryMutation)

Query = merge_types("Query", QUERY_TYPES)
Mutation = merge_types("Mutation", MUTATION_TYPES)
schema = strawberry.Schema(query=Query, mutation=Mutation)
