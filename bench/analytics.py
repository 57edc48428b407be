"""Benchmark analytics on a region of ≥ 100 000 passport patients: form No. 7 for a year
(target < 3 s) and the authority's dashboard (target < 1 s).

Setup writes the region straight into Neo4j with bulk ``UNWIND`` writes in the documented
graph shape (docs/graph-model.md: Patient:Passport, PatientRecord, a diagnosis Record AT
an Organization, Tumor with HAS_TUMOR and CONCERNS) — not through ingest, which has its
own benchmark. Run it on a Neo4j of its own, e.g.

    ONKO_DATA_DIR=.onkopassport/bench-analytics ONKO_NEO4J_BOLT_PORT=7704 \\
    ONKO_NEO4J_HEAP=1g ONKO_NEO4J_PAGECACHE=1g python bench/analytics.py --patients 100000

A region of the same size and seed already in the database is reused (`--rebuild` to
write it again).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.forms import build_form7
from analytics.session import AnalyticsSession, FrameCache
from graph.database import Graph
from graph.local_server import LocalNeo4j
from graph.schema import apply_schema
from onkopassport.settings import get_settings

DISTRICTS = [f"Район {n}" for n in range(1, 21)]
SITES = ["C34.1", "C50.4", "C18.7", "C61", "C16.2", "C44.3", "C20", "C25.0", "C64.0", "C67.9",
         "C53.9", "C54.1", "C56", "C73", "C43.5", "C22.0", "C15.5", "C32.0", "C71.9", "C85.9"]
STAGES = ["I", "II", "III", "IV", None]
STAGE_WEIGHTS = [30, 27, 20, 20, 3]
BATCH = 5000
TODAY = date(2026, 6, 30)

WRITE_ORGANIZATIONS = """
UNWIND $rows AS row
MERGE (d:District {name: row.district})
MERGE (o:Organization {oid: row.oid})
SET o.name = row.name, o.kind = row.kind, o.district = row.district
MERGE (o)-[:IN_DISTRICT]->(d)
"""
WRITE_PATIENTS = """
UNWIND $rows AS row
MATCH (d:District {name: row.district})
MATCH (o:Organization {oid: row.oid})
CREATE (p:Patient:Passport {patientId: row.patientId, family: row.family, given: row.given,
        sex: row.sex, birthDate: row.birthDate, district: row.district,
        deceasedOn: row.deceasedOn, passportSince: row.tumors[0].diagnosedOn})
CREATE (p)-[:LIVES_IN]->(d)
CREATE (pr:Record:PatientRecord {key: 'bench|Patient|' + row.patientId, source: 'bench',
        resourceType: 'Patient', resourceId: row.patientId, kind: 'patient',
        sex: row.sex, birthDate: row.birthDate, district: row.district, retracted: false})
CREATE (pr)-[:BELONGS_TO {reason: 'local-id', score: 1.0}]->(p)
WITH p, pr, o, row
UNWIND row.tumors AS tumor
CREATE (t:Tumor {tumorId: tumor.tumorId, icd10: tumor.icd10, site: left(tumor.icd10, 3),
        morphology: tumor.morphology, behaviour: right(tumor.morphology, 1),
        stage: tumor.stage, diagnosedOn: tumor.diagnosedOn, verification: 'confirmed',
        clinicalGroup: tumor.clinicalGroup, sequence: tumor.sequence,
        activeDetection: tumor.activeDetection})
CREATE (p)-[:HAS_TUMOR]->(t)
CREATE (r:Record:Event {key: 'bench|Condition|' + tumor.tumorId, source: 'bench',
        resourceType: 'Condition', resourceId: tumor.tumorId, kind: 'diagnosis',
        date: tumor.diagnosedOn, icd10: tumor.icd10, stage: tumor.stage,
        oncoSign: true, retracted: false})
