"""Load: one batch of classified records → graph writes, in one transaction.

Every write is an idempotent MERGE on a stable key, batched with UNWIND; the batch is one
transaction, so an ingest killed midway leaves whole batches or nothing of a batch, and a
re-run converges on the same graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from neo4j import ManagedTransaction

from domain.identifiers import SNILS_SYSTEM, normalise_snils
from graph.database import Graph, batched, run_named
from ingest.classify import Classified
from ingest.fhir_access import FRMO_SYSTEM
from ingest.references import Ref

_SETTLE_CHUNK = 20_000


@dataclass
class QuarantineItem:
    source: str
    location: str
    reason: str
    raw: str

    @property
    def quarantine_id(self) -> str:
        digest = hashlib.sha1(f"{self.source}\n{self.location}\n{self.raw}".encode())
        return digest.hexdigest()

    def row(self) -> dict[str, Any]:
        return {"quarantineId": self.quarantine_id, "source": self.source,
                "location": self.location, "reason": self.reason, "raw": self.raw}


@dataclass
class BatchResult:
    applied: list[str]  # written now: new records and newer versions
    patient_record_keys: list[str]  # PatientRecords to link: of applied and unsettled rows
    # Re-delivered unchanged but still `settling`: an earlier ingest stopped after writing
    # them and before linking and refreshing; those steps are due again (settle_records).
    unsettled: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # applied over an earlier version

    @property
    def to_settle(self) -> list[str]:
        """Records whose identity linking and refresh this batch must do."""
        return sorted(set(self.applied) | set(self.unsettled))


def _subject_row(record: Classified, ref: Ref) -> dict[str, Any]:
    if ref.key is not None:
        return {"key": record.key, "subjectKey": ref.key, "source": record.source,
                "system": None, "value": None, "snils": None}
    value = ref.value or ""  # normalised as the Patient's own identifier is (classify)
    snils = normalise_snils(value) if ref.system == SNILS_SYSTEM else None
    return {"key": record.key, "subjectKey": f"ident|{ref.system}|{value}",
            "source": record.source, "system": ref.system, "value": value, "snils": snils}


def record_row(record: Classified, raw: str) -> dict[str, Any]:
    props = {k: v for k, v in record.props.items() if v is not None}
    return {"key": record.key, "rank": record.rank, "resource": raw, "props": props}


def write_batch(graph: Graph, records: Sequence[tuple[Classified, str]],
                quarantined: Sequence[QuarantineItem]) -> BatchResult:
    """Write one batch; returns the keys applied (new or newer versions)."""

    def work(tx: ManagedTransaction) -> BatchResult:
        if quarantined:
            run_named(tx, "store_quarantined_items", rows=[q.row() for q in quarantined]).consume()
        if not records:
            return BatchResult([], [])
        nodes = store_record_nodes(tx, [record_row(r, raw) for r, raw in records])
        applied, unsettled = nodes.applied, nodes.unsettled
        fresh = [r for r, _ in records if r.key in applied]
        patient_keys = [r.key for r in fresh if r.resource_type == "Patient"]
        _run(tx, "label_patient_records", keys=patient_keys)
        _run(tx, "merge_record_identifiers", rows=[
            {"key": r.key, "system": system, "value": value}
            for r in fresh for system, value in r.identifiers])
        organizations = [{"key": r.key, **r.organization} for r in fresh if r.organization]
        _run(tx, "merge_organizations", rows=organizations)
        _run(tx, "link_record_subjects", rows=[
            _subject_row(r, r.subject) for r in fresh if r.subject is not None])
        _run(tx, "link_record_organizations", rows=[
            {"key": r.key, "role": role, "path": element, "oid": _organization_oid(ref),
             "orgKey": ref.key}
            for r in fresh for role, element, ref in r.organization_links])
        _run(tx, "link_record_references", rows=[
            {"key": r.key, "path": path, "targetKey": ref.key, "targetType": ref.target_type,
             "system": ref.system, "value": ref.value}
            for r in fresh for path, ref in r.references])
        _run(tx, "resolve_organization_references", keys=[row["key"] for row in organizations])
        _run(tx, "merge_capabilities",
             keys=[r.key for r in fresh if r.props.get("capability")])
        # Linking is due for the fresh records and again for the unsettled ones (their
        # edges above were written with them, in the transaction that stored them).
        returned = applied | unsettled
        due = [r for r, _ in records if r.key in returned]
        due_patients = {r.key for r in due if r.resource_type == "Patient"}
        subject_keys = {_subject_row(r, r.subject)["subjectKey"]
                        for r in due if r.subject is not None}
        return BatchResult(sorted(applied), sorted(due_patients | subject_keys),
                           sorted(unsettled), sorted(nodes.replaced))

    return graph.execute_write(work)


@dataclass
class StoredNodes:
    applied: set[str]  # written now: new records and newer versions
    unsettled: set[str]  # re-delivered unchanged while still settling
    replaced: set[str]  # of the applied, those that replaced an earlier version


def store_record_nodes(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> StoredNodes:
    """Write the record nodes: which were applied, which are still settling."""
    found = list(run_named(tx, "find_stored_records", keys=[row["key"] for row in rows]))
    stored = {row["key"] for row in found}
    earlier_versions = {row["key"] for row in found if not row["placeholder"]}
    new = [row for row in rows if row["key"] not in stored]
    known = [row for row in rows if row["key"] in stored]
    created: set[str] = set()
    if new:
        raced = {row["key"] for row in run_named(tx, "create_records", rows=new)}
        created = {row["key"] for row in new} - raced
        known.extend(row for row in new if row["key"] in raced)
    if not known:
        return StoredNodes(created, set(), set())
    outcome = list(run_named(tx, "upsert_records", rows=known))
    written = {row["key"] for row in outcome if row["written"]}
    return StoredNodes(created | written, {row["key"] for row in outcome if not row["written"]},
                       written & earlier_versions)


def settle_records(graph: Graph, keys: list[str]) -> None:
    """Identity linking and refresh are done for these records (see upsert_records)."""
    for chunk in batched(keys, _SETTLE_CHUNK):
        graph.write("settle_records", keys=chunk)


def _run(tx: ManagedTransaction, name: str, **params: Any) -> None:
    values = next(iter(params.values()))
    if values:
        run_named(tx, name, **params).consume()


def _organization_oid(ref: Ref) -> str | None:
    return organization_oid(ref.system or "", ref.value or "") if ref.by_identifier else None


def organization_oid(system: str, value: str) -> str:
    """FRMO OIDs name organisations as they are; other identifiers keep their system."""
    return value if system == FRMO_SYSTEM else f"{system}|{value}"


def raw_text(resource: dict[str, Any]) -> str:
    return orjson.dumps(resource).decode()
