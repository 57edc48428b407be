"""Serves the GraphQL schema at /graphql, with the caller's principal.

The schema is served by strawberry's plain ASGI app on a Starlette route rather than
through FastAPI's router: FastAPI would resolve its dependency graph for every request,
which cost about a tenth of a passport's CPU, and /graphql needs none of it (the context
is built here; FastAPI's exception handlers still answer the 401 raised below).
"""

from __future__ import annotations

import orjson
from fastapi import HTTPException, Request, WebSocket, status
from starlette.responses import Response
from strawberry.asgi import GraphQL

from api.auth.dependencies import principal_from_request
from api.auth.tokens import InvalidTokenError
from api.graphql.context import RequestContext
from api.graphql.passport_limits import served_schema
from api.graphql.schema import Mutation, Query
from api.security import SENDER_ONLY

# The merged types of every area (api/graphql/schema.py), served with limits and masking.
schema = served_schema(Query, Mutation)


def context_of(request: Request, response: Response | None = None) -> RequestContext:
    try:
        principal = principal_from_request(request)
    except InvalidTokenError as error:
        # A bad token is refused outright; no token at all reaches the resolvers, which
        # answer 401 through `require_principal` for any data they would return.
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=str(error),
                            headers={"WWW-Authenticate": "Bearer"}) from error
    if principal is not None and not principal.reads:
        # a sender reads nothing: refused here, so that no resolver has to know the role
        # (a resolver that admits "any principal" would otherwise admit it)
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=SENDER_ONLY)
    return RequestContext(
        graph=request.app.state.graph,
        principal=principal,
        client_address=request.client.host if request.client else None,
        response=response,
        development=request.app.state.settings.environment == "development",
    )


class OnkopassportGraphQL(GraphQL[RequestContext, None]):
    async def get_context(self, request: Request | WebSocket,
                          response: Response | WebSocket) -> RequestContext:
        if not isinstance(request, Request) or not isinstance(response, Response):
            raise HTTPException(status.HTTP_400_BAD_REQUEST,
                                detail="Подписки (WebSocket) не поддерживаются: "
                                       "отправляйте запросы POST /graphql.")
        return context_of(request, response)

    def encode_json(self, data: object) -> bytes:
        # orjson writes UTF-8 (Russian text as is, not \uXXXX escapes: a third of the
        # bytes) several times faster than json.dumps; responses hold only JSON types.
        return orjson.dumps(data)


def graphql_app(development: bool) -> OnkopassportGraphQL:
    # GraphiQL only in development: production exposes no interactive explorer.
    return OnkopassportGraphQL(schema, graphql_ide="graphiql" if development else None)
