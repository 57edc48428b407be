"""The ingest pipeline: read → validate → classify → load → identify → derive.

Streams its input in batches (memory stays flat), writes each batch in one transaction and
links its new PatientRecords to people (for files, while the next batch is written: see
`Ingestor._link`). The passports and tumours of the people the
records concern are refreshed afterwards; those who are passports, were passports before,
or were merged away are then handed to `on_patients_changed` (routes, deadlines, gaps,
registry entries): after every batch for a request (`ingest_batch`), once per
`ingest_settle_every` records for a stream of files, because one person's records come
from several organisations' files and are best refreshed together.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.database import Graph
from ingest.classify import Classified
from ingest.identity import find_link_candidates, write_links
from ingest.load import QuarantineItem, settle_records, write_batch
from ingest.prepare import (
    ItemOutcome,
    PreparedBatch,
    ReaderProcess,
    iterate_items,
    prepare_batch,
    prepare_item,
    prepared_batches,
    validator,
)
from ingest.reader import InputItem
from ingest.refresh import (
    people_of_organization_records,
    people_of_patient_records,
    refresh_patients,
)
from onkopassport.settings import Settings

log = logging.getLogger(__name__)

PatientsChanged = Callable[[list[str]], None]
# Called as each batch is written: the items it held, and the bytes of the input files read
# by then (0 for items already in memory), to compare with ingest.reader.input_size.
Progress = Callable[[int, int], None]


@dataclass
class IngestSummary:
    """What an ingest run did; received = stored + unchanged + quarantined."""

    received: int = 0
    stored: int = 0
    unchanged: int = 0
    quarantined: int = 0
    unclassified: int = 0
    retracted: int = 0
    links_made: int = 0
    taken_over: int = 0  # left `settling` by an interrupted ingest, finished by this one
    reader_peak_rss_mb: float | None = None  # the file reader process's peak memory
    reader_cpu_seconds: float | None = None  # and its CPU time
    people_touched: int = 0
    passports: int = 0
    unmapped_codes: Counter[str] = field(default_factory=Counter)
    unknown_icd10: Counter[str] = field(default_factory=Counter)  # stored, flagged
    by_kind: Counter[str] = field(default_factory=Counter)

    def reconciles(self) -> bool:
        return self.received == self.stored + self.unchanged + self.quarantined

    def as_dict(self) -> dict[str, Any]:
        return {"received": self.received, "stored": self.stored, "unchanged": self.unchanged,
                "quarantined": self.quarantined, "unclassified": self.unclassified,
                "retracted": self.retracted, "linksMade": self.links_made,
                "takenOverFromInterruptedRun": self.taken_over,
                "peopleTouched": self.people_touched, "passports": self.passports,
                "unmappedCodes": dict(self.unmapped_codes),
                "unknownIcd10Codes": dict(self.unknown_icd10)}


class Ingestor:
    """Runs the pipeline on a stream of input items."""

    def __init__(self, graph: Graph, settings: Settings, *, strict: bool = False,
                 on_patients_changed: PatientsChanged | None = None) -> None:
        self.graph = graph
        self.settings = settings
        self.strict = strict
        self.validate = validator(strict)
        self.on_patients_changed = on_patients_changed
        self.summary = IngestSummary()
        # Stored and linked, not yet refreshed: their keys stay `settling` until _settle.
        self._unsettled_keys: list[str] = []
        self._unsettled_people: set[str] = set()
        self._links_due_at_settling: list[str] = []  # see _take_over_unsettled
        # A file ingest writes a batch's links on this thread while the next batch is
        # stored (see _link); None: links are written before the next batch.
        self._linker: ThreadPoolExecutor | None = None
        self._linking: Future[set[str]] | None = None

    def ingest_paths(self, paths: Iterable[Path], source: str | None = None,
                     progress: Progress | None = None) -> IngestSummary:
        """Files and folders: read, validated and classified by a reader process two
        batches ahead (ingest/prepare.py) while this one writes."""
        reader = ReaderProcess(list(paths), source, self.settings.ingest_batch_size,
                               self.strict, self.settings.enp_system)
        self._ingest_prepared(reader, progress)
        self.summary.reader_peak_rss_mb = reader.peak_rss_mb
        self.summary.reader_cpu_seconds = reader.cpu_seconds
        return self.summary

    def ingest_items(self, items: Iterable[InputItem],
                     progress: Progress | None = None) -> IngestSummary:
        """Items already in memory, prepared in this process one batch ahead."""
        return self._ingest_prepared(
            prepared_batches(items, self.settings.ingest_batch_size, self.validate,
                             self.settings.enp_system), progress)

    def _ingest_prepared(self, batches: Iterable[PreparedBatch],
                         progress: Progress | None) -> IngestSummary:
        """Batches in order; while one is written, the next is prepared (the database call
        releases the GIL). At most two batches are in memory here. The people concerned
        are refreshed every `ingest_settle_every` records and at the end."""
        self._take_over_unsettled()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-linker") as linker:
            self._linker = linker
            try:
                pending: Future[list[ItemOutcome]] | None = None
                for prepared in batches:
                    if pending is not None:
                        pending.result()
                    pending = writer.submit(self._store_batch, prepared, settle=False)
                    if progress is not None:
                        pending.add_done_callback(
                            lambda _, batch=prepared: progress(batch.received, batch.read_to))
                if pending is not None:
                    pending.result()
            finally:
                self._linker = None
        self._settle()
        return self.summary

    def ingest_batch(self, batch: list[InputItem]) -> list[ItemOutcome]:
        """One batch, synchronously and settled: the outcome of every item (for POST /fhir,
        replay), with the people concerned refreshed before it returns."""
        prepared = prepare_batch(batch, self.validate, self.settings.enp_system)
        return self._store_batch(prepared, settle=True)

    def _store_batch(self, prepared: PreparedBatch, *, settle: bool) -> list[ItemOutcome]:
        records, quarantined, outcomes = (prepared.records, prepared.quarantined,
                                          prepared.outcomes)
        result = write_batch(self.graph, records, quarantined)
        applied, replaced = set(result.applied), set(result.replaced)
        for outcome in outcomes:
            if outcome.key is not None and outcome.key not in applied:
                outcome.status = "unchanged"
            outcome.replaced = outcome.key in replaced
        self._count(prepared.received, records, quarantined, outcomes)
        self._link(result.patient_record_keys)
        self.summary.links_made += len(result.patient_record_keys)
        self._unsettled_keys.extend(result.to_settle)
        if settle or len(self._unsettled_keys) >= self.settings.ingest_settle_every:
            self._settle()
        return outcomes

    def _take_over_unsettled(self) -> None:
        """Records an interrupted ingest stored but left `settling` are linked and
        refreshed with this run's records, whether or not this run delivers them again."""
        rows = self.graph.read("find_unsettled_records")
        if not rows:
            return
        # Linked at the next settling, after this run's own batches: a record this run
        # delivers again is then linked in input order, as an uninterrupted run links it.
        self._links_due_at_settling = sorted({row["patientRecordKey"] for row in rows
                                              if row["patientRecordKey"]})
        self._unsettled_keys.extend(row["key"] for row in rows)
        self.summary.taken_over += len(rows)
        log.info("%d records left unfinished by an interrupted ingest are finished now",
                 len(rows))

    def _link(self, patient_record_keys: list[str]) -> None:
        """Link the unlinked ones of these PatientRecords (a batch's patient records and the
        subjects of its other records) to people, and note everyone they concern.

        The candidates are read here, after the previous batch's links are written and
        before the next batch is stored, so every decision is the one a strictly serial run
        makes. Deciding and writing the links then overlaps storing the next batch on the
        linker thread (one transaction uses one of the server's cores: this uses the
        other); storing writes no link and reads none, so neither changes what the other
        writes. A deadlock between the two is retried by the driver."""
        self._finish_linking()
        candidates = find_link_candidates(self.graph, patient_record_keys)
        if self._linker is None:
            self._unsettled_people.update(self._write_links(patient_record_keys, candidates))
        else:
            self._linking = self._linker.submit(self._write_links, patient_record_keys,
                                                candidates)

    def _write_links(self, patient_record_keys: list[str],
                     candidates: list[dict[str, Any]]) -> set[str]:
        people = set(write_links(self.graph, candidates, self.settings))
        return people | people_of_patient_records(self.graph, patient_record_keys)

    def _finish_linking(self) -> None:
        """Wait for the links being written (raising what failed there)."""
        if self._linking is not None:
            linking, self._linking = self._linking, None
            self._unsettled_people.update(linking.result())

    def _settle(self) -> None:
        """Refresh the people of the stored records, then clear their `settling` mark."""
        if self._links_due_at_settling:
            self._link(self._links_due_at_settling)
            self._links_due_at_settling = []
        self._finish_linking()
        keys, people = self._unsettled_keys, self._unsettled_people
        if not keys and not people:
            return
        # Read here, not when the batch was stored, so that a run taking over an interrupted
        # one's unsettled Organization records still refreshes the people naming them.
        people |= people_of_organization_records(self.graph, keys)
        touched = refresh_patients(self.graph, sorted(people),
                                   self.settings.ingest_refresh_threads)
        # Only now are these records done: a kill before this line leaves them `settling`;
        # the next file ingest finishes them (_take_over_unsettled), and so does
        # re-delivering them (ingest/load.py).
        settle_records(self.graph, keys)
        self._unsettled_keys, self._unsettled_people = [], set()
        self.summary.people_touched += len(touched.patient_ids)
        self.summary.passports += touched.new_passports
        if self.on_patients_changed is not None and touched.derived_due:
            self.on_patients_changed(touched.derived_due)

    def check(self, item: InputItem) -> str | None:
        """Why an item would be quarantined, or None when it is usable (nothing written)."""
        prepared = prepare_item(item, self.validate, self.settings.enp_system)
        return prepared.reason if isinstance(prepared, QuarantineItem) else None

    def _count(self, received: int, records: list[tuple[Classified, str]],
               quarantined: list[QuarantineItem], outcomes: list[ItemOutcome]) -> None:
        s = self.summary
        s.received += received
        s.quarantined += len(quarantined)
        s.stored += sum(1 for o in outcomes if o.status == "stored")
        s.unchanged += sum(1 for o in outcomes if o.status == "unchanged")
        for record, _ in records:
            s.by_kind[record.kind] += 1
            s.unclassified += record.kind == "other"
            s.retracted += bool(record.props.get("retracted"))
            s.unmapped_codes.update(record.unmapped_codes)
            s.unknown_icd10.update(record.unknown_icd10)


__all__ = ["IngestSummary", "Ingestor", "ItemOutcome", "iterate_items"]
