"""Benchmark of the VIMIS outbox: build СЭМД and queue them in Neo4j, messages per second.

Seeds `--patients` passport patients with seven VIMIS records each (source `bench-vimis`,
so it removes only its own data), then times `vimis.outbox.enqueue` end to end: reading the
records, building and validating nothing extra, writing the messages. A second run shows
the idempotent re-run (nothing queued). Point it at a scratch database, e.g.
``ONKO_DATA_DIR=.onkopassport/test-vimis ONKO_NEO4J_BOLT_PORT=7704 python bench/vimis.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.database import Graph, batched  # noqa: E402
from onkopassport.settings import Settings  # noqa: E402
from vimis.outbox import enqueue  # noqa: E402

SOURCE = "bench-vimis"
ORGANIZATION = "1.2.643.5.1.13.13.12.2.77.9901"
RECORDS = (("referral", 1), ("instrumental", 2), ("laboratory", 3), ("pathology", 4),
           ("tumor-board", 6), ("hospitalization", 8), ("surgery", 10))

CLEAN = """
MATCH (n) WHERE n.source = $source OR n.patientId STARTS WITH $source
   OR n.recordKey STARTS WITH $source OR n.tumorId STARTS WITH $source
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
SEED = """
MERGE (o:Organization {oid: $oid}) SET o.name = 'Бенчмарк-диспансер'
WITH o
UNWIND $rows AS row
MERGE (p:Patient:Passport {patientId: row.patientId})
SET p.family = row.family, p.given = 'Анна', p.patronymic = 'Сергеевна', p.sex = 'female',
    p.birthDate = date('1961-02-03'), p.snils = '11223344595', p.district = 'Центральный'
MERGE (pr:Record:PatientRecord {key: $source + '|Patient|' + row.patientId})
SET pr.source = $source, pr.kind = 'patient'
MERGE (pr)-[:BELONGS_TO]->(p)
MERGE (t:Tumor {tumorId: row.patientId + '|C50|1'})
SET t.icd10 = 'C50.4', t.stage = 'II', t.t = '2', t.n = '0', t.m = '0',
    t.morphology = '8500/3', t.clinicalGroup = 'II'
MERGE (p)-[:HAS_TUMOR]->(t)
WITH o, p, pr, t, row
UNWIND row.records AS rec
MERGE (r:Record {key: rec.key})
SET r.source = $source, r.kind = rec.kind, r.vimisDocType = rec.docType,
    r.date = rec.date, r.icd10 = 'C50.4', r.retracted = false, r.placeholder = false,
    r.text = 'Заключение ' + rec.key
MERGE (r)-[:SUBJECT]->(pr)
MERGE (r)-[:AT]->(o)
MERGE (r)-[:CONCERNS]->(t)
"""


def seed(graph: Graph, patients: int) -> list[str]:
    _clean(graph)
    ids = [f"{SOURCE}-{n:06d}" for n in range(patients)]
    rows = [{"patientId": pid, "family": f"Пациентова{n}", "records": [
        {"key": f"{SOURCE}|Encounter|{pid}-{kind}", "kind": kind, "docType": doc_type,
         "date": date(2025, 1, 1) + timedelta(days=step * 5 + n % 30)}
        for step, (kind, doc_type) in enumerate(RECORDS)]} for n, pid in enumerate(ids)]
    for batch in batched(rows, 250):
        graph.write_text(SEED, rows=batch, oid=ORGANIZATION, source=SOURCE)
    return ids


def _clean(graph: Graph) -> None:
    # CALL … IN TRANSACTIONS needs an implicit transaction, not a managed one.
    with graph.driver.session(database=graph.database) as session:
        session.run(CLEAN, source=SOURCE).consume()


def server_cpu_seconds(settings: Settings) -> float:
    """CPU time the local Neo4j has used so far (0 when it is not ours to measure)."""
    if not settings.uses_local_neo4j:
        return 0.0
    from graph.local_server import LocalNeo4j

    pid = LocalNeo4j(settings).running_pid()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=750, help="7 messages per patient")
    args = parser.parse_args()
    settings = Settings()
    graph = Graph.connect(settings)
    try:
        ids = seed(graph, args.patients)
        now = datetime.now(UTC)
        server = server_cpu_seconds(settings)
        wall, cpu = time.perf_counter(), time.process_time()
        report = enqueue(graph, settings, now, patient_ids=ids)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server = server_cpu_seconds(settings) - server
        print(f"queued {report.queued} VIMIS messages in {wall:.2f} s wall: "
              f"{report.queued / wall:.0f} messages/s")
        print(f"CPU: {cpu:.2f} s in this process, {server:.2f} s in Neo4j; on an otherwise idle "
              f"machine that is >= {report.queued / (cpu + server):.0f} messages/s even "
              f"without overlap (load average now {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores)")
        server = server_cpu_seconds(settings)
        again = time.perf_counter()
        rerun = enqueue(graph, settings, now, patient_ids=ids)
        again = time.perf_counter() - again
        server = server_cpu_seconds(settings) - server
        print(f"re-run: {rerun.candidates} records checked, {rerun.queued} queued "
              f"in {again:.2f} s ({rerun.candidates / again:.0f} records/s; "
              f"{server:.2f} s CPU in Neo4j)")
        _clean(graph)
    finally:
        graph.close()


if __name__ == "__main__":
    main()
