"""Small readers of the registry graph for the integration tests."""

from __future__ import annotations

from typing import Any

import orjson

from graph.database import Graph
from ingest.reader import expand
from onkopassport.orchestration import full_ingestor
from onkopassport.settings import Settings
from registry.rebuild import _native


def entries(graph: Graph) -> dict[str, dict[str, Any]]:
    rows = graph.read_text("MATCH (e:RegistryEntry) RETURN e {.*} AS e")
    return {row["e"]["tumorId"]: _native(row["e"]) for row in rows}


def statuses(graph: Graph, tumor_id: str) -> set[tuple[Any, ...]]:
    rows = graph.read_text(
        "MATCH (:RegistryEntry {tumorId: $id})-[:HAD_STATUS]->(s) RETURN s {.*} AS s",
        id=tumor_id)
    return {(r["s"]["status"], r["s"].get("reason"), _native(r["s"]["since"]),
             _native(r["s"].get("until"))) for r in rows}


def count(graph: Graph, label: str) -> int:
    # labels come from the tests' own fixed strings, never from input
    return int(graph.read_text(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"])


def ingest_fully(graph: Graph, settings: Settings, resources: list[dict[str, Any]],
                 source: str = "poly-a") -> None:
    """FHIR resources through the whole pipeline, routes and registry entries included (as
    `onkopassport ingest` and POST /fhir run it)."""
    full_ingestor(graph, settings).ingest_items([
        item for index, resource in enumerate(resources)
        for item in expand(resource, source, f"test[{index}]", orjson.dumps(resource).decode())])
