"""Wiring of the steps that build on each other: ingest, then the routes and the registry
entries of the people touched.

Ingest never imports the routes or registry layers (data flows one way); the CLI and the
API compose them here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.reclassify import ReclassifySummary, reclassify_records
from onkopassport.settings import Settings


def derived_refresher(graph: Graph,
                    today: Callable[[], date] = date.today) -> Callable[[list[str]], None]:
    """After each ingest settling: routes, deadlines, gaps and notifications of the people
    whose passports changed, then their registry entries (the registry is kept as records
    arrive, not only when a registrar rebuilds it). People who stopped being passports,
    or were merged away, lose their route and entries here."""
    return lambda patient_ids: refresh_derived(graph, patient_ids, today())


def full_ingestor(graph: Graph, settings: Settings, *, strict: bool = False) -> Ingestor:
    """An ingestor whose batches also refresh the passports' routes and registry entries."""
    return Ingestor(graph, settings, strict=strict, on_patients_changed=derived_refresher(graph))


def refresh_derived(graph: Graph, patient_ids: list[str], today: date) -> None:
    """Routes, then registry entries, of people whose passports and tumours are current
    (non-passports get their route cleared, and entries without a tumour are deleted)."""
    from pathway import refresh_patients as refresh_routes
    from registry.rebuild import rebuild_registry

    refresh_routes(graph, patient_ids, today)
    rebuild_registry(graph, today, patient_ids=patient_ids)


def refresh_people(graph: Graph, patient_ids: list[str], today: date | None = None) -> None:
    """After an identity change: passports and tumours, then routes and registry entries,
    of those people."""
    from ingest.refresh import refresh_patients as refresh_passports

    refresh_passports(graph, patient_ids)
    refresh_derived(graph, patient_ids, today or date.today())


def rederive_everyone(graph: Graph, today: date, batch_size: int = 500,
                      progress: Callable[[int], None] | None = None) -> int:
    """Every person's passport, tumours, route and registry entries derived again from their
    records; returns how many people. For an upgrade that changed a derivation rule: what
    is stored was derived by the old one, and people whose records do not change would
    keep it. Walks the people in pages, so it can be stopped and run again."""
    after, done = "", 0
    while ids := [row["patientId"] for row in graph.read(
            "list_patient_ids", after=after, limit=batch_size)]:
        refresh_people(graph, ids, today)
        done, after = done + len(ids), ids[-1]
        if progress is not None:
            progress(done)
    return done


def reclassify_everything(graph: Graph, today: date, enp_system: str,
                          records_read: Callable[[int], None] | None = None,
                          ) -> ReclassifySummary:
    """Every stored record read again by this version's classifier, and the passports,
    tumours, routes and registry entries of the people whose records changed derived
    again. For an upgrade whose classifier reads more from FHIR than the one that stored
    the records."""
    return reclassify_records(graph, lambda ids: refresh_people(graph, ids, today),
                              progress=records_read, enp_system=enp_system)
