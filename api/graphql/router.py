"""Mounts the GraphQL schema on FastAPI at /graphql, with the caller's principal."""

from __future__ import annotations

import orjson
from fastapi import HTTPException, Request, status
from strawberry.fastapi import GraphQLRouter

from api.auth.dependencies import principal_from_request
from api.auth.tokens import InvalidTokenError
from api.graphql.context import RequestContext
from api.graphql.passport_limits import served_schema
from api.graphql.schema import Mutation, Query

# The merged types of every area (api/graphql/schema.py), served with limits and masking.
schema = served_schema(Query, Mutation)


async def get_context(request: Request) -> RequestContext:
    try:
        principal = principal_from_request(request)
    except InvalidTokenError as error:
        # A bad token is refused outright; no token at all reaches the resolvers, which
        # answer 401 through `require_principal` for any data they would return.
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=str(error),
                            headers={"WWW-Authenticate": "Bearer"}) from error
    return RequestContext(
        graph=request.app.state.graph,
        principal=principal,
        client_address=request.client.host if request.client else None,
    )


class OnkopassportGraphQLRouter(GraphQLRouter[RequestContext, None]):
    def encode_json(self, data: object) -> bytes:
        # orjson writes UTF-8 (Russian text as is, not \uXXXX escapes: a third of the
        # bytes) several times faster than json.dumps; responses hold only JSON types.
        return orjson.dumps(data)


def graphql_router(development: bool) -> GraphQLRouter[RequestContext, None]:
    # GraphiQL only in development: production exposes no interactive explorer.
    return OnkopassportGraphQLRouter(schema, context_getter=get_context,
                                     graphql_ide="graphiql" if development else None)
