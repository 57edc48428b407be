"""The per-request GraphQL context: the graph, the principal and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from api.security import Principal
from graph.database import Graph


@dataclass
class RequestContext(BaseContext):
    graph: Graph
    principal: Principal | None
    client_address: str | None = None
    # DataLoaders created per request (never shared between requests), keyed by name.
    loaders: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
