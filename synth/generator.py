"""Generate a region: people in shards across processes, files written in shard order.

Memory stays flat with N: a worker turns one shard of people into bytes (NDJSON lines per
source, ground-truth rows, indicator counters) and the parent appends them to the files,
keeping at most a few shards in flight. Every person draws from their own seeded random
generator, so the bytes do not depend on the number of workers.
"""

from __future__ import annotations

import csv
import gzip as gzip_module
import io
import logging
import multiprocessing
import os
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import orjson

from domain.calendar import default_calendar
from synth.pathway import Context
from synth.region import (
    ALL_SOURCES,
    BUNDLE_SOURCES,
    REGISTRY_SOURCE,
    build_region,
    organisation_resources,
    routing_csv,
)
from synth.story import simulate_person
from synth.truth import indicators_from_counters

log = logging.getLogger(__name__)

DEFAULT_AS_OF = date(2026, 11, 1)
HISTORY_YEARS = 10
SHARD_SIZE = 500
RECORD_COLUMNS = ("key", "source", "resource_type", "id", "person_id", "versions",
                  "retracted", "broken")


@dataclass
class RegionSummary:
    """What was generated: counts and where the files are."""

    out_dir: Path
    patients: int
    seed: int
    as_of: date
    resources: int = 0
    lines: int = 0
    broken: int = 0
    lines_per_source: dict[str, int] = field(default_factory=dict)
    organisations: int = 0


@dataclass
class ShardResult:
    """Bytes and counts produced by one shard of people."""

    lines: dict[str, bytes]
    line_counts: dict[str, int]
    resource_count: int  # lines, but a transaction Bundle line counts its entries
    broken: list[tuple[str, int, dict[str, Any]]]  # source, line number in shard, info
    records_csv: str
    patients_jsonl: bytes
    counters: Counter[str]
    people: int


@lru_cache(maxsize=4)
def make_context(patients: int, as_of: date) -> Context:
    """The region and calendar (built once per process)."""
    window_start = date(as_of.year - HISTORY_YEARS, as_of.month, 1)
    return Context(build_region(patients), default_calendar(), as_of, window_start)


ShardTask = tuple[int, int, int, int, date, bool]


def simulate_shard(task: ShardTask) -> ShardResult:
    """People [first, stop) of a region of `patients` people."""
    seed, patients, first, stop, as_of, compress = task
    ctx = make_context(patients, as_of)
    counters: Counter[str] = Counter()
    in_order: dict[str, list[bytes]] = {s: [] for s in ALL_SOURCES}
    late: dict[str, list[bytes]] = {s: [] for s in ALL_SOURCES}
    broken: list[tuple[str, int, dict[str, Any]]] = []
    records = io.StringIO()
    writer = csv.writer(records, lineterminator="\n")
    truths: list[bytes] = []
    resource_count = 0
    for index in range(first, stop):
        result = simulate_person(index, seed, ctx, patients, counters)
        sink = result.sink
        for source in sorted(sink.sources):
            lines, late_lines, broken_here = sink.serialised(source)
            resource_count += len(lines) + len(late_lines)
            if source in BUNDLE_SOURCES:
                lines, late_lines = [_transaction_bundle(lines + late_lines, index)], []
            for position, info in broken_here:
                broken.append((source, len(in_order[source]) + position + 1, vars(info)))
            in_order[source].extend(lines)
            late[source].extend(late_lines)
        for key, row in sink.rows.items():
            writer.writerow((key, row.handle.source, row.handle.resource_type, row.handle.id,
                             sink.person.person_id, row.versions, int(row.retracted),
                             row.broken))
        truths.append(orjson.dumps(result.truth_line))
    out = {s: b"".join(line + b"\n" for line in in_order[s] + late[s]) for s in ALL_SOURCES}
    if compress:
        # each shard is one gzip member; concatenated members are one valid gzip file
        # (RFC 1952), and compressing here spreads the work over the workers
        out = {s: gzip_module.compress(data, compresslevel=6, mtime=0)
               for s, data in out.items()}
    counts = {s: len(in_order[s]) + len(late[s]) for s in ALL_SOURCES}
    return ShardResult(out, counts, resource_count, broken, records.getvalue(),
                       b"".join(t + b"\n" for t in truths), counters, stop - first)


def _transaction_bundle(lines: list[bytes], person_index: int) -> bytes:
    """One person's records of a source as a transaction Bundle (fhir-input.md, Transport).

    Every other Bundle points at its Patient by the entry's `urn:uuid:` fullUrl instead of
    `Patient/<id>`, as Bundle-sending MIS do; the uuid is derived from the record key.
    """
    resources = [orjson.loads(line) for line in lines]
    full_urls = {f"{r['resourceType']}/{r['id']}": "urn:uuid:" + str(uuid.uuid5(
        uuid.NAMESPACE_URL, f"{r['meta']['source']}|{r['resourceType']}|{r['id']}"))
        for r in resources}
    use_uuid = person_index % 2 == 0
    entries = []
    for resource in resources:
        if use_uuid:
            for field in ("subject", "patient"):
                target = resource.get(field, {}).get("reference")
                if target in full_urls:
                    resource[field] = {"reference": full_urls[target]}
        entries.append({"fullUrl": full_urls[f"{resource['resourceType']}/{resource['id']}"],
                        "resource": resource,
                        "request": {"method": "PUT",
                                    "url": f"{resource['resourceType']}/{resource['id']}"}})
    first = resources[0]
    bundle_id = full_urls[f"{first['resourceType']}/{first['id']}"]
    return orjson.dumps({"resourceType": "Bundle", "id": f"tx-{bundle_id[-12:]}",
                         "type": "transaction", "entry": entries})


