"""The per-request GraphQL context: the graph, the principal and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.security import Principal
from graph.database import Graph


@dataclass
class RequestContext:
    graph: Graph
    principal: Principal | None
    client_address: str | None = None
    # ONKO_ENVIRONMENT=development: lets anyone rehearse a pathway refresh on another day
    development: bool = False
    # The HTTP response under construction (strawberry's sub-response): a resolver may set
    # its status, e.g. 401 for an anonymous request (api/auth/graphql.py).
    response: Any = None
    # DataLoaders created per request (never shared between requests), keyed by name.
    loaders: dict[str, Any] = field(default_factory=dict)
