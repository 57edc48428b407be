"""The VIMIS outbox in Neo4j: which records to send, and queueing their messages.

A message is a node `(:OutboxMessage:VimisMessage)` hung off its record by `SENT_AS`, so
it survives restarts of the API and of Neo4j, and the passport shows what was sent.
States: pending → sent → accepted | rejected; a transport failure puts a message back to
pending with a later `nextAttemptAt` (see `sender`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain import vimis as catalogue
from graph.database import Graph
from onkopassport.settings import Settings
from vimis import codes
from vimis.cda import DocumentIdentity, build_document_bytes, encode_document
from vimis.identity import content_hash, message_id
from vimis.source import VimisSource

log = logging.getLogger(__name__)

PAGE_SIZE = 2000
WRITE_BATCH = 500


@dataclass
class EnqueueReport:
    """What one enqueue run found and queued."""

    candidates: int = 0
    queued: int = 0
    updates: int = 0
    unchanged: int = 0
    by_doc_type: dict[int, int] = field(default_factory=dict)


def enabled_doc_types(rollout_stages: Sequence[int]) -> list[int]:
    """docTypes whose rollout stage the region has switched on (unstaged ones never)."""
    stages = set(rollout_stages)
    return sorted(d.doc_type for d in catalogue.catalogue().doc_types if d.stage in stages)


def iter_sources(graph: Graph, doc_types: list[int],
                 patient_ids: list[str] | None = None) -> Iterator[VimisSource]:
    """Every record VIMIS takes, page by page in key order (bounded memory); the next page
    is read while the caller works through the current one."""

    def page(after: str) -> list[dict[str, Any]]:
        return graph.read("find_vimis_candidates", afterKey=after, docTypes=doc_types,
                          patientIds=patient_ids, limit=PAGE_SIZE)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vimis-reader") as reader:
        upcoming = reader.submit(page, "")
        while True:
            rows = upcoming.result()
            if len(rows) == PAGE_SIZE:
                upcoming = reader.submit(page, rows[-1]["record"]["key"])
            for row in rows:
                record = row["record"]
                yield VimisSource.from_row(row, codes.trigger_point(
                    record.get("kind") or "", record.get("triggerKind")))
            if len(rows) < PAGE_SIZE:
                return


def message_row(source: VimisSource, settings: Settings) -> dict[str, Any] | None:
    """The outbox row for a source, or None when its latest message says the same."""
    digest = content_hash(source.facts())
    latest = source.latest
    if latest is not None and latest.content_hash == digest:
        return None
    version = latest.version + 1 if latest else 1
    identity = DocumentIdentity(
        message_id=message_id(source.record_key, version, digest), version=version,
        replaces=latest.message_id if latest else None, region_oid=settings.vimis_region_oid)
    document = build_document_bytes(source, identity)
    return {
        "recordKey": source.record_key,
        "messageId": identity.message_id,
        "replaces": identity.replaces,
        "properties": {
            "messageId": identity.message_id, "recordKey": source.record_key,
            "patientId": source.patient.get("patientId"),
            "organizationOid": source.organization.get("oid"),
            "vmcl": catalogue.catalogue().vmcl, "docType": source.doc_type,
            "docTypeVersion": settings.vimis_doc_type_version,
            "triggerPoint": source.trigger_point, "version": version,
            "contentHash": digest, "replacesMessageId": identity.replaces,
            "document": encode_document(document),
        },
    }


def enqueue(graph: Graph, settings: Settings, now: datetime,
            patient_ids: list[str] | None = None) -> EnqueueReport:
    """Queue a message for every record that is new or changed since its last message."""
    report = EnqueueReport()
    doc_types = enabled_doc_types(settings.vimis_rollout_stages)
    # One writer thread: Neo4j stores a batch while this thread builds the next documents
    # (the driver releases the GIL while it waits). One batch in flight bounds the memory.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vimis-outbox") as writer:
        in_flight: Future[None] | None = None
        batch: list[dict[str, Any]] = []
        for source in iter_sources(graph, doc_types, patient_ids):
            report.candidates += 1
            row = message_row(source, settings)
            if row is None:
                report.unchanged += 1
                continue
            report.queued += 1
            report.updates += row["replaces"] is not None
            report.by_doc_type[source.doc_type] = report.by_doc_type.get(source.doc_type, 0) + 1
            batch.append(row)
            if len(batch) >= WRITE_BATCH:
                if in_flight is not None:
                    in_flight.result()
                in_flight = writer.submit(_write, graph, batch, now)
                batch = []
        if in_flight is not None:
            in_flight.result()
        _write(graph, batch, now)
    log.info("VIMIS enqueue: %s", report)
    return report


def _write(graph: Graph, rows: list[dict[str, Any]], now: datetime) -> None:
    graph.write_rows("merge_vimis_messages", rows, now=now.isoformat())
