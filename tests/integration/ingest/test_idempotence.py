"""The same data twice → the same graph; an ingest killed midway and re-run → the same graph."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from graph.database import Graph, batched
from ingest import identity, pipeline
from ingest import refresh as ingest_refresh
from ingest.load import write_batch
from ingest.pipeline import Ingestor
from ingest.prepare import iterate_items, prepare_batch, validator
from onkopassport.orchestration import full_ingestor
from onkopassport.settings import Settings
from synth import generate_region
from tests.integration.conftest import empty_graph

BATCH = 100
# Wall-clock stamps (ingest time, link time) legitimately differ between two runs.
VOLATILE_SUFFIX = "At"


def graph_checksum(graph: Graph) -> tuple[int, int, str]:
    nodes = graph.read_text("""
        MATCH (n)
        RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props""")
    canonical: dict[str, str] = {}
    for node in nodes:
        props = {k: str(v) for k, v in node["props"].items() if not k.endswith(VOLATILE_SUFFIX)}
        canonical[node["id"]] = f"{sorted(node['labels'])}{sorted(props.items())}"
    relationships = graph.read_text("""
        MATCH (a)-[r]->(b)
        RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b""")
    edges = sorted(
        f"{canonical[r['a']]}-{r['type']}"
        f"{sorted((k, str(v)) for k, v in r['props'].items() if not k.endswith(VOLATILE_SUFFIX))}"
        f"->{canonical[r['b']]}" for r in relationships)
    digest = hashlib.sha256()
    for line in sorted(canonical.values()) + edges:
        digest.update(line.encode())
    return len(nodes), len(relationships), digest.hexdigest()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region")
    generate_region(patients=80, seed=11, out_dir=out)
    return out


def _cli_ingest(region: Path, settings: Settings) -> subprocess.Popen[bytes]:
    # Small batches: many transactions, so the kill lands between two of them.
    env = {**os.environ, "ONKO_INGEST_BATCH_SIZE": "20",
           "ONKO_DATA_DIR": str(settings.data_dir),
           "ONKO_NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port)}
    return subprocess.Popen([sys.executable, "-m", "onkopassport.cli", "ingest", str(region)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _ingest_in_process(graph: Graph, settings: Settings, region: Path) -> None:
    ingestor = full_ingestor(graph, settings.model_copy(update={"ingest_batch_size": BATCH}))
    ingestor.ingest_paths([region])


def test_same_data_twice_leaves_an_identical_graph(graph: Graph, settings: Settings,
                                                   region: Path) -> None:
    _ingest_in_process(graph, settings, region)
    once = graph_checksum(graph)
    _ingest_in_process(graph, settings, region)
    assert graph_checksum(graph) == once
    assert once[0] > 500


def test_links_written_beside_the_next_batch_and_refresh_threads_change_nothing(
        graph: Graph, settings: Settings, region: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file ingest writes a batch's links on a thread of their own while the next batch
    is stored, and refreshes people on several threads: the graph equals the one of a
    strictly serial run (batch by batch as `POST /fhir` stores them: each linked and
    settled before the next is stored; one refresh thread)."""
    monkeypatch.setattr(ingest_refresh, "_REFRESH_BATCH", 7)  # many refresh chunks
    serial = Ingestor(graph, settings.model_copy(update={"ingest_refresh_threads": 1}))
    for batch in batched(iterate_items([region], None), BATCH):
        serial.ingest_batch(batch)
    serial_graph = graph_checksum(graph)

    empty_graph(graph)
    threads_writing_links: set[str] = set()
    threads_refreshing: set[str] = set()

    def write_links(*args: Any, **kwargs: Any) -> list[str]:
        threads_writing_links.add(threading.current_thread().name)
        return identity.write_links(*args, **kwargs)

    def refresh_chunk(*args: Any, **kwargs: Any) -> tuple[list[str], int]:
        threads_refreshing.add(threading.current_thread().name)
        return refresh_one_chunk(*args, **kwargs)

    refresh_one_chunk = ingest_refresh._refresh_chunk
    monkeypatch.setattr(pipeline, "write_links", write_links)
    monkeypatch.setattr(ingest_refresh, "_refresh_chunk", refresh_chunk)
    overlapped = settings.model_copy(update={"ingest_batch_size": BATCH,
                                             "ingest_refresh_threads": 2})
    Ingestor(graph, overlapped).ingest_paths([region])
    assert {name.rsplit("_", 1)[0] for name in threads_writing_links} == {"ingest-linker"}
    assert len(threads_refreshing) == 2
    assert graph_checksum(graph) == serial_graph


