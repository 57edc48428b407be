"""Ingest speed: (a) the whole pipeline, (b) the same rows written by the UNWIND batches
alone — the database's own limit here — and (c) a naive one-query-per-resource loop.

Prints resources/s for each, the ratios a/b and a/c, peak memory of the pipeline's two
processes (the loader, and the reader that parses and classifies) at two input sizes
(memory must stay flat: input is streamed), what keeping the records of people who
never trigger costs (their share of records and of store size), and the CPU time per
resource of the reader, the loader and Neo4j in (a): the cores divided by their sum is the
most this machine can ingest per second, whatever runs in parallel.

    python bench/ingest.py --people 20000        # uses the settings' Neo4j (NEO4J_URI or local)

The graph is emptied first: run it against a scratch server, not the demo's.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neo4j import ManagedTransaction, Record, Result, ResultSummary

from graph.database import Graph, batched, run_named
from graph.local_server import LocalNeo4j
from graph.queries import load_query
from graph.schema import apply_schema
from ingest import load as load_module
from ingest.classify import Classified
from ingest.load import QuarantineItem, record_row, write_batch
from ingest.pipeline import Ingestor
from ingest.prepare import iterate_items, prepare_item
from ingest.validate import validate_fast
from onkopassport.settings import Settings
from synth import generate_region

NAIVE_QUERY = """
MERGE (r:Record {key: $key})
SET r += $props, r.rank = $rank, r.resource = $resource
WITH r
OPTIONAL MATCH (s:Record {key: $subject})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | MERGE (r)-[:SUBJECT]->(s))
"""


def empty(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class PipelineRun:
    resources: int
    seconds: float
    reader_peak_rss_mb: float
    # CPU seconds of each process: the reader, the loader (this one) and Neo4j (None when
    # the server is not this machine's local one)
    reader_cpu: float
    loader_cpu: float
    neo4j_cpu: float | None


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of another process on this machine (from /proc)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_pipeline(graph: Graph, settings: Settings, region: Path,
                 neo4j_pid: int | None) -> PipelineRun:
    empty(graph)
    loader_before, neo4j_before = own_cpu_seconds(), process_cpu_seconds(neo4j_pid)
    started = time.perf_counter()
    summary = Ingestor(graph, settings).ingest_paths([region])
    seconds = time.perf_counter() - started
    loader_cpu, neo4j_after = own_cpu_seconds() - loader_before, process_cpu_seconds(neo4j_pid)
    return PipelineRun(
        summary.received, seconds, summary.reader_peak_rss_mb or 0.0,
        summary.reader_cpu_seconds or 0.0, loader_cpu,
        None if neo4j_before is None or neo4j_after is None else neo4j_after - neo4j_before)


KEY_ONLY_NODES = "UNWIND $rows AS row MERGE (:Record {key: row.key})"


def run_node_floor(graph: Graph, settings: Settings,
                   prepared: list[tuple[Classified, str]]) -> tuple[float, float]:
    """What creating the record nodes alone costs this server (resources/s): with the key
    only, and as the loader's create_records does (properties and raw JSON)."""
    rows = [record_row(record, raw) for record, raw in prepared]
    # The key-only run sends the keys alone: sending whole rows it would measure the
    # transfer of every record's JSON (it did, and read as a floor four times too low).
    key_rows = [{"key": row["key"]} for row in rows]
    rates = []
    for text, sent in ((KEY_ONLY_NODES, key_rows), (load_query("create_records"), rows)):
        empty(graph)
        started = time.perf_counter()
        for batch in batched(sent, settings.ingest_batch_size):
            graph.execute_write(lambda tx, b=batch, t=text: tx.run(t, rows=b).consume())
        rates.append(len(sent) / (time.perf_counter() - started))
    return rates[0], rates[1]


def prepare_all(region: Path) -> list[tuple[Classified, str]]:
    """Every usable record of the region, prepared as the pipeline prepares it."""
    return [prepared for item in iterate_items([region])
            if not isinstance(prepared := prepare_item(item, validate_fast), QuarantineItem)]