class OutputFiles:
    """All output files of a region, open for appending in shard order."""

    def __init__(self, out_dir: Path, compress: bool) -> None:
        self.out_dir = out_dir
        truth = out_dir / "ground_truth"
        truth.mkdir(parents=True, exist_ok=True)
        suffix = ".ndjson.gz" if compress else ".ndjson"
        self.sources = {s: (out_dir / f"{s}{suffix}").open("wb") for s in ALL_SOURCES}
        self.records = (truth / "records.csv").open("w", encoding="utf-8", newline="")
        self.records.write(",".join(RECORD_COLUMNS) + "\n")
        self.patients = (truth / "patients.jsonl").open("wb")
        self.broken = (truth / "broken.jsonl").open("wb")
        self.line_counts = dict.fromkeys(ALL_SOURCES, 0)
        self.suffix = suffix

    def append(self, shard: ShardResult, summary: RegionSummary) -> None:
        """Write one shard and renumber its broken lines to file line numbers."""
        for source, payload in shard.lines.items():
            self.sources[source].write(payload)
        for source, line, info in shard.broken:
            entry = {"source": source, "file": f"{source}{self.suffix}",
                     "line": self.line_counts[source] + line, **info}
            self.broken.write(orjson.dumps(entry) + b"\n")
            summary.broken += 1
        for source, count in shard.line_counts.items():
            self.line_counts[source] += count
        summary.resources += shard.resource_count
        self.records.write(shard.records_csv)
        self.patients.write(shard.patients_jsonl)

    def close(self) -> None:
        """Flush and close everything."""
        handles: list[IO[Any]] = [*self.sources.values(), self.records, self.patients,
                                   self.broken]
        for handle in handles:
            handle.close()


def _shard_tasks(seed: int, patients: int, as_of: date, compress: bool) -> Iterator[ShardTask]:
    for first in range(0, patients, SHARD_SIZE):
        yield seed, patients, first, min(patients, first + SHARD_SIZE), as_of, compress


def _run_shards(seed: int, patients: int, as_of: date, workers: int,
                compress: bool) -> Iterator[ShardResult]:
    """Shard results in order; at most 2 × workers shards in flight (flat memory)."""
    tasks = _shard_tasks(seed, patients, as_of, compress)
    if workers <= 1:
        yield from map(simulate_shard, tasks)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: deque[Any] = deque()
        for task in tasks:
            pending.append(pool.apply_async(simulate_shard, (task,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def generate_region(patients: int, seed: int, out_dir: Path, gzip: bool = False,
                    progress: Callable[[int], None] | None = None, *,
                    as_of: date = DEFAULT_AS_OF, workers: int | None = None) -> RegionSummary:
    """Write a synthetic region of `patients` people into `out_dir`.

    `progress` is called with the number of people just finished (an increment).
    `as_of` is "today" of the region; nothing is dated after it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or min(2, os.cpu_count() or 1)
    ctx = make_context(patients, as_of)
    summary = RegionSummary(out_dir, patients, seed, as_of)
    files = OutputFiles(out_dir, gzip)
    _write_registry(ctx, out_dir, summary, files)
    counters: Counter[str] = Counter()
    try:
        for shard in _run_shards(seed, patients, as_of, workers, gzip):
            files.append(shard, summary)
            counters.update(shard.counters)
            if progress:
                progress(shard.people)
    finally:
        files.close()
    summary.lines_per_source = dict(files.line_counts)
    summary.lines = sum(files.line_counts.values())
    # what an ingest of the region receives: a transaction Bundle line is its entries
    summary.resources += summary.organisations
    indicators = indicators_from_counters(counters, ctx.window_start.year, as_of)
    (out_dir / "ground_truth" / "indicators.json").write_bytes(
        orjson.dumps(indicators, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    _write_manifest(summary)
    log.info("generated %d lines for %d people in %s", summary.lines, patients, out_dir)
    return summary


def _write_registry(ctx: Context, out_dir: Path, summary: RegionSummary,
                    files: OutputFiles) -> None:
    """organizations.ndjson (source frmo), routing.csv, and the registry's records.csv rows
    (no person: `person_id` empty)."""
    registered = f"{(ctx.window_start - timedelta(days=30)).isoformat()}T09:00:00+03:00"
    resources = organisation_resources(ctx.region, registered)
    (out_dir / "organizations.ndjson").write_bytes(
        b"".join(orjson.dumps(r) + b"\n" for r in resources))
    (out_dir / "routing.csv").write_text(routing_csv(ctx.region), encoding="utf-8")
    summary.organisations = len(resources)
    for r in resources:
        key = f"{REGISTRY_SOURCE}|{r['resourceType']}|{r['id']}"
        files.records.write(f"{key},{REGISTRY_SOURCE},{r['resourceType']},{r['id']},,1,0,\n")


def _write_manifest(summary: RegionSummary) -> None:
    manifest = {"patients": summary.patients, "seed": summary.seed,
                "as_of": summary.as_of.isoformat(), "registry_source": REGISTRY_SOURCE,
                "resources": summary.resources, "lines": summary.lines,
                "broken": summary.broken, "lines_per_source": summary.lines_per_source,
                "organisation_resources": summary.organisations}
    (summary.out_dir / "manifest.json").write_bytes(
        orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
