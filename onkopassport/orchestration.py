"""Wiring of the steps that build on each other: ingest, then routes for the people touched.

Ingest never imports the routes layer (data flows one way); the CLI and the API compose
them here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from graph.database import Graph
from ingest.pipeline import Ingestor
from onkopassport.settings import Settings


def route_refresher(graph: Graph,
                    today: Callable[[], date] = date.today) -> Callable[[list[str]], None]:
    """After each ingest batch: routes, deadlines, gaps and notifications of those people."""
    from pathway import refresh_patients as refresh_routes

    return lambda patient_ids: refresh_routes(graph, patient_ids, today())


def full_ingestor(graph: Graph, settings: Settings, *, strict: bool = False) -> Ingestor:
    """An ingestor whose batches also refresh the passports' routes."""
    return Ingestor(graph, settings, strict=strict, on_patients_changed=route_refresher(graph))


def refresh_people(graph: Graph, patient_ids: list[str], today: date | None = None) -> None:
    """After an identity change: passports and tumours, then routes, of those people."""
    from ingest.refresh import refresh_patients as refresh_passports
    from pathway import refresh_patients as refresh_routes

    refresh_passports(graph, patient_ids)
    refresh_routes(graph, patient_ids, today or date.today())
