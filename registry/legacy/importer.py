"""Import a legacy registry export into the graph, with the quarantine rules of ingest.

Every row is stored or quarantined with a reason; received = stored + quarantined per
file; everything is MERGEd on stable keys (``legacy-registry|…``), so importing the same
export again leaves the same graph. The registry entries of the imported people are
rebuilt at the end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain import basis as diagnosis_basis
from graph.database import Graph, batched
from registry.legacy.columns import SOURCE
from registry.legacy.parse import ParsedExport, parse_export
from registry.rebuild import RebuildSummary, rebuild_registry

log = logging.getLogger(__name__)
BATCH = 1000


@dataclass
class ImportSummary:
    counts: dict[str, dict[str, int]]
    people: int = 0
    rebuild: RebuildSummary | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def reconciles(self) -> bool:
        return all(c["received"] == c["stored"] + c["quarantined"] for c in self.counts.values())


def patient_key(patient_id: str) -> str:
    return f"{SOURCE}|Patient|{patient_id}"


def import_registry(graph: Graph, folder: Path, *, today: date, received_at: datetime,
                    rebuild: bool = True) -> ImportSummary:
    """Import ``patients.csv``, ``tumours.csv`` and ``sources.csv`` from `folder`."""
    export = parse_export(folder, today)
    people = _load_patients(graph, export, received_at)
    _load_tumours(graph, export)
    _load_sources(graph, export)
    graph.write_rows("merge_quarantine_rows", [
        {"quarantineId": q.quarantine_id, "location": f"{q.file}:{q.line}",
         "reason": q.reason, "raw": q.raw} for q in export.quarantined],
        source=SOURCE, receivedAt=received_at)
    summary = ImportSummary(counts=export.counts(), people=len(set(people)),
                            reasons=[f"{q.file}:{q.line}: {q.reason}" for q in export.quarantined])
    if rebuild:
        summary.rebuild = rebuild_registry(graph, today, patient_ids=set(people))
    log.info("legacy import: %s", summary.counts)
    return summary


def _load_patients(graph: Graph, export: ParsedExport, received_at: datetime) -> list[str]:
    """Write the patients; returns the person id of each (for the rebuild)."""
    first_trigger = {t["patientId"]: t["incidenceOn"] for t in
                     sorted(export.tumours, key=lambda t: t["incidenceOn"], reverse=True)}
    people = []
    for batch in batched(export.patients, BATCH):
        links = {row["key"]: row for row in graph.read("get_legacy_patient_links", rows=[
            {"key": patient_key(p["patientId"]), "snils": p["snils"]} for p in batch])}
        rows = []
        for patient in batch:
            key = patient_key(patient["patientId"])
            link = links.get(key, {})
            person, reason = _person_of(patient, link)
            people.append(person)
            rows.append({**patient, "key": key, "personId": person, "linkReason": reason,
                         "deathKey": f"{SOURCE}|DocumentReference|death-{patient['patientId']}",
                         "firstTriggerOn": first_trigger.get(patient["patientId"],
                                                             patient["deceasedOn"])})
        graph.write_rows("merge_legacy_patients", rows, source=SOURCE, receivedAt=received_at)
    return people


def _person_of(patient: dict[str, Any], link: dict[str, Any]) -> tuple[str, str]:
    if link.get("linkedId"):
        return link["linkedId"], "kept"
    if link.get("snilsId"):
        return link["snilsId"], "snils"
    return f"{SOURCE}:{patient['patientId']}", "local-id"


def _load_tumours(graph: Graph, export: ParsedExport) -> None:
    sequence: dict[str, int] = {}
    rows = []
    sources_of: dict[str, list[dict[str, Any]]] = {}
    for source in export.sources:
        sources_of.setdefault(source["tumourId"], []).append(source)
    for tumour in sorted(export.tumours, key=lambda t: (t["incidenceOn"], t["tumourId"])):
        sequence[tumour["patientId"]] = sequence.get(tumour["patientId"], 0) + 1
        rows.append({**tumour, "key": f"{SOURCE}|Condition|{tumour['tumourId']}",
                     "tumorId": f"{SOURCE}|{tumour['tumourId']}",
                     "patientKey": patient_key(tumour["patientId"]),
                     "episodeKey": f"{SOURCE}|EpisodeOfCare|{tumour['tumourId']}",
                     "sequence": sequence[tumour["patientId"]],
                     "morphologicallyVerified": _morphologically_verified(
                         tumour, sources_of.get(tumour["tumourId"], []))})
    for batch in batched(rows, BATCH):
        graph.write_rows("merge_legacy_tumors", batch, source=SOURCE)


def _morphologically_verified(tumour: dict[str, Any], sources: list[dict[str, Any]]) -> bool:
    """By the rule of every tumour (domain/basis.py), over the records this import makes of
    it: the registrar's diagnosis with its basis, and its source documents, of which a
    pathology or cytology report carries the tumour's morphology (merge_legacy_sources)."""
    records = [{"kind": "diagnosis", "basis": tumour["basis"]},
               *({"kind": source["kind"], "morphology": tumour["morphology"]}
                 for source in sources)]
    return diagnosis_basis.is_microscopic(diagnosis_basis.basis_of_records(records))


def _load_sources(graph: Graph, export: ParsedExport) -> None:
    rows = [{**source, "key": f"{SOURCE}|{source['resourceType']}|{source['sourceId']}",
             "tumorId": f"{SOURCE}|{source['tumourId']}",
             "patientKey": patient_key(source["patientId"])} for source in export.sources]
    for batch in batched(rows, BATCH):
        graph.write_rows("merge_legacy_sources", batch, source=SOURCE)