CREATE (r)-[:SUBJECT]->(pr)
CREATE (r)-[:AT]->(o)
CREATE (r)-[:CONCERNS]->(t)
"""


def organizations() -> list[dict[str, Any]]:
    return [{"oid": f"1.2.643.5.1.13.13.12.99.{n}", "name": f"Онкологическая служба {n}",
             "kind": "oncology-dispensary" if n == 1 else "caop", "district": DISTRICTS[n - 1]}
            for n in range(1, 21)]


def patient_rows(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    orgs = organizations()
    for number in range(count):
        sex = rng.choice(["male", "female"])
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        # More recent diagnoses than old ones: the register keeps the survivors.
        first = TODAY - timedelta(days=int(rng.triangular(0, 15 * 365, 0)))
        stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
        hazard = {"I": 0.02, "II": 0.05, "III": 0.15, "IV": 0.6, None: 0.2}[stage]
        died_after = rng.expovariate(hazard) * 365
        deceased = first + timedelta(days=int(died_after))
        tumors = [{"tumorId": f"bench-{number}|1", "icd10": rng.choice(SITES),
                   "morphology": rng.choice(["8140/3", "8070/3", "8500/3", None]),
                   "stage": stage, "diagnosedOn": first, "sequence": 1,
                   "clinicalGroup": "IV" if stage == "IV" else rng.choice(["II", "III"]),
                   "activeDetection": rng.random() < 0.25}]
        if rng.random() < 0.08:  # a second primary
            second = first + timedelta(days=rng.randrange(30, 2000))
            if second <= TODAY:
                tumors.append({**tumors[0], "tumorId": f"bench-{number}|2",
                               "icd10": rng.choice(SITES), "diagnosedOn": second,
                               "sequence": 2, "stage": rng.choices(STAGES, STAGE_WEIGHTS)[0]})
        org = orgs[rng.randrange(len(orgs))]
        yield {"patientId": f"bench-{number}", "family": f"Фамилия{number}", "given": "Имя",
               "sex": sex, "birthDate": birth, "district": org["district"], "oid": org["oid"],
               "deceasedOn": deceased if deceased <= TODAY else None, "tumors": tumors}


def build_region(graph: Graph, count: int, seed: int) -> float:
    started = time.perf_counter()
    graph.write_text("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    graph.write_text(WRITE_ORGANIZATIONS, rows=organizations())
    batch: list[dict[str, Any]] = []
    for row in patient_rows(count, seed):
        batch.append(row)
        if len(batch) == BATCH:
            graph.write_text(WRITE_PATIENTS, rows=batch)
            batch = []
    if batch:
        graph.write_text(WRITE_PATIENTS, rows=batch)
    graph.write_text("MERGE (m:BenchRegion {name: 'analytics'}) SET m.patients = $n, m.seed = $s",
                     n=count, s=seed)
    return time.perf_counter() - started


def timed(work: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    settings = get_settings()
    if settings.uses_local_neo4j:
        LocalNeo4j(settings).start()
    graph = Graph.connect(settings)
    try:
        apply_schema(graph)
        marker = graph.read_text("MATCH (m:BenchRegion {name: 'analytics'}) "
                                 "RETURN m.patients AS n, m.seed AS s")
        if args.rebuild or not marker or (marker[0]["n"], marker[0]["s"]) != (args.patients,
                                                                             args.seed):
            print(f"setup: writing {args.patients:,} patients with bulk UNWIND writes in the "
                  "documented graph shape (not through ingest) …", flush=True)
            print(f"setup: done in {build_region(graph, args.patients, args.seed):.1f} s")
        else:
            print(f"setup: reusing the region of {args.patients:,} patients already written")
        counts = graph.read_text(
            "MATCH (p:Passport) WITH count(p) AS patients "
            "MATCH (t:Tumor) RETURN patients, count(t) AS tumors")[0]
        print(f"region: {counts['patients']:,} passport patients, {counts['tumors']:,} tumours")
        # On a shared machine wall times depend on the neighbours: say how busy it was.
        print("machine: {} CPUs, load average {:.1f} / {:.1f} / {:.1f}".format(
            os.cpu_count(), *os.getloadavg()))

        form_times, table = timed(lambda: build_form7(graph, args.year), args.runs)
        total = table.rows[0].values["total"]
        print(f"form 7 for {args.year} ({total:,} new cases): "
              f"median {statistics.median(form_times):.2f} s, "
              f"best {min(form_times):.2f} s, first {form_times[0]:.2f} s (target < 3 s)")

        dash_times, dash = timed(
            lambda: AnalyticsSession(graph).dashboard(args.year, today=TODAY), args.runs)
        headline = ", ".join(f"{v.code}={v.numerator}/{v.denominator}"
                             for v in dash["indicators"][:3])
        print(f"dashboard for {args.year}, cold (reads the graph: {len(dash['indicators'])} "
              f"indicators, monthly dynamics, sanity ratio; {headline}): "
              f"median {statistics.median(dash_times):.2f} s, best {min(dash_times):.2f} s "
              "(target < 1 s)")
        cache = FrameCache()
        cache.get(graph, args.year)  # what the first viewer of the day pays
        warm_times, _ = timed(
            lambda: AnalyticsSession(graph, cache).dashboard(args.year, today=TODAY), args.runs)
        print(f"dashboard for {args.year}, warm (the API's 5-minute frame cache): "
              f"median {statistics.median(warm_times):.3f} s, best {min(warm_times):.3f} s "
              "(target < 1 s)")
        print(f"python CPU time of this process: {time.process_time():.1f} s; "
              "machine load average now {:.1f}".format(os.getloadavg()[0]))
    finally:
        graph.close()


if __name__ == "__main__":
    main()
