"""``/health``: is the API up, and does Neo4j answer (with its version)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError

from api.dependencies import GraphDep
from onkopassport.errors import DatabaseUnavailableError

router = APIRouter()


@router.get("/health", summary="API and Neo4j reachability")
def health(graph: GraphDep) -> JSONResponse:
    # Every call asks the server afresh: the driver reconnects by itself, so the answer
    # turns back to 200 as soon as Neo4j is back, without restarting the API.
    try:
        version = graph.server_version()
    except (DatabaseUnavailableError, Neo4jError, OSError) as error:
        return JSONResponse(
            status_code=503,
            content={
                "status": "unavailable",
                "neo4j": {"reachable": False},
                "message": f"Паспорт не может быть показан. {error}",
            },
        )
    return JSONResponse(
        content={"status": "ok", "neo4j": {"reachable": True, "version": version}}
    )
