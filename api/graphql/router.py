"""Mounts the GraphQL schema on FastAPI at /graphql."""

from __future__ import annotations

from fastapi import Request
from strawberry.fastapi import GraphQLRouter

from api.graphql.context import RequestContext
from api.graphql.schema import schema


def principal_from_request(request: Request) -> None:
    """Replaced by bearer-token authentication (api/auth); anonymous until then."""
    return None


async def get_context(request: Request) -> RequestContext:
    return RequestContext(
        graph=request.app.state.graph,
        principal=principal_from_request(request),
        client_address=request.client.host if request.client else None,
    )


def graphql_router(development: bool) -> GraphQLRouter[RequestContext, None]:
    # GraphiQL only in development: production exposes no interactive explorer.
    return GraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql" if development else None)
