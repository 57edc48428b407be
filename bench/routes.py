"""Benchmark of issue 5: worklist, one patient's route and a record's refresh at scale.

Builds (or reuses) a region of ≥ 100 000 passport patients on its own Neo4j, derives the
pathway layer with `pathway.refresh_all`, then measures and prints:
  * the whole region's worklist, first page (target < 1 s),
  * one patient's route, p50 / p95 (target < 50 ms),
  * a record arriving → that patient's route, deadlines and gaps refreshed (target < 1 s).

Setup writes the documented record/identity shape with bulk UNWIND queries
(cypher/write_bench_patients.cypher), not through the FHIR ingest.

    ONKO_NEO4J_HEAP=2g ONKO_NEO4J_PAGECACHE=2g python bench/routes.py [--patients 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("ONKO_DATA_DIR", ".onkopassport/bench-routes")
os.environ.setdefault("ONKO_NEO4J_BOLT_PORT", "7762")
os.environ.setdefault("ONKO_NEO4J_HEAP", "2g")
os.environ.setdefault("ONKO_NEO4J_PAGECACHE", "2g")

TODAY = date(2026, 11, 2)

DISTRICTS = [f"Район {n:02d}" for n in range(1, 21)]
SITES = ["C50.4", "C34.1", "C61", "C44.3", "C18.2", "C20", "C16.2", "C64", "C67.9", "C53.9"]
DISPENSARY = "bench.dispensary"
LABORATORY = "bench.laboratory"
STEPS = [  # kind, careStage, where, mean delay in days after the previous step
    ("referral", "suspicion", "polyclinic", 0),
    ("consultation", "diagnostics", "caop", 3),
    ("instrumental", "diagnostics", "caop", 4),
    ("pathology", "diagnosis", "laboratory", 8),
    ("diagnosis", "diagnosis", "caop", 1),
    ("notification-090", "diagnosis", "caop", 1),
    ("dispensary-observation", "dispensary", "caop", 2),
    ("tumor-board", "treatment", "dispensary", 2),
    ("surgery", "treatment", "dispensary", 6),
    ("dispensary-observation", "dispensary", "caop", 80),
    ("dispensary-observation", "dispensary", "caop", 90),
]


def organisations() -> list[dict[str, Any]]:
    orgs = [{"oid": DISPENSARY, "name": "Онкодиспансер", "kind": "oncology-dispensary",
             "district": DISTRICTS[0],
             "caps": ["ct", "pathology", "tumor-board", "surgery", "chemotherapy"]},
            {"oid": LABORATORY, "name": "Патбюро", "kind": "laboratory",
             "district": DISTRICTS[0], "caps": ["pathology"]}]
    for n, district in enumerate(DISTRICTS):
        orgs.append({"oid": f"bench.poly.{n}", "name": f"Поликлиника {district}",
                     "kind": "polyclinic", "district": district, "caps": []})
        orgs.append({"oid": f"bench.caop.{n}", "name": f"ЦАОП {district}", "kind": "caop",
                     "district": district, "caps": ["ct", "biopsy"]})
    return orgs


def _where(kind: str, district_index: int) -> str:
    return {"polyclinic": f"bench.poly.{district_index}", "caop": f"bench.caop.{district_index}",
            "laboratory": LABORATORY, "dispensary": DISPENSARY}[kind]


def patient_row(n: int, today: date, rng: random.Random) -> dict[str, Any]:
    """One passport patient: a pathway started up to three years before `today`."""
    district_index = rng.randrange(len(DISTRICTS))
    icd10 = rng.choice(SITES)
    length = len(STEPS) if rng.random() < 0.7 else rng.randint(1, len(STEPS) - 1)
    day = today - timedelta(days=rng.randint(5, 3 * 365))
    records = []
    for index, (kind, stage, where, delay) in enumerate(STEPS[:length]):
        day += timedelta(days=max(0, round(rng.expovariate(1 / delay)) if delay else 0))
        if day > today:
            break
        props: dict[str, Any] = {"careStage": stage, "icd10": icd10 if index else "Z03.1"}
        if kind == "pathology":
            props |= {"morphology": "8140/3", "behaviour": "3"}
        if kind == "diagnosis":
            props |= {"verification": "confirmed", "stage": rng.choice(["I", "II", "III"])}
        if kind == "dispensary-observation":
            props |= {"dispensaryRegistration": index == 6, "dispensaryVisit": index > 6}
        records.append({"key": f"bench|Encounter|{n}-{index}", "kind": kind, "date": day,
                        "props": props, "at": _where(where, district_index)})
    diagnosed = next((r["date"] for r in records if r["kind"] == "diagnosis"), None)
    return {
        "patientId": f"bench-{n:06d}", "district": DISTRICTS[district_index],
        "family": "Пациентов", "given": f"Пациент {n}", "sex": rng.choice(["male", "female"]),
        "birthDate": date(1940, 1, 1) + timedelta(days=rng.randint(0, 16000)),
        "records": records,
        "tumor": {"tumorId": f"bench-{n:06d}|{icd10[:3]}|1", "icd10": icd10, "stage": "II",
                  "diagnosedOn": diagnosed} if diagnosed else None,
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def build_region(graph: Any, patients: int, batch: int = 1000, start: int = 0) -> None:
    from graph.database import batched

    graph.write_text(
        """
        UNWIND $orgs AS org
        MERGE (o:Organization {oid: org.oid})
        SET o.name = org.name, o.kind = org.kind, o.district = org.district
        MERGE (d:District {name: org.district})
        MERGE (o)-[:IN_DISTRICT]->(d)
        WITH o, org
        UNWIND org.caps AS code
        MERGE (c:Capability {code: code})
        MERGE (o)-[:CAN]->(c)
        """, orgs=organisations())
    rng = random.Random(5 + start)
    rows = (patient_row(n, TODAY, rng) for n in range(start, patients))
    started = time.perf_counter()
    for index, chunk in enumerate(batched(rows, batch), start=1):
        graph.write_rows("write_bench_patients", chunk)
        if index % 10 == 0:
            print(f"  setup: {index * batch:>7} patients written "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)


def _add_record(graph: Any, patient_id: str, n: int) -> None:  # n unique per run
    """What ingest does for one arriving record (documented shape)."""
    graph.write_text(
        """
        MATCH (:Patient {patientId: $id})<-[:BELONGS_TO]-(pr:PatientRecord)
        MATCH (o:Organization {oid: 'bench.dispensary'})
        CREATE (r:Record {key: $key, kind: 'consultation', date: $on, source: 'bench',
                          careStage: 'dispensary', retracted: false, placeholder: false,
                          oncoSign: true})
        CREATE (r)-[:SUBJECT]->(pr)
        CREATE (r)-[:AT]->(o)
        """, id=patient_id, key=f"bench|Encounter|arrival-{n}", on=TODAY - timedelta(days=1))


def measure(graph: Any, patients: int) -> None:
    from pathway import refresh_patients
    from pathway.patient_view import patient_route
    from pathway.worklist import WorklistFilter, worklist_page
    from pathway.worklist_sort import WorklistSort

    rng = random.Random(11)
    run = int(time.time())  # arrivals of a rerun on a reused region get keys of their own
    ids = [f"bench-{rng.randrange(patients):06d}" for _ in range(200)]
    for _ in range(3):  # warm the plan cache and the page cache
        worklist_page(graph, None, first=50)
        patient_route(graph, None, ids[0])
    page = [_timed(lambda: worklist_page(graph, None, first=50)) for _ in range(20)]
    counted = [_timed(lambda: worklist_page(graph, None, first=50, with_total=True))
               for _ in range(5)]
    north = WorklistFilter(district=DISTRICTS[3], site="C50")
    district = [_timed(lambda: worklist_page(graph, None, north, first=50)) for _ in range(5)]
    # A column sort ranks every gap in scope (no index order): by name, then its next page.
    by_name = WorklistSort("patient", descending=True)
    sorted_pages = [_timed(lambda: worklist_page(graph, None, sort=by_name, first=50))
                    for _ in range(5)]
    after = worklist_page(graph, None, sort=by_name, first=50).end_cursor
    sorted_pages += [_timed(lambda: worklist_page(graph, None, sort=by_name, first=50,
                                                  after=after)) for _ in range(5)]
    routes = [_timed(lambda pid=pid: patient_route(graph, None, pid)) for pid in ids]
    arrivals = []
    for n, pid in enumerate(ids[:30]):
        _add_record(graph, pid, run * 1000 + n)
        arrivals.append(_timed(lambda pid=pid: refresh_patients(graph, [pid], TODAY)))
    total = worklist_page(graph, None, first=1, with_total=True).total
    print(f"\nworklist gaps in the region: {total}")
    for label, samples, target in [
        ("worklist, first page of 50 (whole region)", page, 1.0),
        ("worklist, first page + totalCount", counted, 1.0),
        ("worklist, one district × one site", district, 1.0),
        ("worklist sorted by patient, a page of 50", sorted_pages, 1.0),
        ("one patient's route (200 patients)", routes, 0.05),
        ("record arrives → patient refreshed (30)", arrivals, 1.0),
    ]:
        p50, p95 = _percentiles(samples)
        verdict = "OK" if p95 < target else "SLOW"
        print(f"{label:45s} p50 {_ms(p50)}  p95 {_ms(p95)}  target < {target * 1000:.0f} ms"
              f"  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="wipe and rebuild the region")
    parser.add_argument("--batch", type=int, default=1000, help="refresh_all batch size")
    args = parser.parse_args()

    from graph.database import Graph
    from graph.local_server import LocalNeo4j
    from graph.schema import apply_schema
    from onkopassport.settings import Settings
    from pathway import refresh_all, refresh_patients

    settings = Settings()
    LocalNeo4j(settings).start()
    graph = Graph.connect(settings)
    apply_schema(graph)
    print(f"Neo4j {graph.server_version()} at {settings.local_bolt_uri}, heap "
          f"{settings.neo4j_heap}, page cache {settings.neo4j_pagecache}; today = {TODAY}")
    existing = graph.read_text("MATCH (p:Passport) RETURN count(p) AS n")[0]["n"]
    if existing and existing < args.patients and not args.rebuild:
        print(f"setup: extending the region from {existing} to {args.patients} passport "
              "patients by bulk UNWIND writes of the documented graph shape")
        elapsed = _timed(lambda: build_region(graph, args.patients, start=existing))
        print(f"setup: {args.patients - existing} patients written in {elapsed:.0f} s")
        new_ids = [f"bench-{n:06d}" for n in range(existing, args.patients)]
        started = time.perf_counter()
        summary = refresh_patients(graph, new_ids, TODAY, batch_size=args.batch)
        elapsed = time.perf_counter() - started
        print(f"refresh_patients of the new ones: {summary.patients} patients, "
              f"{summary.gaps} gaps in {elapsed:.0f} s ({summary.patients / elapsed:.0f}/s)")
    elif args.rebuild or existing < args.patients:
        if existing:
            with graph.driver.session(database=graph.database) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS "
                            "OF 10000 ROWS").consume()  # implicit: batches commit
        print(f"setup: {args.patients} passport patients by bulk UNWIND writes of the "
              "documented graph shape (not through the FHIR ingest)")
        elapsed = _timed(lambda: build_region(graph, args.patients))
        print(f"setup: region written in {elapsed:.0f} s")
        started = time.perf_counter()
        summary = refresh_all(graph, TODAY, batch_size=args.batch,
                              progress=lambda n: print(f"  refresh_all: {n} patients "
                                                       f"({time.perf_counter() - started:.0f} s)",
                                                       flush=True) if n % 10000 == 0 else None)
        elapsed = time.perf_counter() - started
        print(f"refresh_all: {summary.patients} patients, {summary.events} events, "
              f"{summary.deadlines} deadlines, {summary.gaps} gaps, {summary.notifications} "
              f"notifications in {elapsed:.0f} s ({summary.patients / elapsed:.0f} patients/s)")
        print(f"gaps by kind: {dict(sorted(summary.gap_kinds.items()))}")
    else:
        print(f"reusing the region already built: {existing} passport patients")
    measure(graph, args.patients)
    graph.close()


if __name__ == "__main__":
    main()
