"""`onkopassport demo`: local Neo4j, a generated region, the API on port 8000."""

from __future__ import annotations

from rich.console import Console

from onkopassport.settings import Settings


def run_demo(settings: Settings, *, patients: int, seed: int, console: Console) -> None:
    import uvicorn

    from api.app import create_app
    from graph.local_server import LocalNeo4j

    if settings.uses_local_neo4j:
        with console.status("Starting Neo4j"):
            status = LocalNeo4j(settings).start()
        console.print(f"Neo4j {status.version} on {status.uri}")
    console.print(f"Onkopassport on http://localhost:{settings.api_port}")
    uvicorn.run(create_app(settings), host="0.0.0.0", port=settings.api_port, log_level="info")
