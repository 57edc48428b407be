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
        with console.status("Запуск Neo4j (при первом запуске он загружается из Maven Central)"):
            status = LocalNeo4j(settings).start()
        console.print(f"Neo4j {status.version}: {status.uri}")
    graph = Graph.connect(settings)
    try:
        apply_schema(graph)
        if not graph.read("find_any_passport"):
            fill_region(graph, settings, patients=patients, seed=seed, console=console)
        from api.auth.demo_users import create_demo_users

        users = create_demo_users(graph, settings)
    finally:
        graph.close()
    from api.auth.cli import print_demo_users

    print_demo_users(console, users)
    console.print(f"Онкопаспорт: http://localhost:{settings.api_port}")
    uvicorn.run(create_app(settings), host="0.0.0.0", port=settings.api_port, log_level="info")


def fill_region(graph: Graph, settings: Settings, *, patients: int, seed: int,
                console: Console) -> None:
    """Generate a region dated up to today, ingest it, load its routing order."""
    from ingest.cli import ingest_with_progress
    from onkopassport.orchestration import full_ingestor
    from pathway.routing_order import load_routing_csv
    from synth import generate_region

    region = Path(settings.data_dir) / f"demo-region-{seed}-{patients}"
    with console.status(f"Создание синтетического региона: {patients} человек"):
        generate_region(patients=patients, seed=seed, out_dir=region, as_of=date.today())
    load_routing_csv(graph, region / "routing.csv")
    ingestor = full_ingestor(graph, settings)
    ingest_with_progress(ingestor, [region], None, console)
    summary = ingestor.summary
    console.print(f"Регион готов: получено записей {summary.received}, из них в карантине "
                  f"{summary.quarantined}; онкопаспортов {summary.passports}")