def test_killed_ingest_rerun_converges(graph: Graph, settings: Settings, region: Path) -> None:
    _ingest_in_process(graph, settings, region)
    uninterrupted = graph_checksum(graph)

    empty_graph(graph)
    victim = _cli_ingest(region, settings)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        stored = graph.read_text("MATCH (r:Record) RETURN count(r) AS n")[0]["n"]
        if stored > 100:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    partial = graph_checksum(graph)
    assert partial != uninterrupted, "the kill came too late to interrupt anything"

    _ingest_in_process(graph, settings, region)
    assert graph_checksum(graph) == uninterrupted


def test_records_written_before_a_crash_are_linked_and_refreshed_when_delivered_again(
        graph: Graph, settings: Settings, region: Path) -> None:
    """The state a kill leaves right after a batch's transaction, made on purpose: records
    stored (and marked settling) but neither linked to a person nor refreshed. Delivering
    the same data again finishes those steps, so the graph equals an uninterrupted run."""
    _ingest_in_process(graph, settings, region)
    uninterrupted = graph_checksum(graph)

    empty_graph(graph)
    first_batch = list(islice(iterate_items([region], None), 400))
    prepared = prepare_batch(first_batch, validator(strict=False))
    written = write_batch(graph, prepared.records, prepared.quarantined)
    assert written.applied and not written.unsettled
    settling = graph.read_text("MATCH (r:Record) WHERE r.settling RETURN count(r) AS n")
    assert settling[0]["n"] == len(written.applied)
    assert graph.read_text("MATCH (p:Passport) RETURN count(p) AS n")[0]["n"] == 0

    _ingest_in_process(graph, settings, region)
    assert graph.read_text("MATCH (r:Record) WHERE r.settling RETURN count(r) AS n")[0]["n"] == 0
    assert graph_checksum(graph) == uninterrupted


def test_settling_every_few_records_or_once_at_the_end_gives_the_same_graph(
        graph: Graph, settings: Settings, region: Path) -> None:
    """People are refreshed once per `ingest_settle_every` records: refreshing them more
    often (each time with part of their records) ends in the same graph, and every
    settling hands the passports it refreshed to the route layer."""
    _ingest_in_process(graph, settings, region)  # one settling, at the end
    settled_once = graph_checksum(graph)

    empty_graph(graph)
    often = settings.model_copy(update={"ingest_batch_size": 20, "ingest_settle_every": 50})
    handed_over: list[list[str]] = []
    route_refresh = full_ingestor(graph, often).on_patients_changed
    assert route_refresh is not None

    def refresh_routes_and_count(patient_ids: list[str]) -> None:
        handed_over.append(patient_ids)
        route_refresh(patient_ids)

    Ingestor(graph, often, on_patients_changed=refresh_routes_and_count).ingest_paths([region])
    assert len(handed_over) > 5
    assert graph_checksum(graph) == settled_once


def test_the_next_ingest_finishes_records_an_interrupted_one_left_settling(
        graph: Graph, settings: Settings, region: Path, tmp_path: Path) -> None:
    """Without the records being delivered again: the next file ingest links and refreshes
    what a killed ingest stored. The same people (the same records each), passports and
    tumours as when they were ingested whole; only which record founded a person, and so
    the person's id, may differ, because the input order is not known any more."""
    items = list(islice(iterate_items([region], None), 400))
    one_batch = settings.model_copy(update={"ingest_batch_size": len(items)})
    empty_graph(graph)
    full_ingestor(graph, one_batch).ingest_items(items)
    whole = _people_and_derived(graph)

    empty_graph(graph)
    prepared = prepare_batch(items, validator(strict=False))
    written = write_batch(graph, prepared.records, prepared.quarantined)  # then the kill
    assert graph.read_text("MATCH (p:Passport) RETURN count(p) AS n")[0]["n"] == 0

    nothing_new = tmp_path / "nothing-new.ndjson"
    nothing_new.write_text("", encoding="utf-8")
    summary = full_ingestor(graph, one_batch).ingest_paths([nothing_new])

    assert summary.received == 0
    assert summary.taken_over == len(written.applied)
    assert graph.read_text("MATCH (r:Record) WHERE r.settling RETURN count(r) AS n")[0]["n"] == 0
    assert _people_and_derived(graph) == whole
    assert whole[1] > 0, "the first records must make passports, or nothing is compared"


def _people_and_derived(graph: Graph) -> tuple[list[list[str]], int, int, int]:
    """Each person as the sorted keys of their records; passports, tumours, deadlines."""
    people = graph.read_text("""
        MATCH (p:Patient)<-[:BELONGS_TO]-(r:PatientRecord)
        WITH p, r.key AS key ORDER BY key
        RETURN collect(key) AS keys""")
    counts = graph.read_text("""
        RETURN COUNT { (:Passport) } AS passports, COUNT { (:Tumor) } AS tumors,
               COUNT { (:Deadline) } AS deadlines""")[0]
    return (sorted(row["keys"] for row in people), counts["passports"], counts["tumors"],
            counts["deadlines"])