class _TimedResult:
    """A query's result that adds, once read, the seconds since it was sent to `seconds`."""

    def __init__(self, seconds: defaultdict[str, float], name: str, started: float,
                 result: Result) -> None:
        self.seconds, self.name, self.started, self.result = seconds, name, started, result

    def _stop(self) -> None:
        self.seconds[self.name] += time.perf_counter() - self.started

    def consume(self) -> ResultSummary:
        summary = self.result.consume()
        self._stop()
        return summary

    def __iter__(self) -> Iterator[Record]:
        rows = list(self.result)
        self._stop()
        return iter(rows)


class QueryClock:
    """Seconds spent in each named query of the loader, from sending it to its last row.

    Installed in place of `ingest.load.run_named` for (b) only, so what (b) spends is
    told query by query; the rest of a batch is building rows and the commit."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def __enter__(self) -> QueryClock:
        def timed_run_named(tx: ManagedTransaction, name: str, **params: Any) -> _TimedResult:
            started = time.perf_counter()
            return _TimedResult(self.seconds, name, started, run_named(tx, name, **params))

        load_module.run_named = timed_run_named  # type: ignore[assignment]
        return self

    def __exit__(self, *_: object) -> None:
        load_module.run_named = run_named


def run_unwind_only(graph: Graph, settings: Settings, prepared: list[tuple[Classified, str]]
                    ) -> tuple[int, float, dict[str, float]]:
    """The loader's UNWIND writes alone, on records classified beforehand (untimed)."""
    empty(graph)
    with QueryClock() as clock:
        started = time.perf_counter()
        for batch in batched(prepared, settings.ingest_batch_size):
            write_batch(graph, batch, [])
        seconds = time.perf_counter() - started
    return len(prepared), seconds, clock.seconds


def run_naive(graph: Graph, region: Path, limit: int) -> tuple[int, float]:
    empty(graph)
    done = 0
    started = time.perf_counter()
    with graph.driver.session(database=graph.database) as session:
        for item in iterate_items([region]):
            prepared = prepare_item(item, validate_fast)
            if isinstance(prepared, QuarantineItem):
                continue  # the pipeline quarantines these; the loop writes usable ones only
            record, resource = prepared
            session.run(NAIVE_QUERY, key=record.key, rank=record.rank,
                        props={k: v for k, v in record.props.items() if v is not None},
                        resource=resource,
                        subject=record.subject.key if record.subject else None).consume()
            done += 1
            if done >= limit:
                break
    return done, time.perf_counter() - started


def untriggered_cost(graph: Graph) -> dict[str, float]:
    rows = graph.read_text("""
        MATCH (r:Record {placeholder: false})
        OPTIONAL MATCH (r)-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Patient)
        OPTIONAL MATCH (r:PatientRecord)-[:BELONGS_TO]->(q:Patient)
        WITH r, coalesce(p, q) AS person
        RETURN count(r) AS records,
               count(CASE WHEN person IS NOT NULL AND NOT person:Passport THEN 1 END)
                 AS untriggered,
               sum(CASE WHEN person IS NOT NULL AND NOT person:Passport
                        THEN size(r.resource) ELSE 0 END) AS untriggeredBytes,
               sum(size(coalesce(r.resource, ''))) AS bytes""")[0]
    return rows


