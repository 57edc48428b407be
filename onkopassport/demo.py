"""`onkopassport demo`: local Neo4j, a generated region, the API and web interface on :8000."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Console

from graph.database import Graph
from graph.schema import apply_schema
from onkopassport.settings import Settings


def run_demo(settings: Settings, *, patients: int, seed: int, console: Console) -> None:
    import uvicorn

    from api.app import create_app
    from graph.local_server import LocalNeo4j

    if settings.uses_local_neo4j:
        with console.status("Starting Neo4j (the first start downloads it from Maven Central)"):
            status = LocalNeo4j(settings).start()
        console.print(f"Neo4j {status.version} on {status.uri}")
    graph = Graph.connect(settings)
    try:
        apply_schema(graph)
        if not graph.read("find_any_passport"):
            fill_region(graph, settings, patients=patients, seed=seed, console=console)
        from api.auth.demo_users import create_demo_users

        users = create_demo_users(graph, settings)
    finally:
        graph.close()
    console.print("Demo users (login / password):")
    for user in users:
        sends_as = f" (source {user.source}: POST /fhir only)" if user.source else ""
        console.print(f"  {user.user_id:28} {user.password:24} {user.role}{sends_as}")
    console.print(f"Onkopassport: http://localhost:{settings.api_port}")
    uvicorn.run(create_app(settings), host="0.0.0.0", port=settings.api_port, log_level="info")


def fill_region(graph: Graph, settings: Settings, *, patients: int, seed: int,
                console: Console) -> None:
    """Generate a region dated up to today, ingest it, load its routing order."""
    from ingest.cli import ingest_with_progress
    from onkopassport.orchestration import full_ingestor
    from pathway.routing_order import load_routing_csv
    from synth import generate_region

    region = Path(settings.data_dir) / f"demo-region-{seed}-{patients}"
    with console.status(f"Generating a region of {patients} people"):
        generate_region(patients=patients, seed=seed, out_dir=region, as_of=date.today())
    load_routing_csv(graph, region / "routing.csv")
    ingestor = full_ingestor(graph, settings)
    ingest_with_progress(ingestor, [region], None, console)
    console.print(f"Region ready: {ingestor.summary.received} records, "
                  f"{ingestor.summary.quarantined} quarantined, "
                  f"{ingestor.summary.passports} passports")
