"""Rebuild the registry from the graph: DCO cases, one :RegistryEntry per tumour, status
history. Idempotent: the same graph and `today` leave the same entries.

Patients are processed in batches, each batch read and written in its own transactions,
so a whole region can be rebuilt with flat memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from domain.codes import is_malignant, is_secondary
from domain.primaries import PrimaryCandidate, same_primary
from graph.database import Graph, batched
from registry.entry import (
    RegistryEntry,
    TumourFacts,
    derive_entry,
    is_registered_case,
    number_sequences,
)

log = logging.getLogger(__name__)
PATIENT_BATCH = 2000


@dataclass
class RebuildSummary:
    patients: int = 0
    entries: int = 0
    dco_cases: int = 0


def rebuild_registry(graph: Graph, today: date, patient_ids: Iterable[str] | None = None,
                     ) -> RebuildSummary:
    """Recompute the registry entries of these patients (all registry patients if None)."""
    full = patient_ids is None
    ids = ([row["patientId"] for row in graph.read("get_registry_scope_patients")]
           if patient_ids is None else sorted(set(patient_ids)))
    summary = RebuildSummary()
    for batch in batched(ids, PATIENT_BATCH):
        dco_ids = _refresh_dco_tumors(graph, batch)
        entries = _derive_entries(graph, batch, today)
        for chunk in batched(entries, 1000):
            graph.write_rows("merge_registry_entries", [
                {"entry": entry.properties(), "statuses": [asdict(s) for s in entry.statuses]}
                for entry in chunk], today=today)
            graph.write("set_registry_entry_rows", tumorIds=[entry.tumorId for entry in chunk])
        graph.write("delete_stale_registry_entries", patientIds=batch,
                    keepTumorIds=[e.tumorId for e in entries])
        summary.patients += len(batch)
        summary.entries += len(entries)
        summary.dco_cases += len(dco_ids)
        log.info("registry: %d patients rebuilt", summary.patients)
    if full:
        graph.write("delete_orphan_registry_entries")
    return summary


def dco_cases(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Death records with a cancer cause and no earlier evidence of that cancer.

    Evidence is a tumour of the same primary (IARC 2004) or an earlier record of the
    patient coded in the same site group. Secondary codes (C77–C79) never make a case.
    """
    cases = []
    for row in candidates:
        icd10 = row["icd10"]
        if not is_malignant(icd10) or is_secondary(icd10):
            continue
        death = PrimaryCandidate(row["deathKey"], icd10, row.get("morphology"))
        known = [PrimaryCandidate(t["tumorId"], t.get("icd10"), t.get("morphology"))
                 for t in row["tumors"]]
        known += [PrimaryCandidate(f"record:{code}", code, None) for code in row["earlierCodes"]]
        if not any(same_primary(death, other) for other in known):
            cases.append({**row, "tumorId": f"dco|{row['deathKey']}"})
    return cases


def _refresh_dco_tumors(graph: Graph, patient_ids: list[str]) -> list[str]:
    candidates = [_native(row) for row in graph.read("get_dco_candidates",
                                                     patientIds=patient_ids)]
    cases = dco_cases(candidates)
    graph.write_rows("merge_dco_tumors", [
        {k: c[k] for k in ("patientId", "deathKey", "deathOn", "icd10", "morphology",
                           "tumorId")} for c in cases])
    keep = [c["tumorId"] for c in cases]
    graph.write("delete_stale_dco_tumors", patientIds=patient_ids, keepTumorIds=keep)
    return keep


def _derive_entries(graph: Graph, patient_ids: list[str], today: date) -> list[RegistryEntry]:
    entries = []
    for row in graph.read("get_registry_facts", patientIds=patient_ids):
        row = _native(row)
        facts = TumourFacts(
            patient_id=row["patientId"], tumor=row["tumor"], records=row["records"],
            sex=row["sex"], birth_date=row["birthDate"], district=row["district"],
            deceased_on=row["deceasedOn"], death_record_on=row["deathRecordOn"],
            last_record_on=row["lastRecordOn"])
        if is_registered_case(facts):
            entries.append(derive_entry(facts, today))
    number_sequences(entries)
    return entries


def _native(value: Any) -> Any:
    """Neo4j temporal values as Python dates, recursively."""
    if isinstance(value, dict):
        return {key: _native(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_native(item) for item in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value