def print_cpu_budget(run: PipelineRun) -> None:
    """CPU per resource of each process of (a): with every core busy, the machine cannot
    ingest faster than its cores divided by their sum, however the work is overlapped."""
    per_resource = {"reader": run.reader_cpu, "loader": run.loader_cpu}
    if run.neo4j_cpu is not None:
        per_resource["Neo4j"] = run.neo4j_cpu
    per_resource = {name: seconds * 1000 / run.resources for name, seconds in per_resource.items()}
    total = sum(per_resource.values())
    cores = os.cpu_count() or 1
    parts = ", ".join(f"{name} {ms:.3f}" for name, ms in per_resource.items())
    print(f"CPU per resource in (a), ms: {parts}; total {total:.3f} -> with all {cores} cores "
          f"busy at most {cores * 1000 / total:.0f} resources/s"
          + ("" if run.neo4j_cpu is not None else " (Neo4j's share not measured: remote)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--naive", type=int, default=3000, help="resources for the naive loop")
    parser.add_argument("--warmup", type=int, default=4, choices=range(1, 10),
                        help="unmeasured runs of the half-size region first")
    args = parser.parse_args()
    settings = Settings()
    neo4j_pid = None
    if settings.uses_local_neo4j:
        server = LocalNeo4j(settings)
        server.start()
        neo4j_pid = server.running_pid()
    graph = Graph.connect(settings)
    apply_schema(graph)
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        generate_region(patients=args.people // 2, seed=1, out_dir=small)
        generate_region(patients=args.people, seed=1, out_dir=large)

        # Neo4j's JIT compiles its write paths over the first minutes: the first ingest
        # after a start ran at half the speed of the third. The half-size runs warm it up
        # (a deployed server runs for weeks) and give the memory figure at half the input.
        # Two were not enough: Neo4j then still spent 1.0-1.1 ms of CPU per resource in
        # (a), 0.7 ms after four, and (b) and (c), measured after (a), ran on the warmer
        # server.
        warmup_rates = []
        for _ in range(args.warmup):
            small_run = run_pipeline(graph, settings, small, neo4j_pid)
            warmup_rates.append(small_run.resources / small_run.seconds)
        rss_small = peak_rss_mb()
        run = run_pipeline(graph, settings, large, neo4j_pid)
        rss_large = peak_rss_mb()
        n, t_pipeline = run.resources, run.seconds
        cost = untriggered_cost(graph)
        prepared = prepare_all(large)
        n_unwind, t_unwind, query_seconds = run_unwind_only(graph, settings, prepared)
        key_only_rate, create_records_rate = run_node_floor(graph, settings, prepared)
        del prepared
        n_naive, t_naive = run_naive(graph, large, args.naive)
    graph.close()
    a, b, c = n / t_pipeline, n_unwind / t_unwind, n_naive / t_naive
    print(f"server: {settings.neo4j_uri or 'local'}; people {args.people}, resources {n}")
    print("warm-up, the half-size region through the pipeline: "
          + ", ".join(f"{rate:.0f}" for rate in warmup_rates) + " resources/s")
    print(f"(a) whole pipeline       {a:10.0f} resources/s  ({n} in {t_pipeline:.1f} s)")
    print(f"(b) UNWIND batches alone {b:10.0f} resources/s  ({n_unwind} in {t_unwind:.1f} s)")
    print("    of (b), each query's seconds: " + ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in sorted(
            query_seconds.items(), key=lambda item: item[1], reverse=True))
        + f"; building rows and commits {t_unwind - sum(query_seconds.values()):.2f}")
    print(f"(c) one query/resource   {c:10.0f} resources/s  ({n_naive} in {t_naive:.1f} s)")
    print(f"the server's floor: one node per resource with its key only {key_only_rate:.0f}/s, "
          f"with its properties and JSON (create_records alone) {create_records_rate:.0f}/s")
    print(f"a/b = {a / b:.2f}   a/c = {a / c:.1f}")
    print(f"peak RSS of the loader: {rss_small:.0f} MB after {small_run.resources} resources, "
          f"{rss_large:.0f} MB after {n} resources; of the reader process: "
          f"{small_run.reader_peak_rss_mb:.0f} MB and {run.reader_peak_rss_mb:.0f} MB")
    print_cpu_budget(run)
    share = cost["untriggered"] / max(cost["records"], 1)
    print(f"records of people who never triggered: {cost['untriggered']} of {cost['records']} "
          f"({share:.0%}), {cost['untriggeredBytes'] / 2**20:.1f} MB of "
          f"{cost['bytes'] / 2**20:.1f} MB raw JSON kept")


if __name__ == "__main__":
    main()
